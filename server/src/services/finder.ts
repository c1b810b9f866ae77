import type { Core } from '@strapi/strapi';
import { FINDER_MAX_ROWS, type FindMissingResult, type FoundLine, type ImportSelectedResult } from '../../../shared/contracts/finder';
import type { RunCounts, RunView, Trigger } from '../../../shared/contracts/sync';
import { RUNNABLE_STATES, TABLES, UID } from '../constants';
import { failureMessage } from '../domain/connection-outcome';
import { ProviderFailure, conflict, notFound, validationError } from '../domain/errors';
import { byDate, countByStatus, foundTransaction, invalidTransaction, type DatedTransaction } from '../domain/found-transactions';
import { formatMinorUnits, readMinorUnits } from '../domain/money';
import { localDate, type LocalDate } from '../domain/periods';
import { prefetch } from '../domain/prefetch';
import { errorReference } from '../domain/reference';
import type { BankProvider, InvalidRecord } from '../providers/types';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { onlineAccountRepository, type LinkedAccount } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';
import { emptyTally } from './account-import';
import type { StatementCache } from './importer';

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** What the bank lists for an account in a range, read without writing anything. */
interface Reading {
  transactions: DatedTransaction[];
  invalid: InvalidRecord[];
  counts: RunCounts;
}

const IN_CHUNK = 500;

const day = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '').slice(0, 10));

/** The provider's own id of an invalid record, when its raw record has one. */
const rawId = (raw: unknown): string | null => {
  const id = (raw as { id?: unknown; transaction_id?: unknown } | null)?.id ?? (raw as { transaction_id?: unknown } | null)?.transaction_id;
  return typeof id === 'string' && id.length <= 255 ? id : null;
};

/**
 * Find missing transactions (Odoo's wizard, as a dry run with a diff): for a journal's online
 * account and a date range, the bank is read with the provider context every run uses, and
 * each transaction is listed with what an import would do. The preview writes nothing but its
 * run log entry (trigger `preview`): no line, statement, cursor or refresh. Import selected
 * reads the bank again and hands the chosen new posted transactions to the importer; its
 * unique index keeps each one once, however often the admin clicks.
 */
