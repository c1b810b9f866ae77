import { ProviderError, type ClassifiedError } from '../types';

/** A failed Yodlee call, with what the response said (reference §4.4). */
export class YodleeHttpError extends Error {
  constructor(
    readonly status: number,
    /** `Y008`, `Y807`, …; null when the body had none. */
    readonly errorCode: string | null,
    readonly detail: string,
    /** Yodlee's `referenceCode`, kept for support. */
    readonly referenceCode: string | undefined,
    readonly retryAfter: Date | undefined,
  ) {
    super(`Yodlee answered ${status}${errorCode ? ` (${errorCode})` : ''}: ${detail}`);
    this.name = 'YodleeHttpError';
  }
}

/** Our application's credentials or admin login are refused. */
const CONFIG_CODES = new Set(['Y001', 'Y002', 'Y003', 'Y301', 'Y303']);
/** The Yodlee user is suspended or unknown, or the resource is gone. */
const GONE_CODES = new Set(['Y005', 'Y006', 'Y807']);

/** Yodlee failures -> the engine's classes (reference §4.4). */
export function classifyYodlee(error: unknown): ClassifiedError {
  if (error instanceof ProviderError) return error.info;
  if (error instanceof YodleeHttpError) {
    const base = { providerReference: error.referenceCode };
    const code = error.errorCode;
    if (code && CONFIG_CODES.has(code)) {
      return {
        ...base,
        class: 'config',
        code: `yodlee_${code}`,
        message:
          'Yodlee refused the Client ID, secret or login name of this application (providers.yodlee, or Settings → Bank Sync): check them.',
      };
    }
    if (code && GONE_CODES.has(code)) {
      return {
        ...base,
        class: 'gone',
        code: `yodlee_${code}`,
        message:
          code === 'Y807'
            ? 'The account or bank link no longer exists at Yodlee (removed by the user?): fetch the accounts again or reconnect.'
            : "This connection's Yodlee user is suspended or no longer registered: reconnect the bank.",
      };
    }
    if (error.status === 429) {
      return {
        ...base,
        class: 'backoff',
        code: 'yodlee_rate_limited',
        message: 'Yodlee asks to slow down (too many requests); synchronization resumes after the time it gave.',
        until: error.retryAfter ?? new Date(Date.now() + 60_000),
      };
    }
    if (code === 'Y008' || error.status === 401) {
      return {
        ...base,
        class: 'retry',
        code: 'yodlee_token_refused',
        message: 'Yodlee refused a fresh access token; the next attempt will retry.',
      };
    }
    if (error.status === 0 || error.status >= 500) {
      return {
        ...base,
        class: 'retry',
        code: 'yodlee_unavailable',
        message: `Yodlee is unavailable (${error.status || error.detail}); the next attempt will retry.`,
      };
    }
    return { ...base, class: 'invalid-request', code: `yodlee_${code ?? error.status}`, message: error.message };
  }
  return {
    class: 'retry',
    code: 'yodlee_unexpected',
    message: `Unexpected error talking to Yodlee: ${(error as Error)?.message ?? String(error)}`,
  };
}
