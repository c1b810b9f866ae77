import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { dialectOf, type Knex } from '../database/sql';

/** A knex query builder (Strapi's knex). */
type QueryBuilder = ReturnType<Knex>;

/**
 * Search in statement lines (label, counterparty, the bank's transaction id; any part of
 * them, any case) with the database's own text index, so a search over a million lines
 * does not read them all:
 * - PostgreSQL: a trigram GIN index (pg_trgm) on the lines' search text, which the planner
 *   uses for rare words and leaves for common ones (its statistics on the indexed
 *   expression tell which);
 * - SQLite: an FTS5 table with the trigram tokenizer, kept by triggers; a search first asks
 *   it for the matching lines (up to FEW, in every journal); more than that, the word is
 *   common and the scope's lines are read in order until a page is full, which stops early;
 * - MySQL/MariaDB, or when the index cannot be made (pg_trgm not allowed, SQLite without
 *   FTS5): a plain LIKE over the three columns, which reads every line of the scope when the
 *   word is rare.
 * The structures are made at start when missing (once, with the existing lines), outside
 * Strapi's schema (which leaves indexes it did not make alone).
 */

/** The text searched, as SQL over a lines row (same on every dialect but the concatenation). */
const SEARCH_TEXT_PG = "lower(coalesce(label, '') || ' ' || coalesce(counterparty_name, '') || ' ' || provider_transaction_id)";
const SEARCH_TEXT_SQLITE = (row: string) =>
  `lower(coalesce(${row}.label, '') || ' ' || coalesce(${row}.counterparty_name, '') || ' ' || ${row}.provider_transaction_id)`;

export const PG_SEARCH_INDEX = 'bks_lines_search_trgm';
export const SQLITE_SEARCH_TABLE = 'bks_lines_search';

/** Up to this many matches, SQLite reads the matching lines by id; more, it reads the scope in order. */
const FEW = 2000;

type Mode = 'trigram-index' | 'fts5' | 'like';

/** `%term%` with LIKE's wildcards escaped by '!' (a backslash means different things on MySQL and the others). */
const containing = (term: string) => `%${term.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

const lineSearch = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  let mode: Mode = 'like';

  const plainLike = (builder: QueryBuilder, pattern: string) =>
    builder.andWhere((q: QueryBuilder) =>
      q
        .whereRaw("LOWER(label) LIKE ? ESCAPE '!'", [pattern])
        .orWhereRaw("LOWER(counterparty_name) LIKE ? ESCAPE '!'", [pattern])
        .orWhereRaw("LOWER(provider_transaction_id) LIKE ? ESCAPE '!'", [pattern]),
    );

  async function ensurePostgres(): Promise<Mode> {
    const existing = await knex().raw('SELECT 1 FROM pg_indexes WHERE indexname = ?', [PG_SEARCH_INDEX]);
    if (existing.rows.length > 0) return 'trigram-index';
    try {
      await knex().raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${PG_SEARCH_INDEX} ON ${TABLES.lines} USING gin ((${SEARCH_TEXT_PG}) gin_trgm_ops)`);
      await knex().raw(`ANALYZE ${TABLES.lines}`);
      return 'trigram-index';
    } catch (error) {
      strapi.log.warn(
        `[bank-sync] line search without a text index (pg_trgm could not be enabled: ${(error as Error).message}); searches read every line of a journal`,
      );
      return 'like';
    }
  }

  async function ensureSqlite(): Promise<Mode> {
    const existing = await knex()('sqlite_master').first('name').where({ type: 'table', name: SQLITE_SEARCH_TABLE });
    if (existing) return 'fts5';
    try {
      await knex().transaction(async (trx) => {
        await trx.raw(`CREATE VIRTUAL TABLE ${SQLITE_SEARCH_TABLE} USING fts5(text, tokenize = 'trigram', detail = 'none')`);
        await trx.raw(
          `CREATE TRIGGER ${SQLITE_SEARCH_TABLE}_insert AFTER INSERT ON ${TABLES.lines} BEGIN ` +
            `INSERT INTO ${SQLITE_SEARCH_TABLE}(rowid, text) VALUES (new.id, ${SEARCH_TEXT_SQLITE('new')}); END`,
        );
        await trx.raw(
          `CREATE TRIGGER ${SQLITE_SEARCH_TABLE}_update AFTER UPDATE OF label, counterparty_name, provider_transaction_id ON ${TABLES.lines} BEGIN ` +
            `UPDATE ${SQLITE_SEARCH_TABLE} SET text = ${SEARCH_TEXT_SQLITE('new')} WHERE rowid = new.id; END`,
        );
        await trx.raw(
          `CREATE TRIGGER ${SQLITE_SEARCH_TABLE}_delete AFTER DELETE ON ${TABLES.lines} BEGIN ` +
            `DELETE FROM ${SQLITE_SEARCH_TABLE} WHERE rowid = old.id; END`,
        );
        await trx.raw(
          `INSERT INTO ${SQLITE_SEARCH_TABLE}(rowid, text) SELECT id, ${SEARCH_TEXT_SQLITE(TABLES.lines)} FROM ${TABLES.lines}`,
        );
      });
      return 'fts5';
    } catch (error) {
      strapi.log.warn(
        `[bank-sync] line search without a text index (FTS5 trigram table not made: ${(error as Error).message}); searches read every line of a journal`,
      );
      return 'like';
    }
  }

  return {
    /** Makes the text index when missing (at start; once, over the lines already there). */
    async ensure(): Promise<void> {
      const dialect = dialectOf(knex());
      const started = Date.now();
      mode = dialect === 'postgres' ? await ensurePostgres() : dialect === 'sqlite' ? await ensureSqlite() : 'like';
      const ms = Date.now() - started;
      if (ms > 1000) strapi.log.info(`[bank-sync] line search index made in ${Math.round(ms / 1000)} s`);
    },

    /** Narrows a lines query (its scope already in `where`) to the lines containing `term`. */
    async narrow(builder: QueryBuilder, term: string): Promise<void> {
      const pattern = containing(term);
      if (mode === 'trigram-index') {
        builder.andWhereRaw(`${SEARCH_TEXT_PG} LIKE ? ESCAPE '!'`, [pattern]);
        return;
      }
      if (mode === 'fts5' && term.length >= 3) {
        // A term under 3 characters has no trigram: the scan below.
        // GLOB, not LIKE: FTS5 leaves its index for a LIKE with ESCAPE. The text is lower-cased
        // by SQLite's lower() (ASCII letters only), so the term is too; * ? [ are made literal.
        const glob = `*${term.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[*?[]/g, (c) => `[${c}]`)}*`;
        const rows = (await knex().raw(`SELECT rowid AS id FROM ${SQLITE_SEARCH_TABLE} WHERE text GLOB ? LIMIT ?`, [
          glob,
          FEW + 1,
        ])) as Array<{
          id: number;
        }>;
        const ids = rows.map((row) => row.id);
        if (ids.length <= FEW) {
          builder.whereIn('id', ids);
          return;
        }
      }
      plainLike(builder, pattern);
    },
  };
};

export default lineSearch;
