import type { Context } from 'koa';
import type { z } from 'zod';
import { BankSyncError, validationError } from '../domain/errors';

/** Koa context of an admin request, with the body Strapi's parser put there. */
export type AdminContext = Context & { request: Context['request'] & { body?: unknown }; params: Record<string, string> };

/** Parses input with a contract schema; a bad field is a 400 naming the field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const nul = pathOfNulCharacter(input ?? {});
  if (nul) {
    const field = nul.join('.');
    throw validationError(`Invalid input: ${field || 'the input'} contains a NUL character`, {
      errors: [{ path: nul, message: 'contains a NUL character' }],
    });
  }
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  const summary = errors.map((e) => (e.path.length ? `${e.path.join('.')} ${e.message}` : e.message)).join('; ');
  throw validationError(`Invalid input: ${summary}`, { errors });
}

/**
 * Where a string holds a NUL character (no database stores one: PostgreSQL refuses it, and
 * SQLite's text search reads it as the end of the word), or null.
 */
function pathOfNulCharacter(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = pathOfNulCharacter(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

export function parseId(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw validationError(`"${String(value)}" is not a valid id`);
  return id;
}

/**
 * Runs a handler and answers the plugin's own errors (409, 502, ...) in Strapi's error body.
 * Strapi's errors (400, 404) go on to Strapi's error middleware, which answers them; anything
 * else is a bug and becomes Strapi's 500.
 */
export function handle(fn: (ctx: AdminContext) => Promise<unknown>) {
  return async (ctx: AdminContext) => {
    try {
      ctx.body = await fn(ctx);
    } catch (error) {
      if (!(error instanceof BankSyncError)) throw error;
      ctx.status = error.status;
      ctx.body = {
        data: null,
        error: { status: error.status, name: error.name, message: error.message, details: error.details },
      };
    }
  };
}
