import type { Core } from '@strapi/strapi';

/** Strapi's knex instance (or a transaction of it). */
export type Knex = Core.Strapi['db']['connection'];
type Raw = ReturnType<Knex['raw']>;

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export function dialectOf(knex: Knex): Dialect {
  const client = String((knex.client as { config: { client: unknown } }).config.client);
  if (/sqlite/.test(client)) return 'sqlite';
  if (/pg|postgres/.test(client)) return 'postgres';
  return 'mysql';
}

/** A `?` parameter cast to a 64-bit integer on every dialect (MySQL would add it as DOUBLE). */
export function bigintParameter(knex: Knex): string {
  return { sqlite: 'CAST(? AS INTEGER)', postgres: 'CAST(? AS BIGINT)', mysql: 'CAST(? AS SIGNED)' }[dialectOf(knex)];
}

/** `column + ?` in 64-bit integers. */
export function addBigint(knex: Knex, column: string, value: bigint): Raw {
  return knex.raw(`?? + ${bigintParameter(knex)}`, [column, value.toString()]);
}

/** The id of a row just inserted, whatever the dialect returns. */
export function insertedId(result: unknown): number {
  const first = Array.isArray(result) ? result[0] : result;
  const id = typeof first === 'object' && first !== null ? (first as { id: unknown }).id : first;
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`no id returned by insert: ${JSON.stringify(result)}`);
  return n;
}

const UNIQUE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE']);

/**
 * Whether a write was refused by a unique index (PostgreSQL 23505, MySQL ER_DUP_ENTRY,
 * SQLite SQLITE_CONSTRAINT_UNIQUE), by the driver's error code, also when wrapped.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth += 1) {
    if (typeof e.code === 'string' && UNIQUE_CODES.has(e.code)) return true;
  }
  return false;
}

/** The driver's code of a database error (PostgreSQL SQLSTATE, MySQL ER_*, SQLITE_*), also when wrapped, or null. */
export function databaseErrorCode(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; cause?: unknown; sqlState?: unknown; severity?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth += 1
  ) {
    if (typeof e.code === 'string' && (/^(SQLITE_|ER_)/.test(e.code) || (typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(e.code))))
      return e.code;
    if (typeof e.sqlState === 'string') return typeof e.code === 'string' ? e.code : e.sqlState;
  }
  return null;
}

/** Deadlock or serialization failure: the database undid the transaction, which may simply run again. */
const RETRYABLE_TRANSACTION_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', '40P01', '40001', 'SQLITE_BUSY']);

export function isTransactionConflict(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return code !== null && RETRYABLE_TRANSACTION_CODES.has(code);
}

/**
 * Runs `work` in one Strapi transaction, again (up to `attempts` times) when the database
 * undid it for a deadlock with a concurrent request (MariaDB does so when two requests
 * insert into the same unique index): the retry sees the other request's committed rows and
 * gives its answer (a 409), never a 500.
 */
export async function transactionWithRetry<T>(strapi: Core.Strapi, work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await strapi.db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
    }
  }
}
