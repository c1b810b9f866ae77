import type { Core } from '@strapi/strapi';
import type { RunCounts } from '../../../shared/contracts/sync';
import { addDays, localDate, type LocalDate } from '../domain/periods';
import { prefetch } from '../domain/prefetch';
import {
  ImportFailure,
  type BankProvider,
  type NormalizedTransaction,
  type ProviderAccount,
  type ProviderContext,
} from '../providers/types';
import { connectionRepository } from '../repositories/connections';
import type { LinkedAccount } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';
import type { StatementCache } from './importer';

/** What an online account remembers between runs. */
export interface AccountCursor {
  /** Latest local booking date of a completed run. */
  highWater: LocalDate | null;
  /** Provider position after the last committed page of an interrupted run. */
  resume: unknown;
  /** The journal's balances were anchored on the bank balance. */
  anchored: boolean;
  /** Cursor of the last page of the last complete run, given back to the provider. */
  previous?: unknown;
}

/** What a run adds up over its accounts. */
export interface RunTally {
  counts: RunCounts;
  /** Records that could not be imported, by reason. */
  invalid: Map<string, number>;
}

export const emptyTally = (): RunTally => ({
  counts: { pages: 0, fetched: 0, imported: 0, duplicates: 0, pendingSkipped: 0, invalid: 0, changed: 0 },
  invalid: new Map(),
});

const reject = (tally: RunTally, reason: string, n = 1) => {
  tally.invalid.set(reason, (tally.invalid.get(reason) ?? 0) + n);
  tally.counts.invalid += n;
};

/**
 * The import of one account: pages from the provider, posted transactions in the journal's
 * currency into statements, each page committed with its cursor. An interrupted import goes
 * on from the last committed page; a complete one anchors the journal on the bank balance.
 */
const accountImport = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();

  // Database failures are the engine's, not the provider's: kept apart for classify().
  const databaseStep = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      throw new ImportFailure(error);
    });

  return {
    async run(
      provider: BankProvider,
      ctx: ProviderContext,
      account: LinkedAccount,
      remote: ProviderAccount | undefined,
      run: { id: number; connectionId: number },
      tally: RunTally,
      /** Called after each committed page (the run writes its progress). */
      onPage: () => Promise<void>,
      /** Read again from this date (Fetch Transactions from): what is stored is skipped as duplicates. */
      from?: LocalDate,
    ): Promise<void> {
      const config = settings().sync;
      const importer = getService(strapi, 'importer');
      const { journal } = account;
      const stored = (account.cursor ?? {}) as Partial<AccountCursor>;
      const cursor: AccountCursor = {
        highWater: stored.highWater ?? null,
        resume: stored.resume ?? null,
        anchored: stored.anchored ?? false,
        previous: stored.previous ?? null,
      };
      const today = localDate(new Date(), journal.timeZone);
      const batchRun = { id: run.id, date: today, connectionId: run.connectionId };
      if (from) cursor.resume = null;
      const since =
        from ??
        (cursor.highWater
          ? addDays(cursor.highWater, -config.overlapDays)
          : (account.firstFetchDate ?? addDays(today, -config.firstFetchDays)));
      let highWater = cursor.highWater;

      if (provider.requestRefresh && !cursor.resume) {
        // A refresh put off (a daily limit, one still running) is no failure: read what the provider has.
        const deferred = await provider.requestRefresh(ctx, { providerAccountId: account.providerAccountId });
        if (deferred) ctx.log.info(`refresh put off (${deferred.code}): ${deferred.message}`);
        await databaseStep(connectionRepository(strapi).recordRefresh(run.connectionId, deferred ?? null));
      }
      const pages = provider.fetchTransactions(ctx, {
        providerAccountId: account.providerAccountId,
        currency: journal.currency,
        since,
        resume: cursor.resume,
        previous: cursor.previous,
        account: remote,
      });
      let lastPageCursor: unknown = cursor.previous;
      const statements: StatementCache = new Map();
      for await (const page of prefetch(pages)) {
        tally.counts.pages += 1;
        tally.counts.fetched += page.transactions.length + page.invalid.length;
        for (const bad of page.invalid) reject(tally, bad.reason);
        const posted: NormalizedTransaction[] = [];
        for (const t of page.transactions) {
          if (t.status !== 'posted') tally.counts.pendingSkipped += 1;
          else if (t.currency !== journal.currency) reject(tally, `currency ${t.currency} differs from the journal's ${journal.currency}`);
          else posted.push(t);
        }
        // Changes to transactions given before (Plaid's modified / removed): what they turn into.
        const modified = (page.modified ?? []).filter((t) => t.currency === journal.currency);
        const plan =
          modified.length || page.removed?.length
            ? await databaseStep(getService(strapi, 'line-changes').plan(journal, account.id, today, modified, page.removed ?? []))
            : null;
        if (plan) posted.push(...plan.fresh);
        const adjusting = plan && (plan.adjustments.length > 0 || plan.updates.length > 0) ? plan : null;
        const pageCursor: AccountCursor = { ...cursor, resume: page.cursor };
        lastPageCursor = page.cursor;
        const batch = { journal, onlineAccountId: account.id, run: batchRun, statements };
        if (posted.length === 0 && !adjusting) await databaseStep(importer.importBatch({ ...batch, transactions: [], cursor: pageCursor }));
        for (let i = 0; i < posted.length; i += config.batchSize) {
          const last = i + config.batchSize >= posted.length && !adjusting;
          const result = await databaseStep(
            importer.importBatch({ ...batch, transactions: posted.slice(i, i + config.batchSize), cursor: last ? pageCursor : undefined }),
          );
          tally.counts.imported += result.imported;
          tally.counts.duplicates += result.duplicates;
          if (result.maxDate && (!highWater || result.maxDate > highWater)) highWater = result.maxDate;
        }
        // Corrections and reversals last, with the page's cursor: a page read again after a
        // crash applies its changes once (they compare with what is stored).
        if (adjusting) {
          await databaseStep(
            importer.importBatch({ ...batch, transactions: adjusting.adjustments, updates: adjusting.updates, cursor: pageCursor }),
          );
          tally.counts.changed += adjusting.changed;
        }
        await onPage();
      }

      // Everything was read: the first complete import anchors the journal on the bank's
      // balance (an opening statement when there is no line yet); the next run starts from the
      // newest date minus the overlap.
      let { anchored } = cursor;
      if (!anchored && remote?.balance != null && remote.currency === journal.currency) {
        anchored = await databaseStep(importer.anchorOpeningBalance(journal, remote.balance, batchRun));
      }
      const next: AccountCursor = { highWater, resume: null, anchored, previous: lastPageCursor };
      await databaseStep(importer.saveCursor(account.id, next));
    },
  };
};

export default accountImport;
