import { ProviderError, type ClassifiedError } from '../types';

/** A failed Salt Edge call: its HTTP status and the error class it named (§3.5). */
export class SaltEdgeHttpError extends Error {
  constructor(
    readonly status: number,
    /** Salt Edge's error class, e.g. 'ConnectionNotFound'; '' when the answer named none. */
    readonly errorClass: string,
    readonly detail: string,
    readonly retryAfter: Date | undefined,
    /** `next_refresh_possible_at` of a ConnectionCannotBeRefreshed answer. */
    readonly nextRefreshAt: Date | undefined,
  ) {
    super(`Salt Edge answered ${status}${errorClass ? ` (${errorClass})` : ''}: ${detail}`);
    this.name = 'SaltEdgeHttpError';
  }
}

/** The bank consent or login is no longer good: the user must connect again (REAUTH). */
export const REAUTH_CLASSES = new Set([
  'InvalidCredentials',
  'InvalidInteractiveCredentials',
  'ConsentExpired',
  'ConsentRevoked',
  'AispConsentExpired',
  'AispConsentRevoked',
  'ProviderAccessNotGranted',
  'ConnectionDisabled',
]);
/** Our App-id, Secret or request signature (FATAL_CONFIG). */
const CONFIG_CLASSES = new Set([
  'ApiKeyNotFound',
  'AppIdNotProvided',
  'SecretNotProvided',
  'ClientDisabled',
  'ClientPending',
  'ClientRestricted',
  'WrongClientToken',
  'MissingSignature',
  'SignatureNotMatch',
  'ExpiresAtInvalid',
  'RequestExpired',
  'PublicKeyNotProvided',
  'ConnectionLimitReached',
]);
const GONE_CLASSES = new Set(['ConnectionNotFound', 'AccountNotFound', 'CustomerNotFound']);
const RETRY_CLASSES = new Set([
  'ProviderUnavailable',
  'ProviderError',
  'ProviderInactive',
  'ConnectionFailed',
  'ExecutionTimeout',
  'FetchingTimeout',
  'InternalServerError',
  'ConnectionAlreadyProcessing',
]);
const BACKOFF_CLASSES = new Set(['RateLimitExceeded', 'TooManyRequests', 'BackgroundFetchLimitExceeded']);

const MESSAGES: Record<string, string> = {
  reauth: 'The bank consent of this Salt Edge connection has ended or was refused: use Reconnect to give it again.',
  config:
    "Salt Edge refused this plugin's App-id, Secret or request signature: check providers.saltedge (or Settings / Update Credentials).",
  gone: 'The connection or account no longer exists at Salt Edge (removed by the user or the bank?).',
  backoff: 'Salt Edge asks to slow down (too many requests or fetches); synchronization resumes after the time it gave.',
};

/** Salt Edge failures -> the engine's classes, by Salt Edge's error class first, its HTTP status next. */
export function classifySaltEdge(error: unknown): ClassifiedError {
  if (error instanceof ProviderError) return error.info;
  if (error instanceof SaltEdgeHttpError) {
    const name = error.errorClass;
    const code = `saltedge_${name || error.status}`;
    if (REAUTH_CLASSES.has(name)) return { class: 'reauth', code, message: `${MESSAGES.reauth} (${name})` };
    if (CONFIG_CLASSES.has(name)) {
      const clock = name === 'RequestExpired' || name === 'ExpiresAtInvalid' ? " Check this server's clock." : '';
      return { class: 'config', code, message: `${MESSAGES.config} (${name}).${clock}` };
    }
    if (GONE_CLASSES.has(name)) return { class: 'gone', code, message: `${MESSAGES.gone} (${name})` };
    if (BACKOFF_CLASSES.has(name) || error.status === 429) {
      const until = error.retryAfter ?? (name === 'BackgroundFetchLimitExceeded' ? new Date(Date.now() + 24 * 3_600_000) : undefined);
      return { class: 'backoff', code, message: MESSAGES.backoff!, until: until ?? new Date(Date.now() + 60_000) };
    }
    if (RETRY_CLASSES.has(name) || error.status === 0 || error.status >= 500) {
      const what = error.status === 0 ? `could not be reached (${error.detail})` : `is unavailable (${name || error.status})`;
      return {
        class: 'retry',
        code: error.status === 0 ? 'saltedge_unreachable' : code,
        message: `Salt Edge ${what}; the next attempt will retry.`,
      };
    }
    if (error.status === 401 || error.status === 403) return { class: 'config', code, message: `${MESSAGES.config} (${error.status})` };
    if (error.status === 404) return { class: 'gone', code, message: MESSAGES.gone! };
    return { class: 'invalid-request', code, message: error.message };
  }
  return {
    class: 'retry',
    code: 'saltedge_unexpected',
    message: `Unexpected error talking to Salt Edge: ${(error as Error)?.message ?? String(error)}`,
  };
}
