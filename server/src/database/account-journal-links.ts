import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { isUniqueViolation } from './sql';

const ONE_ACCOUNT_PER_JOURNAL = 'bks_lnk_one_account_per_journal_uq';
const ONE_JOURNAL_PER_ACCOUNT = 'bks_lnk_one_journal_per_account_uq';

/**
 * "At most one online account per journal, one journal per account" as unique indexes on
 * Strapi's link table of the relation (Strapi declares only the pair unique). Made at every
 * start when missing: Strapi's schema sync does not know them.
 */
export async function ensureLinkConstraints(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const [name, column] of [
    [ONE_ACCOUNT_PER_JOURNAL, 'journal_id'],
    [ONE_JOURNAL_PER_ACCOUNT, 'online_account_id'],
  ] as const) {
    try {
      // PostgreSQL, SQLite and MariaDB all know IF NOT EXISTS here.
      await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON ${TABLES.accountJournalLinks} (${column})`);
    } catch (error) {
      // Links made before the index existed may break the rule: say so, and keep serving.
      strapi.log.warn(
        `[bank-sync] could not enforce one link per ${column === 'journal_id' ? 'journal' : 'account'} (${
          isUniqueViolation(error) ? 'some are linked twice: unlink them in Add a Bank Account' : 'the database refused the index'
        }); the check before each link still applies`,
      );
    }
  }
}

/**
 * Links an account to a journal (or unlinks it) in one transaction on the link table: a
 * second account on the same journal, even at the same instant, is refused by the unique
 * index (`false`), never by silently unlinking the first one as Strapi's relation update does.
 */
export async function writeAccountLink(strapi: Core.Strapi, accountId: number, journalId: number | null): Promise<boolean> {
  return strapi.db.transaction(async ({ trx }) => {
    await trx(TABLES.accountJournalLinks).where({ online_account_id: accountId }).del();
    if (journalId === null) return true;
    try {
      // A savepoint, so that a refusal leaves an outer transaction (PostgreSQL) usable for the caller's rollback.
      await trx.transaction(async (inner: typeof trx) => {
        await inner(TABLES.accountJournalLinks).insert({ online_account_id: accountId, journal_id: journalId });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  });
}
