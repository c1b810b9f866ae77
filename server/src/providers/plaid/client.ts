import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { retryAfterTime, retryWhenRateLimited, type RateLimitPolicy } from '../rate-limit';
import { expectShape } from '../response-shape';
import { ProviderError, type ProviderContext } from '../types';
import type { PlaidConfig, PlaidCredentials } from './config';
import { PlaidHttpError } from './errors';
import { plaidErrorSchema } from './schemas';

/** The API version every call names (reference §2.1). */
export const PLAID_VERSION = '2020-09-14';

function toError(response: AxiosResponse): PlaidHttpError {
  const parsed = plaidErrorSchema.safeParse(response.data);
  const body = parsed.success ? parsed.data : null;
  return new PlaidHttpError(
    response.status,
    body?.error_type ?? null,
    body?.error_code ?? null,
    body?.error_code_reason ?? null,
    body?.error_message ?? response.statusText ?? 'error',
    body?.request_id ?? undefined,
    retryAfterTime(response.headers['retry-after']),
  );
}

/** Plaid's limits are per minute and its 429s name no time (§2.6): a minute's wait, up to 3 calls in all. */
const RATE_LIMIT: RateLimitPolicy = {
  rateLimited: (error) => (error instanceof PlaidHttpError && error.status === 429 ? { retryAfter: error.retryAfter } : null),
  defaultWaitSeconds: 60,
  maxAttempts: 3,
};

/**
 * Plaid over HTTP (§2.1): every call a POST with a JSON body to the configured API, the keys in
 * the PLAID-CLIENT-ID / PLAID-SECRET headers (never in a URL or a log), `Plaid-Version` named,
 * short 429s waited out, every answer checked against its schema, PlaidErrors turned into
 * PlaidHttpError with Plaid's request id.
 */
export class PlaidClient {
  private readonly http: AxiosInstance;

  constructor(
    readonly config: PlaidConfig,
    private readonly ctx: Pick<ProviderContext, 'credentials' | 'waitForRetry'>,
    private readonly keys?: { clientId: string; clientSecret: string },
  ) {
    this.http = axios.create({
      baseURL: config.apiUrl.replace(/\/+$/, ''),
      timeout: config.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Plaid-Version': PLAID_VERSION },
    });
  }

  get creds(): PlaidCredentials {
    return (this.ctx.credentials ?? {}) as PlaidCredentials;
  }

  /** The API keys: given, the connection's own (Update Credentials), or the configuration's. */
  apiKeys(): { clientId: string; clientSecret: string } {
    if (this.keys) return this.keys;
    const clientId = this.creds.clientId ?? this.config.clientId;
    const clientSecret = this.creds.clientSecret ?? this.config.clientSecret;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'config',
        code: 'plaid_no_keys',
        message:
          'Plaid needs a client ID and secret: set providers.plaid.clientId and clientSecret (or in Settings), or enter them with Update Credentials.',
      });
    }
    return { clientId, clientSecret };
  }

  /** The Item's access token, or a `reauth` failure when the connection has none. */
  accessToken(): string {
    const token = this.creds.accessToken;
    if (!token) {
      throw new ProviderError({
        class: 'reauth',
        code: 'plaid_not_linked',
        message: 'This Plaid connection has no linked Item: use Reconnect to link the bank through Plaid.',
      });
    }
    return token;
  }

  private async send(path: string, body: Record<string, unknown>): Promise<AxiosResponse> {
    const { clientId, clientSecret } = this.apiKeys();
    try {
      return await this.http.post(path, body, { headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': clientSecret } });
    } catch (error) {
      // axios' message names no header; the config it carries is not kept.
      throw new PlaidHttpError(0, null, null, null, (error as Error).message, undefined, undefined);
    }
  }

  /** POST `path`, its answer in the shape of `schema`; a rate limit that outlasts the run's waits backs off `rateLimitBackoffMinutes`. */
  async post<S extends z.ZodTypeAny>(path: string, body: Record<string, unknown>, schema: S): Promise<z.output<S>> {
    let response: AxiosResponse;
    try {
      response = await retryWhenRateLimited(
        this.ctx,
        async () => {
          const answer = await this.send(path, body);
          if (answer.status === 429) throw toError(answer);
          return answer;
        },
        RATE_LIMIT,
      );
    } catch (error) {
      if (error instanceof PlaidHttpError && error.status === 429 && !error.retryAfter) {
        const until = new Date(Date.now() + this.config.rateLimitBackoffMinutes * 60_000);
        throw new PlaidHttpError(429, error.errorType, error.errorCode, error.errorCodeReason, error.detail, error.requestId, until);
      }
      throw error;
    }
    if (response.status >= 400) throw toError(response);
    return expectShape(schema, response.data, {
      provider: 'Plaid',
      code: 'plaid_malformed_response',
      request: `POST ${path}`,
      reference: (response.data as { request_id?: string } | null)?.request_id,
    });
  }
}
