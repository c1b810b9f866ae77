import { errors } from '@strapi/utils';

/**
 * Errors the plugin raises on purpose. Bad input (400) and a missing record (404) are
 * Strapi's own errors, answered by Strapi's error middleware. The others have no Strapi
 * class: they carry their status, and the admin controllers answer them in Strapi's shape.
 */
export abstract class BankSyncError extends Error {
  abstract readonly status: number;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** 409: the work is already under way (a run holds the connection), or the record exists. */
export class ConflictError extends BankSyncError {
  readonly status = 409;
  override readonly name = 'ConflictError';
}

/** 502: the bank or aggregator failed; details carry the error class, code and a BKS- reference. */
export class ProviderFailure extends BankSyncError {
  readonly status = 502;
  // The admin API has always named it so.
  override readonly name = 'ProviderError';
}

/** 500: the plugin or a provider is misconfigured (the message names the key). */
export class ConfigurationError extends BankSyncError {
  readonly status = 500;
  override readonly name = 'ConfigurationError';
}

/** 500: credentials cannot be sealed or opened (no key, or another key). */
export class SecretsError extends BankSyncError {
  readonly status = 500;
  override readonly name = 'SecretsError';
}

export const validationError = (message: string, details: Record<string, unknown> = {}) => new errors.ValidationError(message, details);
export const notFound = (what: string, id: unknown) => new errors.NotFoundError(`${what} ${String(id)} does not exist`, { id });
export const conflict = (message: string, details: Record<string, unknown> = {}) => new ConflictError(message, details);

/** An error Strapi answers itself (bad input, not found, ...). */
export const isStrapiError = (error: unknown): error is InstanceType<typeof errors.ApplicationError> =>
  error instanceof errors.ApplicationError;

/**
 * Whether Strapi's validator refused a write because `field` must be unique (the only check
 * left on a field our contract already validated): its ValidationError names the field's path.
 */
export function isUniqueRefusal(error: unknown, field: string): boolean {
  if (!(error instanceof errors.ValidationError)) return false;
  const details = error.details as { errors?: Array<{ path?: unknown[] }> } | undefined;
  return Boolean(details?.errors?.some((e) => e.path?.length === 1 && e.path[0] === field));
}
