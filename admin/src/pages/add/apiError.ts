import type { ErrorClass } from '../../../../shared/contracts/sync';

// The classes of shared/contracts/sync.ts (kept here so the admin bundle does not pull zod in).
const ERROR_CLASSES: readonly ErrorClass[] = ['retry', 'backoff', 'reauth', 'config', 'gone', 'invalid-request'];

/** What a failed admin call answered, in the parts the pages word: status, class, code, reference, field. */
export interface ApiErrorInfo {
  status: number | null;
  name: string | null;
  /** The server's English message: technical detail, for developer-mode pages only. */
  message: string | null;
  errorClass: ErrorClass | null;
  code: string | null;
  reference: string | null;
  field: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * Reads an error of Strapi's admin data layer (`{ name, message, status, details }`, the
 * rejection of `.unwrap()` or a query's `error`) without trusting its shape.
 */
export function apiError(error: unknown): ApiErrorInfo {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const details = (typeof body.details === 'object' && body.details !== null ? body.details : {}) as Record<string, unknown>;
  const cls = text(details.class);
  return {
    status: typeof body.status === 'number' ? body.status : null,
    name: text(body.name),
    message: text(body.message),
    errorClass: cls && (ERROR_CLASSES as readonly string[]).includes(cls) ? (cls as ErrorClass) : null,
    code: text(details.code),
    reference: text(details.reference),
    field: text(details.field),
  };
}