const finder = ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => connectionRepository(strapi);

  /** The journal's online account and connection; 4xx when there is none to read. */
  async function target(journalId: number): Promise<{ connection: ConnectionRow; account: LinkedAccount }> {
    const journal = (await strapi.db.query(UID.journal).findOne({
      where: { id: journalId },
      populate: { onlineAccount: { populate: { connection: { select: ['id'] } } } },
    })) as { onlineAccount?: { id: number; connection?: { id: number } | null } | null } | null;
    if (!journal) throw notFound('Journal', journalId);
    const connectionId = journal.onlineAccount?.connection?.id;
    if (!journal.onlineAccount || !connectionId) {
      throw validationError('This journal is not linked to an online account: link one before looking for missing transactions.');
    }
    const connection = await connections().find(connectionId);
    if (!(RUNNABLE_STATES as readonly string[]).includes(connection.state)) {
      throw conflict(`The bank connection of this journal is ${connection.state}: reconnect it before looking for missing transactions.`, {
        connectionId,
        state: connection.state,
      });
    }
    const account = (await onlineAccountRepository(strapi).linked(connectionId)).find((a) => a.id === journal.onlineAccount!.id);
    if (!account)
      throw validationError('This journal is not linked to an online account: link one before looking for missing transactions.');
    return { connection, account };
  }

  /** Reads the account's transactions booked in the range (in the journal's time zone). No refresh is asked, nothing is stored. */
  async function read(
    provider: BankProvider,
    ctx: Parameters<BankProvider['fetchTransactions']>[0],
    account: LinkedAccount,
    range: DateRange,
  ) {
    const reading: Reading = { transactions: [], invalid: [], counts: emptyTally().counts };
    const seen = new Set<string>();
    const pages = provider.fetchTransactions(ctx, {
      providerAccountId: account.providerAccountId,
      currency: account.journal.currency,
      since: range.from,
      resume: null,
      previous: null,
    });
    for await (const page of prefetch(pages)) {
      reading.counts.pages += 1;
      reading.counts.fetched += page.transactions.length + page.invalid.length;
      reading.invalid.push(...page.invalid);
      // Plaid's modified ones are transactions too: one not imported yet would be imported as new.
      for (const t of [...page.transactions, ...(page.modified ?? [])]) {
        if (seen.has(t.providerTransactionId)) continue;
        seen.add(t.providerTransactionId);
        const date = localDate(t.bookingDate, account.journal.timeZone);
        if (date < range.from || date > range.to) continue;
        reading.transactions.push({ t, date });
      }
    }
    return reading;
  }

  /** The account's stored lines among these provider ids. */
  async function storedLines(accountId: number, ids: string[]): Promise<Map<string, FoundLine>> {
    const found = new Map<string, FoundLine>();
    const knex = strapi.db.connection;
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = (await knex(TABLES.lines)
        .select('id', 'statement_id', 'booking_date', 'amount', 'currency', 'provider_transaction_id')
        .where('online_account_id', accountId)
        .whereIn('provider_transaction_id', ids.slice(i, i + IN_CHUNK))) as Array<{
        id: number;
        statement_id: number | null;
        booking_date: unknown;
        amount: unknown;
        currency: string;
        provider_transaction_id: string;
      }>;
      for (const row of rows) {
        found.set(row.provider_transaction_id, {
          id: Number(row.id),
          statementId: row.statement_id === null ? null : Number(row.statement_id),
          date: day(row.booking_date),
          amount: formatMinorUnits(readMinorUnits(row.amount), row.currency),
          currency: row.currency,
        });
      }
    }
    return found;
  }

  /** The booking date of the account's oldest line, if any. */
  async function firstLineDate(accountId: number): Promise<LocalDate | null> {
    const row = (await strapi.db.connection(TABLES.lines).where('online_account_id', accountId).min({ first: 'booking_date' }).first()) as
      { first: unknown } | undefined;
    return row?.first ? day(row.first) : null;
  }

  /**
   * Reads the bank under the connection's lease, counted in the run log as a run of `trigger`;
   * `work` gets what was read. A failure is recorded on the run (not on the connection: no
   * synchronization failed) and answered as a 502 with its class, code and reference.
   */
  async function withReading<T>(
    journalId: number,
    range: DateRange,
    trigger: Trigger,
    work: (reading: Reading, account: LinkedAccount, run: { id: number }) => Promise<{ result: T; counts: RunCounts }>,
  ): Promise<{ result: T; run: RunView }> {
    const { connection, account } = await target(journalId);
    return getService(strapi, 'sync').underLease(connection.id, async () => {
      const runs = getService(strapi, 'sync-runs');
      const failures = getService(strapi, 'failures');
      const runId = await runs.start(connection.id, trigger);
      let provider: BankProvider | null = null;
      let counts = emptyTally().counts;
      try {
        const context = await getService(strapi, 'provider-context').forConnection(connection);
        provider = context.provider;
        const reading = await read(provider, context.ctx, account, range);
        counts = reading.counts;
        const done = await work(reading, account, { id: runId });
        return { result: done.result, run: await runs.finish(runId, 'success', done.counts, null) };
      } catch (error) {
        const failure = failures.classify(provider, error);
        const recorded = { code: failure.code, class: failure.class, message: failureMessage(failure), reference: errorReference() };
        failures.log(
          `${trigger === 'preview' ? 'find missing transactions' : 'import selected'} (run ${runId}) of connection ${connection.id}`,
          recorded,
        );
        await runs.finish(runId, 'failed', counts, recorded);
        throw new ProviderFailure(recorded.message, { class: recorded.class, code: recorded.code, reference: recorded.reference });
      }
    });
  }

  return {
    /** The dry run: every transaction of the range with what an import would do, and why. */
    async preview(journalId: number, range: DateRange): Promise<FindMissingResult> {
      const { result } = await withReading(journalId, range, 'preview', async (reading, account, run) => {
        const { journal } = account;
        const stored = await storedLines(
          account.id,
          reading.transactions.map((d) => d.t.providerTransactionId),
        );
        const rows = [
          ...reading.transactions.map((d) => foundTransaction(d, journal.currency, stored)),
          ...reading.invalid.map((bad) => invalidTransaction(bad.reason, rawId(bad.raw))),
        ].sort(byDate);
        const counts = countByStatus(rows);
        return {
          result: {
            journalId,
            from: range.from,
            to: range.to,
            currency: journal.currency,
            timeZone: journal.timeZone,
            runId: run.id,
            counts,
            transactions: rows.slice(0, FINDER_MAX_ROWS),
            truncated: rows.length > FINDER_MAX_ROWS,
          },
          counts: {
            ...reading.counts,
            duplicates: counts.imported,
            pendingSkipped: counts.pending,
            invalid: counts.invalid + counts.currency,
          },
        };
      });
      return result;
    },

    /**
     * Imports the selected transactions that the bank lists, read again now, as new posted
     * ones in the journal's currency within the range: through the importer, into the
     * statements of their periods. The account's cursor is left as it is.
     */
    async importSelected(journalId: number, range: DateRange, ids: string[]): Promise<ImportSelectedResult> {
      const wanted = new Set(ids);
      const { result, run } = await withReading(journalId, range, 'manual', async (reading, account, { id }) => {
        const { journal } = account;
        // Only new posted ones in the journal's currency, as a run would; a stored one is a duplicate to the importer.
        const importable = reading.transactions.filter(
          (d) => wanted.has(d.t.providerTransactionId) && d.t.status === 'posted' && d.t.currency === journal.currency,
        );
        const offered = new Set(importable.map((d) => d.t.providerTransactionId));
        // Lines booked before the account's history start (its first fetch date, else its
        // oldest line) are history its anchored opening balance already counts: they go in
        // without moving the balances after them.
        const anchored = Boolean((account.cursor as { anchored?: boolean } | null)?.anchored);
        const first = anchored ? (account.firstFetchDate ?? (await firstLineDate(account.id))) : null;
        const inOpening = (d: DatedTransaction) => anchored && d.date < (first ?? localDate(new Date(), journal.timeZone));
        const importer = getService(strapi, 'importer');
        const batchSize = getService(strapi, 'settings').get().sync.batchSize;
        const statements: StatementCache = new Map();
        const today = localDate(new Date(), journal.timeZone);
        let imported = 0;
        let duplicates = 0;
        for (const [inOpeningBalance, part] of [
          [true, importable.filter(inOpening)],
          [false, importable.filter((d) => !inOpening(d))],
        ] as const) {
          for (let i = 0; i < part.length; i += batchSize) {
            const result = await importer.importBatch({
              journal,
              onlineAccountId: account.id,
              run: { id, date: today },
              transactions: part.slice(i, i + batchSize).map((d) => d.t),
              statements,
              inOpeningBalance,
            });
            imported += result.imported;
            duplicates += result.duplicates;
          }
        }
        const counts = { ...reading.counts, imported, duplicates };
        return { result: { imported, duplicates, skipped: ids.filter((x) => !offered.has(x)) }, counts };
      });
      return { run, imported: result.imported, alreadyImported: result.duplicates, skipped: result.skipped };
    },
  };
};

export default finder;
