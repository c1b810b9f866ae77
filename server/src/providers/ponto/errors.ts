import { ProviderError, type ClassifiedError } from '../types';

/** A failed Ponto call, with what the response said. */
export class PontoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly codes: string[],
    readonly detail: string,
    readonly requestId: string | undefined,
    readonly retryAfter: Date | undefined,
  ) {
    super(`Ponto answered ${status}${codes.length ? ` (${codes.join(', ')})` : ''}: ${detail}`);
    this.name = 'PontoHttpError';
  }
}

const REAUTH_CODES = new Set(['invalid_grant', 'authorizationInvalid', 'authorizationExpired']);
const CONFIG_CODES = new Set(['invalid_client', 'unauthorized_client', 'clientIdInvalid', 'authorizationCodeInvalid']);

/** Ponto failures -> the engine's classes (reference §1.6). */
export function classifyPonto(error: unknown): ClassifiedError {
  if (error instanceof ProviderError) return error.info;
  if (error instanceof PontoHttpError) {
    const ref = error.requestId;
    const base = { providerReference: ref };
    if (error.codes.some((c) => REAUTH_CODES.has(c))) {
      return {
        ...base,
        class: 'reauth',
        code: `ponto_${error.codes.find((c) => REAUTH_CODES.has(c))}`,
        message: "Ponto no longer accepts this connection's authorization: use Reconnect to authorize it again.",
      };
    }
    if (error.codes.some((c) => CONFIG_CODES.has(c))) {
      return {
        ...base,
        class: 'config',
        code: 'ponto_invalid_client',
        message: 'Ponto refused the Client ID and Secret of this connection: check them with Update Credentials.',
      };
    }
    if (error.status === 429) {
      return {
        ...base,
        class: 'backoff',
        code: 'ponto_rate_limited',
        message: 'Ponto asks to slow down (too many requests); synchronization resumes after the time it gave.',
        until: error.retryAfter ?? new Date(Date.now() + 60_000),
      };
    }
    if (error.status === 401) {
      return {
        ...base,
        class: 'reauth',
        code: 'ponto_unauthorized',
        message: 'Ponto refused the access token even after a refresh: use Reconnect.',
      };
    }
    if (error.status === 404 || error.codes.includes('resourceNotFound')) {
      return {
        ...base,
        class: 'gone',
        code: 'ponto_not_found',
        message: 'The account no longer exists at Ponto (revoked from the integration?).',
      };
    }
    if (error.status === 0) {
      return {
        ...base,
        class: 'retry',
        code: 'ponto_unavailable',
        message: `Ponto could not be reached (${error.detail}): check the network and, in live use, the mTLS certificate (providers.ponto.tls). The next attempt will retry.`,
      };
    }
    if (error.status >= 500) {
      return {
        ...base,
        class: 'retry',
        code: 'ponto_unavailable',
        message: `Ponto is unavailable (${error.status || 'network error'}); the next attempt will retry.`,
      };
    }
    return { ...base, class: 'invalid-request', code: `ponto_${error.codes[0] ?? error.status}`, message: error.message };
  }
  return {
    class: 'retry',
    code: 'ponto_unexpected',
    message: `Unexpected error talking to Ponto: ${(error as Error)?.message ?? String(error)}`,
  };
}
