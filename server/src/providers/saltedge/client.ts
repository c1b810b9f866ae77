import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { retryAfterTime, retryWhenRateLimited, type RateLimitPolicy } from '../rate-limit';
import { expectShape } from '../response-shape';
import { ProviderError, type ProviderContext } from '../types';
import type { SaltEdgeConfig, SaltEdgeCredentials } from './config';
import { SaltEdgeHttpError } from './errors';
import { errorDocumentSchema } from './schemas';
import { signatureHeaders } from './signing';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | null | undefined>;

function toError(response: AxiosResponse): SaltEdgeHttpError {
  const parsed = errorDocumentSchema.safeParse(response.data);
  const body = parsed.success ? parsed.data : {};
  const errorClass = body.error?.class ?? body.error_class ?? '';
  const detail = body.error?.message ?? body.error_message ?? response.statusText ?? 'error';
  const next = body.next_refresh_possible_at ? new Date(body.next_refresh_possible_at) : undefined;
  return new SaltEdgeHttpError(
    response.status,
    errorClass,
    detail,
    retryAfterTime(response.headers['retry-after']),
    next && !Number.isNaN(next.getTime()) ? next : undefined,
  );
}

/**
 * Salt Edge over HTTP (reference §3.1): the `App-id` and `Secret` headers on every call,
 * signed when a key is configured, short 429s waited out (the engine decides), every answer
 * checked against its schema, `{ error: { class, message } }` turned into SaltEdgeHttpError.
 * Only the configured API is ever called.
 */
export class SaltEdgeClient {
  private readonly http: AxiosInstance;
  private readonly rateLimit: RateLimitPolicy;

  constructor(
    readonly config: SaltEdgeConfig,
    private readonly ctx: Pick<ProviderContext, 'credentials' | 'waitForRetry'>,
    private readonly keys?: { clientId: string; clientSecret: string },
  ) {
    this.http = axios.create({ timeout: config.timeoutMs, validateStatus: () => true, maxRedirects: 0 });
    this.rateLimit = {
      rateLimited: (error) => (error instanceof SaltEdgeHttpError && error.status === 429 ? { retryAfter: error.retryAfter } : null),
      defaultWaitSeconds: config.rateLimitWaitSeconds,
      maxAttempts: 4,
    };
  }

  /** The App-id and Secret: the connection's own (Update Credentials), else the configured ones. */
  client(): { clientId: string; clientSecret: string } {
    if (this.keys) return this.keys;
    const creds = (this.ctx.credentials ?? {}) as SaltEdgeCredentials;
    const clientId = creds.clientId ?? this.config.clientId;
    const clientSecret = creds.clientSecret ?? this.config.clientSecret;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'config',
        code: 'saltedge_no_client',
        message: 'Salt Edge needs an App-id and a Secret: set providers.saltedge.clientId and clientSecret (or enter them in Settings).',
      });
    }
    return { clientId, clientSecret };
  }

  /** The full URL of a path on the configured API, with its query in a stable order (the signature covers it). */
  url(path: string, query: Query = {}): string {
    const base = this.config.apiUrl.replace(/\/+$/, '');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) search.append(key, String(value));
    const qs = search.toString();
    return `${base}${path.startsWith('/') ? '' : '/'}${path}${qs ? `?${qs}` : ''}`;
  }

  private async send(method: Method, url: string, body: string | undefined): Promise<AxiosResponse> {
    const { clientId, clientSecret } = this.client();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'App-id': clientId,
      Secret: clientSecret,
      ...(this.config.signingKey ? signatureHeaders(this.config.signingKey, method, url, body ?? '') : {}),
    };
    try {
      // The body goes as the exact text that was signed.
      return await this.http.request({ method, url, data: body, headers, transformRequest: [(data: unknown) => data] });
    } catch (error) {
      throw new SaltEdgeHttpError(0, '', (error as Error).message, undefined, undefined);
    }
  }

  /** One call, its answer in the shape of `schema`; a short 429 is waited out and the call repeated. */
  async request<S extends z.ZodTypeAny>(
    method: Method,
    path: string,
    schema: S,
    options: { query?: Query; data?: unknown } = {},
  ): Promise<z.output<S>> {
    const url = this.url(path, options.query);
    const body = options.data === undefined ? undefined : JSON.stringify(options.data);
    const response = await retryWhenRateLimited(
      this.ctx,
      async () => {
        const answer = await this.send(method, url, body);
        if (answer.status >= 400) throw toError(answer);
        return answer;
      },
      this.rateLimit,
    );
    return expectShape(schema, response.data, {
      provider: 'Salt Edge',
      code: 'saltedge_malformed_response',
      request: `${method} ${new URL(url).pathname}`,
    });
  }
}
