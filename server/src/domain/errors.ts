/**
 * Errors the plugin raises on purpose. Each has an HTTP status so the admin API can
 * answer with a clear message instead of a 500, and optional details for the UI.
 */
export type BankSyncErrorName =
  'ValidationError' | 'NotFoundError' | 'ConflictError' | 'ConfigurationError' | 'SecretsError' | 'ProviderError';

const STATUS: Record<BankSyncErrorName, number> = {
  ValidationError: 400,
  NotFoundError: 404,
  ConflictError: 409,
  ConfigurationError: 500,
  SecretsError: 500,
  /** The bank or aggregator failed; details carry the error class and a reference. */
  ProviderError: 502,
};

export class BankSyncError extends Error {
  readonly status: number;
  constructor(
    readonly errorName: BankSyncErrorName,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = errorName;
    this.status = STATUS[errorName];
  }
}

export const validationError = (message: string, details: Record<string, unknown> = {}) =>
  new BankSyncError('ValidationError', message, details);
export const notFound = (what: string, id: unknown) => new BankSyncError('NotFoundError', `${what} ${String(id)} does not exist`, { id });
export const conflict = (message: string, details: Record<string, unknown> = {}) => new BankSyncError('ConflictError', message, details);
