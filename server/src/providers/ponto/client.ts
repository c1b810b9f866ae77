import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { retryAfterTime, retryWhenRateLimited, type RateLimitPolicy } from '../rate-limit';
import { expectShape } from '../response-shape';
import { tlsAgent } from '../tls-agent';
import { tokenRefreshAt } from '../token-lifetime';
import { ProviderError, type ProviderContext } from '../types';
import type { PontoConfig, PontoCredentials } from './config';
import { PontoHttpError } from './errors';
import { errorDocumentSchema, tokenAnswerSchema, type TokenAnswer } from './schemas';

type Method = 'GET' | 'POST' | 'DELETE';
interface SendOptions {
  data?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
}

function toError(response: AxiosResponse): PontoHttpError {
  const parsed = errorDocumentSchema.safeParse(response.data);
  const body = parsed.success ? parsed.data : {};
  const codes = body.errors?.map((e) => e.code).filter((c): c is string => Boolean(c)) ?? (body.error ? [body.error] : []);
  const detail = body.errors?.[0]?.detail ?? body.error_description ?? response.statusText ?? 'error';
  return new PontoHttpError(
    response.status,
    codes,
    detail,
    response.headers['ibanity-request-id'] as string | undefined,
    retryAfterTime(response.headers['retry-after']),
  );
}

/** A 429 is waited out within the run when short (the engine decides), up to 4 calls in all. */
const RATE_LIMIT: RateLimitPolicy = {
  rateLimited: (error) => (error instanceof PontoHttpError && error.status === 429 ? { retryAfter: error.retryAfter } : null),
  defaultWaitSeconds: 10,
  maxAttempts: 4,
};

/** Access token lifetime assumed when the token answer gives none (Ponto's is 1799 s). */
const DEFAULT_TOKEN_SECONDS = 1799;

/**
 * Ponto Connect over HTTP: OAuth2 tokens (refresh tokens rotated and stored at once),
 * bearer calls with one refresh-and-retry on 401, short 429s waited out, every answer
 * checked against its schema, JSON:API errors turned into PontoHttpError with Ponto's
 * request id. URLs are the configured API's only: a link from a response pointing
 * elsewhere is refused, so a token never leaves for another host.
 */
