import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { retryAfterTime, retryWhenRateLimited, type RateLimitPolicy } from '../rate-limit';
import { expectShape } from '../response-shape';
import { tokenRefreshAt } from '../token-lifetime';
import { ProviderError, type ProviderContext } from '../types';
import type { YodleeConfig, YodleeCredentials } from './config';
import { YodleeHttpError } from './errors';
import { errorBodySchema, tokenAnswerSchema, type TokenAnswer } from './schemas';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface SendOptions {
  data?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string | number | undefined>;
}

/** Every call names the API version it speaks (§4.1). */
const API_VERSION = '1.1';
/** Access token lifetime assumed when the answer gives none (commonly 1800 s, §4.1). */
const DEFAULT_TOKEN_SECONDS = 1800;

function toError(response: AxiosResponse): YodleeHttpError {
  const parsed = errorBodySchema.safeParse(response.data);
  const body = parsed.success ? parsed.data : {};
  return new YodleeHttpError(
    response.status,
    body.errorCode ?? null,
    body.errorMessage ?? response.statusText ?? 'error',
    body.referenceCode,
    retryAfterTime(response.headers['retry-after']),
  );
}

/** A 429 is waited out within the run when short (the engine decides), up to 4 calls in all. */
const RATE_LIMIT: RateLimitPolicy = {
  rateLimited: (error) => (error instanceof YodleeHttpError && error.status === 429 ? { retryAfter: error.retryAfter } : null),
  defaultWaitSeconds: 10,
  maxAttempts: 4,
};

/** Tokens of logins whose token is not stored with a connection (the admin login): per API, client and login. */
const memoryTokens = new Map<string, { token: string; refreshAt: number }>();

/**
 * Yodlee API v1.1 over HTTP for one login name: client-credentials tokens (`POST /auth/token`
 * with the `loginName` header; a connection's token is stored with its credentials, the admin's
 * kept in memory), bearer calls with one new token and retry on 401 (Y008), short 429s waited
 * out, every answer checked against its schema, `{errorCode, errorMessage, referenceCode}`
 * turned into YodleeHttpError.
 */
export class YodleeClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: YodleeConfig,
    private readonly ctx: ProviderContext,
    private readonly loginName: string,
    /** Store the token with the connection's credentials (false: in memory). */
    private readonly storeWithConnection: boolean,
  ) {
    this.http = axios.create({
      timeout: config.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      headers: { Accept: 'application/json', 'Api-Version': API_VERSION },
    });
  }

  private client(): { clientId: string; secret: string } {
    const { clientId, clientSecret } = this.config;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'config',
        code: 'yodlee_no_client',
        message:
          'Yodlee has no Client ID and secret: set providers.yodlee.clientId and clientSecret, or enter them in Settings → Bank Sync.',
      });
    }
    return { clientId, secret: clientSecret };
  }

  private url(path: string): string {
    return `${this.config.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  /** One HTTP exchange; a network failure is a YodleeHttpError of status 0. */
  private async send(method: Method, url: string, options: SendOptions): Promise<AxiosResponse> {
    try {
      return await this.http.request({ method, url, data: options.data, headers: options.headers, params: options.params });
    } catch (error) {
      throw new YodleeHttpError(0, null, (error as Error).message, undefined, undefined);
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

  private shape<S extends z.ZodTypeAny>(schema: S, response: AxiosResponse, method: Method, path: string): z.output<S> {
    const reference = (response.data as { referenceCode?: unknown } | null)?.referenceCode;
    return expectShape(schema, response.data, {
      provider: 'Yodlee',
      code: 'yodlee_malformed_response',
      request: `${method} ${path}`,
      reference: typeof reference === 'string' ? reference : undefined,
    });
  }

  /** POST /auth/token for this login name (an unknown user login is registered by it, §4.1). */
  async token(): Promise<TokenAnswer> {
    const { clientId, secret } = this.client();
    const response = await this.exchange('POST', this.url('/auth/token'), {
      data: new URLSearchParams({ clientId, secret }).toString(),
      headers: { loginName: this.loginName, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (response.status >= 400) throw toError(response);
    return this.shape(tokenAnswerSchema, response, 'POST', '/auth/token');
  }

  private memoryKey(): string {
    return `${this.config.apiUrl}|${this.config.clientId ?? ''}|${this.loginName}`;
  }

  /** A valid access token for this login name: the one kept, or a new one. */
  async accessToken(force = false): Promise<string> {
    if (this.storeWithConnection) {
      const creds = (this.ctx.credentials ?? {}) as YodleeCredentials;
      if (!force && creds.accessToken && (creds.accessTokenExpiresAt ?? 0) > Date.now()) return creds.accessToken;
    } else {
      const kept = memoryTokens.get(this.memoryKey());
      if (!force && kept && kept.refreshAt > Date.now()) return kept.token;
    }
    const answer = await this.token();
    const { accessToken, expiresIn } = answer.token;
    const refreshAt = tokenRefreshAt(expiresIn ?? DEFAULT_TOKEN_SECONDS);
    if (this.storeWithConnection) {
      const next: YodleeCredentials = {
        ...(this.ctx.credentials as YodleeCredentials | null),
        accessToken,
        accessTokenExpiresAt: refreshAt,
      };
      this.ctx.credentials = next as Record<string, unknown>;
      await this.ctx.saveCredentials(next as Record<string, unknown>);
    } else {
      memoryTokens.set(this.memoryKey(), { token: accessToken, refreshAt });
    }
    return accessToken;
  }

  /** A bearer call, its answer in the shape of `schema`; on 401 a new token is taken once and the call repeated. */
  async request<S extends z.ZodTypeAny>(
    method: Method,
    path: string,
    schema: S,
    options: { params?: Record<string, string | number | undefined>; data?: unknown } = {},
  ): Promise<z.output<S>> {
    const url = this.url(path);
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken(attempt > 0);
      const response = await this.exchange(method, url, {
        params: options.params,
        data: options.data,
        headers: { Authorization: `Bearer ${token}`, ...(options.data !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      });
      if (response.status === 401 && attempt === 0) {
        this.ctx.log.debug('Yodlee refused the access token, taking a new one');
        continue;
      }
      if (response.status >= 400) throw toError(response);
      return this.shape(schema, response, method, path);
    }
  }
}
