import { ProviderError, type ClassifiedError } from '../types';

/** A failed Plaid call: the PlaidError body it carried (reference §2.5), or status 0 for a network failure. */
export class PlaidHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string | null,
    readonly errorCode: string | null,
    readonly errorCodeReason: string | null,
    readonly detail: string,
    readonly requestId: string | undefined,
    readonly retryAfter: Date | undefined,
  ) {
    super(`Plaid answered ${status}${errorCode ? ` (${errorType ?? '?'} ${errorCode})` : ''}: ${detail}`);
    this.name = 'PlaidHttpError';
  }
}

/** The user must go through Link again (update mode): Reconnect. */
const REAUTH_CODES = new Set([
  'ITEM_LOGIN_REQUIRED',
  'ACCESS_NOT_GRANTED',
  'INVALID_CREDENTIALS',
  'INSUFFICIENT_CREDENTIALS',
  'INVALID_MFA',
  'ITEM_LOCKED',
  'USER_SETUP_REQUIRED',
  'PASSWORD_RESET_REQUIRED',
  'ADDITIONAL_CONSENT_REQUIRED',
]);
const REAUTH_REASONS = new Set(['OAUTH_INVALID_TOKEN', 'OAUTH_CONSENT_EXPIRED']);
/** The Item is no more (removed, revoked, token of another environment). */
const GONE_CODES = new Set(['INVALID_ACCESS_TOKEN', 'ITEM_NOT_FOUND', 'USER_PERMISSION_REVOKED', 'NO_ACCOUNTS']);
/** Our keys or our Plaid plan. */
const CONFIG_CODES = new Set(['INVALID_API_KEYS', 'UNAUTHORIZED_ENVIRONMENT', 'INVALID_PRODUCT', 'UNAUTHORIZED_ROUTE_ACCESS']);
/** The bank needs a person at each read: no automatic fetching. */
const MANUAL_CODES = new Set(['MFA_NOT_SUPPORTED', 'USER_INPUT_TIMEOUT']);

const BACKOFF_DEFAULT_MS = 60 * 60_000;

/** Plaid failures -> the engine's classes, by error_type and error_code, never by text (§2.5). */
export function classifyPlaid(error: unknown, backoffMs = BACKOFF_DEFAULT_MS): ClassifiedError {
  if (error instanceof ProviderError) return error.info;
  if (!(error instanceof PlaidHttpError)) {
    return {
      class: 'retry',
      code: 'plaid_unexpected',
      message: `Unexpected error talking to Plaid: ${(error as Error)?.message ?? String(error)}`,
    };
  }
  const base = { providerReference: error.requestId };
  const code = error.errorCode ?? '';
  const tag = `plaid_${(code || String(error.status)).toLowerCase()}`;
  if (error.errorCodeReason === 'OAUTH_USER_REVOKED' || GONE_CODES.has(code)) {
    return {
      ...base,
      class: 'gone',
      code: tag,
      message: `Plaid no longer knows this bank connection (${code || error.errorCodeReason}): it was removed or its access revoked. Connect the bank again.`,
    };
  }
  if (REAUTH_CODES.has(code) || (error.errorCodeReason !== null && REAUTH_REASONS.has(error.errorCodeReason))) {
    return {
      ...base,
      class: 'reauth',
      code: tag,
      message: `The bank asks the account holder to log in again through Plaid (${code}): use Reconnect to renew the consent.`,
    };
  }
  if (MANUAL_CODES.has(code)) {
    return {
      ...base,
      class: 'reauth',
      code: tag,
      message: `This bank needs the account holder at each read (${code}): switch auto-sync off and synchronize by hand after Reconnect.`,
    };
  }
  if (CONFIG_CODES.has(code)) {
    return {
      ...base,
      class: 'config',
      code: tag,
      message: `Plaid refused our API keys or product access (${code}): check the client ID and secret of this environment (Update Credentials or providers.plaid).`,
    };
  }
  if (error.status === 429 || error.errorType === 'RATE_LIMIT_EXCEEDED') {
    return {
      ...base,
      class: 'backoff',
      code: tag,
      message: `Plaid asks to slow down (${code || 'rate limit'}); synchronization resumes later.`,
      until: error.retryAfter ?? new Date(Date.now() + backoffMs),
    };
  }
  if (
    error.status === 0 ||
    error.status >= 500 ||
    error.errorType === 'API_ERROR' ||
    error.errorType === 'INSTITUTION_ERROR' ||
    code === 'PRODUCT_NOT_READY' ||
    code === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION'
  ) {
    return {
      ...base,
      class: 'retry',
      code: error.status === 0 ? 'plaid_unavailable' : tag,
      message:
        error.errorType === 'INSTITUTION_ERROR'
          ? `The bank is not answering Plaid (${code}); the next attempt will retry.`
          : `Plaid is unavailable (${code || error.status || 'network error'}); the next attempt will retry.`,
    };
  }
  return { ...base, class: 'invalid-request', code: tag, message: error.message };
}