export class PontoClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: PontoConfig,
    private readonly ctx: ProviderContext,
  ) {
    this.http = axios.create({
      timeout: config.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      httpsAgent: tlsAgent(config.tls),
      headers: { Accept: 'application/vnd.api+json, application/json' },
    });
  }

  get creds(): PontoCredentials {
    return (this.ctx.credentials ?? {}) as PontoCredentials;
  }

  client(): { clientId: string; clientSecret: string } {
    const clientId = this.creds.clientId ?? this.config.clientId;
    const clientSecret = this.creds.clientSecret ?? this.config.clientSecret;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'config',
        code: 'ponto_no_client',
        message: 'This Ponto connection has no Client ID and Secret: enter them with Update Credentials.',
      });
    }
    return { clientId, clientSecret };
  }

  /** An absolute URL on the configured API. */
  url(pathOrUrl: string): string {
    const base = this.config.apiUrl.replace(/\/+$/, '');
    if (!/^https?:\/\//.test(pathOrUrl)) return `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
    if (!pathOrUrl.startsWith(`${base}/`) && pathOrUrl !== base) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'ponto_foreign_link',
        message: `Ponto returned a link outside ${base}; refused.`,
      });
    }
    return pathOrUrl;
  }

  /** One HTTP exchange; a network failure is a PontoHttpError of status 0. */
  private async send(method: Method, url: string, options: SendOptions): Promise<AxiosResponse> {
    try {
      return await this.http.request({ method, url, data: options.data, headers: options.headers, params: options.params });
    } catch (error) {
      throw new PontoHttpError(0, [], (error as Error).message, undefined, undefined);
    }
  }

  /** One exchange, repeated after a short 429 (see RATE_LIMIT). */
  private exchange(method: Method, url: string, options: SendOptions): Promise<AxiosResponse> {
    return retryWhenRateLimited(
      this.ctx,
      async () => {
        const response = await this.send(method, url, options);
        if (response.status === 429) throw toError(response);
        return response;
      },
      RATE_LIMIT,
    );
  }

  /** The answer's body in the shape of `schema`, or a ProviderError `ponto_malformed_response`. */
  private shape<S extends z.ZodTypeAny>(schema: S, response: AxiosResponse, method: Method, url: string): z.output<S> {
    return expectShape(schema, response.data, {
      provider: 'Ponto',
      code: 'ponto_malformed_response',
      request: `${method} ${new URL(url).pathname}`,
      reference: response.headers['ibanity-request-id'] as string | undefined,
    });
  }

  /** POST /oauth2/token with HTTP Basic client authentication. */
  async token(form: Record<string, string>, client = this.client()): Promise<TokenAnswer> {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const url = this.url('/oauth2/token');
    const response = await this.exchange('POST', url, {
      data: new URLSearchParams(form).toString(),
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (response.status >= 400) throw toError(response);
    return this.shape(tokenAnswerSchema, response, 'POST', url);
  }

  /** When a token answered now should be replaced (a share of its lifetime before it ends). */
  private static refreshAt(token: TokenAnswer): number {
    return tokenRefreshAt(token.expires_in ?? DEFAULT_TOKEN_SECONDS);
  }

  /** Stores a token answer: the newest refresh token replaces the old one at once. */
  private async remember(token: TokenAnswer): Promise<string> {
    const next: PontoCredentials = {
      ...this.creds,
      accessToken: token.access_token,
      accessTokenExpiresAt: PontoClient.refreshAt(token),
      ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    };
    this.ctx.credentials = next as Record<string, unknown>;
    await this.ctx.saveCredentials(next as Record<string, unknown>);
    return token.access_token;
  }

  async accessToken(force = false): Promise<string> {
    const creds = this.creds;
    if (!force && creds.accessToken && (creds.accessTokenExpiresAt ?? 0) > Date.now()) return creds.accessToken;
    const client = this.client();
    const form: Record<string, string> = creds.refreshToken
      ? { grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: client.clientId }
      : { grant_type: 'client_credentials' };
    return this.remember(await this.token(form, client));
  }

  /** Exchanges the consent callback's code (PKCE) for tokens. */
  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<PontoCredentials> {
    const client = this.client();
    const token = await this.token(
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: client.clientId, code_verifier: codeVerifier },
      client,
    );
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken: token.refresh_token,
      accessToken: token.access_token,
      accessTokenExpiresAt: PontoClient.refreshAt(token),
    };
  }

  /** A bearer call, its answer in the shape of `schema`; on 401 the token is refreshed once and the call repeated. */
  async request<S extends z.ZodTypeAny>(
    method: 'GET' | 'POST',
    pathOrUrl: string,
    schema: S,
    options: { params?: Record<string, unknown>; data?: unknown } = {},
  ): Promise<z.output<S>> {
    const url = this.url(pathOrUrl);
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken(attempt > 0);
      const response = await this.exchange(method, url, {
        params: options.params,
        data: options.data,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(options.data ? { 'Content-Type': 'application/vnd.api+json' } : {}),
        },
      });
      if (response.status === 401 && attempt === 0) {
        this.ctx.log.debug('access token refused, refreshing it once');
        continue;
      }
      if (response.status >= 400) throw toError(response);
      return this.shape(schema, response, method, url);
    }
  }

  /** Public call without a token (financial institutions), its answer in the shape of `schema`. */
  async publicGet<S extends z.ZodTypeAny>(pathOrUrl: string, schema: S, params?: Record<string, unknown>): Promise<z.output<S>> {
    const url = this.url(pathOrUrl);
    const response = await this.exchange('GET', url, { params });
    if (response.status >= 400) throw toError(response);
    return this.shape(schema, response, 'GET', url);
  }
}
