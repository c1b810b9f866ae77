import fs from 'node:fs';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ProviderError, type ProviderContext } from '../types';
import type { PontoConfig, PontoCredentials } from './config';
import { PontoHttpError } from './errors';

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  token_type?: string;
}

function retryAfter(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(Date.now() + seconds * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toError(response: AxiosResponse): PontoHttpError {
  const body = (response.data ?? {}) as {
    errors?: Array<{ code?: string; detail?: string }>;
    error?: string;
    error_description?: string;
  };
  const codes = body.errors?.map((e) => e.code).filter((c): c is string => Boolean(c)) ?? (body.error ? [body.error] : []);
  const detail = body.errors?.[0]?.detail ?? body.error_description ?? response.statusText ?? 'error';
  return new PontoHttpError(
    response.status,
    codes,
    detail,
    response.headers['ibanity-request-id'] as string | undefined,
    retryAfter(response.headers['retry-after']),
  );
}

/**
 * Ponto Connect over HTTP: OAuth2 tokens (refresh tokens rotated and stored at once),
 * bearer calls with one refresh-and-retry on 401, JSON:API errors turned into
 * PontoHttpError with Ponto's request id. URLs are the configured API's only: a link from
 * a response pointing elsewhere is refused, so a token never leaves for another host.
 */
export class PontoClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: PontoConfig,
    private readonly ctx: ProviderContext,
  ) {
    const tls = config.tls;
    // PEM text, or the path of a PEM file.
    const pem = (value: string | undefined) => (value && !value.includes('-----BEGIN') ? fs.readFileSync(value, 'utf8') : value);
    this.http = axios.create({
      timeout: config.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      httpsAgent: tls
        ? new https.Agent({ cert: pem(tls.cert), key: pem(tls.key), passphrase: tls.passphrase, ca: pem(tls.ca) })
        : undefined,
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

  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { data?: unknown; headers?: Record<string, string>; params?: Record<string, unknown> },
  ) {
    try {
      return await this.http.request({ method, url, data: options.data, headers: options.headers, params: options.params });
    } catch (error) {
      throw new PontoHttpError(0, [], (error as Error).message, undefined, undefined);
    }
  }

  /** POST /oauth2/token with HTTP Basic client authentication. */
  async token(form: Record<string, string>, client = this.client()): Promise<TokenResponse> {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const response = await this.send('POST', this.url('/oauth2/token'), {
      data: new URLSearchParams(form).toString(),
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (response.status >= 400) throw toError(response);
    const body = response.data as TokenResponse;
    if (!body?.access_token)
      throw new PontoHttpError(response.status, ['invalid_token_response'], 'no access_token in the answer', undefined, undefined);
    return body;
  }

  /** Stores a token answer: the newest refresh token replaces the old one at once. */
  private async remember(token: TokenResponse): Promise<string> {
    const next: PontoCredentials = {
      ...this.creds,
      accessToken: token.access_token,
      accessTokenExpiresAt: Date.now() + Math.max(0, (token.expires_in ?? 0) - 30) * 1000,
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
      accessTokenExpiresAt: Date.now() + Math.max(0, (token.expires_in ?? 0) - 30) * 1000,
    };
  }

  /** A bearer call; on 401 the token is refreshed once and the call repeated. */
  async request<T>(
    method: 'GET' | 'POST',
    pathOrUrl: string,
    options: { params?: Record<string, unknown>; data?: unknown } = {},
  ): Promise<T> {
    const url = this.url(pathOrUrl);
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken(attempt > 0);
      const response = await this.send(method, url, {
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
      return response.data as T;
    }
  }

  /** Public call without a token (the institution list). */
  async publicGet<T>(pathOrUrl: string, params?: Record<string, unknown>): Promise<T> {
    const response = await this.send('GET', this.url(pathOrUrl), { params });
    if (response.status >= 400) throw toError(response);
    return response.data as T;
  }
}
