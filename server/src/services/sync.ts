import type { Core } from '@strapi/strapi';
import type { StatementPeriodicity } from '../../../shared/contracts/journals';
import { outcomeOfFailure } from '../domain/backoff';
import { BankSyncError, conflict, notFound } from '../domain/errors';
import { addDays, localDate, type LocalDate } from '../domain/periods';
import { prefetch } from '../domain/prefetch';
import { errorReference } from '../domain/reference';
import { UID } from '../constants';
import {
  ImportFailure,
  type BankProvider,
  type ClassifiedError,
  type NormalizedTransaction,
  type ProviderAccount,
  type ProviderContext,
  type WebhookEvent,
} from '../providers/types';
import { getService } from '../utils/get-service';
import type { ImportJournal, StatementCache } from './importer';
import type { RunCounts, RunRecord, Trigger } from './sync-runs';

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

interface ConnectionRow {
  id: number;
  providerId: string;
  state: string;
  autoSync: boolean;
  frequencyMinutes: number;
  consecutiveFailures: number | null;
  providerData: Record<string, unknown> | null;
}

interface AccountRow {
  id: number;
  providerAccountId: string;
  currency: string | null;
  balance: string | null;
  cursor: Partial<AccountCursor> | null;
  firstFetchDate: string | null;
  journal: (ImportJournal & { id: number }) | null;
}

interface AccountFailure {
  accountId: number;
  error: ClassifiedError;
}

const emptyCounts = (): RunCounts => ({ fetched: 0, imported: 0, duplicates: 0, pendingSkipped: 0, invalid: 0 });

const sync = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const leases = () => getService(strapi, 'leases');
  const log = (level: 'info' | 'warn' | 'debug', message: string) => strapi.log[level](`[bank-sync] ${message}`);

  const context = (connection: ConnectionRow, credentials: Record<string, unknown> | null): ProviderContext =>
    getService(strapi, 'provider-context').build(connection.providerId, connection, credentials);

  async function loadConnection(id: number): Promise<ConnectionRow> {
    const row = (await strapi.db.query(UID.connection).findOne({ where: { id } })) as ConnectionRow | null;
    if (!row) throw notFound('Connection', id);
    return row;
  }

  /** Fetches the provider's accounts and stores names, numbers and balances. */
  async function refreshAccounts(connection: ConnectionRow, provider: BankProvider, ctx: ProviderContext) {
    const remote = await provider.fetchAccounts(ctx);
    const query = strapi.db.query(UID.account);
    const existing = (await query.findMany({ where: { connection: connection.id } })) as Array<{ id: number; providerAccountId: string }>;
    const byRemoteId = new Map(existing.map((a) => [a.providerAccountId, a.id]));
    for (const account of remote) {
      const data = {
        name: account.name,
        accountNumber: account.accountNumber,
        currency: account.currency,
        balance: account.balance === null ? null : account.balance.toString(),
        balanceDate: account.balanceDate,
      };
      const id = byRemoteId.get(account.providerAccountId);
      if (id) await query.update({ where: { id }, data });
      else await query.create({ data: { ...data, providerAccountId: account.providerAccountId, connection: connection.id } });
    }
    const expiries = remote.map((a) => a.consentExpiresAt).filter((d): d is Date => d instanceof Date);
    const consentExpiresAt = expiries.length ? new Date(Math.min(...expiries.map((d) => d.getTime()))) : undefined;
    if (consentExpiresAt) await strapi.db.query(UID.connection).update({ where: { id: connection.id }, data: { consentExpiresAt } });
    return remote;
  }

  async function linkedAccounts(connectionId: number): Promise<AccountRow[]> {
    const rows = (await strapi.db.query(UID.account).findMany({
      where: { connection: connectionId },
      populate: { journal: true },
      orderBy: { id: 'asc' },
    })) as AccountRow[];
    return rows.filter((row) => row.journal);
  }

  /** Imports one account page by page; each page commits with its cursor. */
  async function importAccount(
    provider: BankProvider,
    ctx: ProviderContext,
    account: AccountRow,
    remote: ProviderAccount | undefined,
    run: { id: number; date: LocalDate; connectionId: number },
    counts: RunCounts,
    invalidReasons: Map<string, number>,
  ): Promise<void> {
    const config = settings().sync;
    const journal = account.journal as ImportJournal;
    const service = getService(strapi, 'importer');
    // Database failures are the engine's, not the provider's: keep them apart for classify().
    const dbStep = <T>(work: Promise<T>): Promise<T> =>
      work.catch((error: unknown) => {
        throw new ImportFailure(error);
      });
    const importer = {
      importBatch: (batch: Parameters<typeof service.importBatch>[0]) => dbStep(service.importBatch(batch)),
      saveCursor: (id: number, cursor: unknown) => dbStep(service.saveCursor(id, cursor)),
      anchorOpeningBalance: (journalId: number, balance: bigint) => dbStep(service.anchorOpeningBalance(journalId, balance)),
    };
    const cursor: AccountCursor = {
      highWater: account.cursor?.highWater ?? null,
      resume: account.cursor?.resume ?? null,
      anchored: account.cursor?.anchored ?? false,
      previous: account.cursor?.previous ?? null,
    };
    const today = localDate(new Date(), journal.timeZone);
    const firstDate = account.firstFetchDate ?? addDays(today, -config.firstFetchDays);
    const since = cursor.highWater ? addDays(cursor.highWater, -config.overlapDays) : firstDate;
    const wasFirstImport = !cursor.anchored;
    let highWater = cursor.highWater;
    let lastRenewal = Date.now();
    const renewEvery = (settings().scheduler.leaseSeconds * 1000) / 3;

    if (provider.requestRefresh && !cursor.resume) {
      await provider.requestRefresh(ctx, { providerAccountId: account.providerAccountId });
    }
    const pages = provider.fetchTransactions(ctx, {
      providerAccountId: account.providerAccountId,
      currency: journal.currency,
      since,
      resume: cursor.resume,
      previous: cursor.previous,
    });
    let lastPageCursor: unknown = cursor.previous;
    const statements: StatementCache = new Map();
    for await (const page of prefetch(pages)) {
      counts.fetched += page.transactions.length + page.invalid.length;
      for (const bad of page.invalid) invalidReasons.set(bad.reason, (invalidReasons.get(bad.reason) ?? 0) + 1);
      counts.invalid += page.invalid.length;
      const posted: NormalizedTransaction[] = [];
      for (const t of page.transactions) {
        if (t.status !== 'posted') counts.pendingSkipped += 1;
        else if (t.currency !== journal.currency) {
          const reason = `currency ${t.currency} differs from the journal's ${journal.currency}`;
          invalidReasons.set(reason, (invalidReasons.get(reason) ?? 0) + 1);
          counts.invalid += 1;
        } else posted.push(t);
      }
      const pageCursor: AccountCursor = {
        highWater: cursor.highWater,
        resume: page.cursor,
        anchored: cursor.anchored,
        previous: cursor.previous,
      };
      lastPageCursor = page.cursor;
      if (posted.length === 0) {
        await importer.importBatch({ journal, onlineAccountId: account.id, run, transactions: [], cursor: pageCursor, statements });
      }
      for (let i = 0; i < posted.length; i += config.batchSize) {
        const chunk = posted.slice(i, i + config.batchSize);
        const last = i + config.batchSize >= posted.length;
        const result = await importer.importBatch({
          journal,
          onlineAccountId: account.id,
          run,
          transactions: chunk,
          cursor: last ? pageCursor : undefined,
          statements,
        });
        counts.imported += result.imported;
        counts.duplicates += result.duplicates;
        if (result.maxDate && (!highWater || result.maxDate > highWater)) highWater = result.maxDate;
      }
      if (Date.now() - lastRenewal > renewEvery) {
        await leases().renew(run.connectionId);
        lastRenewal = Date.now();
      }
    }

    // The run read everything: the next one starts from the newest date minus the overlap.
    let anchored = cursor.anchored;
    if (wasFirstImport && remote?.balance != null && remote.currency === journal.currency) {
      anchored = await importer.anchorOpeningBalance(journal.id, remote.balance);
    }
    await importer.saveCursor(account.id, { highWater, resume: null, anchored, previous: lastPageCursor } satisfies AccountCursor);
  }

  function classify(provider: BankProvider | null, error: unknown): ClassifiedError {
    if (error instanceof ImportFailure) {
      return {
        class: 'retry',
        code: 'database_error',
        message: `${error.message}. Every committed page is kept; the next run goes on from there.`,
      };
    }
    if (error instanceof BankSyncError) {
      return {
        class: error.errorName === 'ConfigurationError' || error.errorName === 'SecretsError' ? 'config' : 'invalid-request',
        code: error.errorName,
        message: error.message,
      };
    }
    if (provider) {
      try {
        return provider.classifyError(error);
      } catch {
        // a provider's classifier failing must not hide the original error
      }
    }
    return { class: 'retry', code: 'unexpected_error', message: `Unexpected error: ${(error as Error)?.message ?? String(error)}` };
  }

  /** One run of a connection whose lease this instance holds. */
  async function execute(connectionId: number, trigger: Trigger): Promise<RunRecord> {
    const runs = getService(strapi, 'sync-runs');
    const connection = await loadConnection(connectionId);
    const runId = await runs.start(connectionId, trigger);
    const counts = emptyCounts();
    const invalidReasons = new Map<string, number>();
    const failures: AccountFailure[] = [];
    let provider: BankProvider | null = null;
    let fatal: ClassifiedError | null = null;
    let accountsRun = 0;

    try {
      provider = getService(strapi, 'providers').get(connection.providerId);
      const credentials = await getService(strapi, 'connections').readCredentials(connectionId);
      const ctx = context(connection, credentials);
      const remote = await refreshAccounts(connection, provider, ctx);
      const byId = new Map(remote.map((a) => [a.providerAccountId, a]));
      for (const account of await linkedAccounts(connectionId)) {
        accountsRun += 1;
        const runInfo = { id: runId, date: localDate(new Date(), account.journal!.timeZone), connectionId };
        try {
          await importAccount(provider, ctx, account, byId.get(account.providerAccountId), runInfo, counts, invalidReasons);
        } catch (error) {
          // One failing account does not stop the others.
          failures.push({ accountId: account.id, error: classify(provider, error) });
        }
      }
    } catch (error) {
      fatal = classify(provider, error);
    }

    const withProviderRef = (e: ClassifiedError | null): ClassifiedError | null =>
      e && e.providerReference ? { ...e, message: `${e.message} (provider request id ${e.providerReference})` } : e;
    const failure = withProviderRef(fatal ?? (failures.length > 0 && failures.length === accountsRun ? failures[0]!.error : null));
    const partialFailure = withProviderRef(!failure && failures.length > 0 ? failures[0]!.error : null);
    const reference = failure || partialFailure ? errorReference() : null;
    const now = new Date();
    const frequency = connection.frequencyMinutes;
    const streak = failure ? (connection.consecutiveFailures ?? 0) + 1 : 0;

    let runError: { code: string; message: string; reference: string } | null = null;
    let status: 'success' | 'partial' | 'failed' = 'success';
    if (failure) {
      status = 'failed';
      runError = { code: failure.code, message: failure.message, reference: reference! };
      log(
        'warn',
        `run ${runId} of connection ${connectionId} failed [${reference}] ${failure.class}/${failure.code}: ${failure.message}${failure.providerReference ? ` (provider ref ${failure.providerReference})` : ''}`,
      );
    } else if (partialFailure) {
      status = 'partial';
      runError = {
        code: partialFailure.code,
        message: `${failures.length} of ${accountsRun} accounts failed: ${partialFailure.message}`,
        reference: reference!,
      };
      log('warn', `run ${runId} of connection ${connectionId} partly failed [${reference}]: ${partialFailure.message}`);
    } else if (counts.invalid > 0) {
      status = 'partial';
      const reasons = [...invalidReasons].map(([reason, n]) => `${reason} (${n})`).join('; ');
      runError = { code: 'invalid_records', message: `${counts.invalid} records rejected: ${reasons}`, reference: errorReference() };
      log('warn', `run ${runId} of connection ${connectionId} [${runError.reference}] ${runError.message}`);
    }

    const update: Record<string, unknown> = { lastSyncAt: now, consecutiveFailures: streak };
    if (failure) {
      const outcome = outcomeOfFailure(failure, streak, frequency, now);
      Object.assign(update, {
        state: outcome.state,
        nextSyncAt: outcome.nextSyncAt,
        lastErrorCode: failure.code,
        lastErrorMessage: failure.message,
        lastErrorReference: reference,
      });
      if (outcome.autoSync === false) update.autoSync = false;
    } else {
      Object.assign(update, {
        state: 'connected',
        nextSyncAt: new Date(now.getTime() + frequency * 60_000),
        lastErrorCode: runError?.code ?? null,
        lastErrorMessage: runError?.message ?? null,
        lastErrorReference: runError?.reference ?? null,
      });
      // A run where an account failed is not a success, even if the connection works.
      if (!partialFailure) update.lastSuccessAt = now;
    }
    await strapi.db.query(UID.connection).update({ where: { id: connectionId }, data: update });
    return runs.finish(runId, status, counts, runError);
  }

  return {
    /** The provider of a connection and the context it is called with (for the connect flow). */
    async providerFor(id: number): Promise<{ provider: BankProvider; ctx: ProviderContext }> {
      const connection = await loadConnection(id);
      const provider = getService(strapi, 'providers').get(connection.providerId);
      const credentials = await getService(strapi, 'connections').readCredentials(id);
      return { provider, ctx: context(connection, credentials) };
    },

    classify,

    /**
     * Runs one connection now (Synchronize Now / the scheduler). Claims the connection's
     * lease first: if another run holds it, answers 409 "already running".
     */
    async runConnection(id: number, options: { trigger?: Trigger; claimed?: boolean } = {}): Promise<RunRecord> {
      await loadConnection(id);
      if (!options.claimed && !(await leases().claim(id))) {
        throw conflict('A synchronization of this connection is already running', { connectionId: id });
      }
      try {
        return await execute(id, options.trigger ?? 'manual');
      } finally {
        await leases().release(id);
      }
    },

    /** Fetch Accounts: refreshes the online accounts (names, balances) without importing. */
    async fetchAccounts(id: number) {
      const connection = await loadConnection(id);
      if (!(await leases().claim(id))) throw conflict('A synchronization of this connection is already running', { connectionId: id });
      let provider: BankProvider | null = null;
      try {
        provider = getService(strapi, 'providers').get(connection.providerId);
        const credentials = await getService(strapi, 'connections').readCredentials(id);
        return await refreshAccounts(connection, provider, context(connection, credentials));
      } catch (error) {
        // A provider failure is recorded on the connection like a run's, then reported.
        const failure = classify(provider, error);
        const reference = errorReference();
        const update: Record<string, unknown> = {
          lastErrorCode: failure.code,
          lastErrorMessage: failure.message,
          lastErrorReference: reference,
        };
        if (failure.class === 'reauth') Object.assign(update, { state: 'expired', autoSync: false });
        await strapi.db.query(UID.connection).update({ where: { id }, data: update });
        log('warn', `fetch accounts of connection ${id} failed [${reference}] ${failure.class}/${failure.code}: ${failure.message}`);
        throw new BankSyncError('ProviderError', failure.message, { class: failure.class, code: failure.code, reference });
      } finally {
        await leases().release(id);
      }
    },

    /** Synchronize Now on a journal: runs the connection of its online account. */
    async syncJournal(journalId: number): Promise<RunRecord> {
      const journal = (await strapi.db.query(UID.journal).findOne({
        where: { id: journalId },
        populate: { onlineAccount: { populate: { connection: true } } },
      })) as { onlineAccount?: { connection?: { id: number } | null } | null } | null;
      if (!journal) throw notFound('Journal', journalId);
      const connectionId = journal.onlineAccount?.connection?.id;
      if (!connectionId) {
        throw new BankSyncError('ValidationError', 'This journal is not linked to an online account: link one before synchronizing.');
      }
      return this.runConnection(connectionId, { trigger: 'manual' });
    },

    /**
     * A verified provider webhook: `sync` runs the account's connection (in the background,
     * trigger `webhook`; skipped if a run is going), `reauthorized` reopens an expired
     * connection first. Returns the connection concerned, if any.
     */
    async handleWebhook(providerId: string, event: WebhookEvent): Promise<{ connectionIds: number[]; started: number }> {
      if (event.action === 'ignore' || !event.providerAccountId) return { connectionIds: [], started: 0 };
      const accounts = (await strapi.db.query(UID.account).findMany({
        where: { providerAccountId: event.providerAccountId },
        populate: { connection: { select: ['id', 'providerId', 'state'] } },
      })) as Array<{ connection: { id: number; providerId: string; state: string } | null }>;
      const connections = accounts
        .map((a) => a.connection)
        .filter((c): c is { id: number; providerId: string; state: string } => c?.providerId === providerId);
      let started = 0;
      for (const connection of connections) {
        if (event.action === 'reauthorized') {
          await strapi.db.query(UID.connection).update({
            where: { id: connection.id },
            data: { state: 'connected', autoSync: true, lastErrorCode: null, lastErrorMessage: null, lastErrorReference: null },
          });
        } else if (!['connected', 'error'].includes(connection.state)) continue;
        if (!(await leases().claim(connection.id))) continue;
        started += 1;
        void this.runConnection(connection.id, { trigger: 'webhook', claimed: true }).catch((error: unknown) => {
          log('warn', `webhook run of connection ${connection.id} failed: ${(error as Error)?.message ?? error}`);
        });
      }
      return { connectionIds: connections.map((c) => c.id), started };
    },

    /** Runs every connection that can run (auto-sync or not), one after another. */
    async syncAll(): Promise<Array<{ connectionId: number; run?: RunRecord; skipped?: string }>> {
      const rows = (await strapi.db.query(UID.connection).findMany({
        where: { state: { $in: ['connected', 'error'] } },
        select: ['id'],
        orderBy: { id: 'asc' },
      })) as Array<{ id: number }>;
      const results: Array<{ connectionId: number; run?: RunRecord; skipped?: string }> = [];
      for (const { id } of rows) {
        try {
          results.push({ connectionId: id, run: await this.runConnection(id, { trigger: 'manual' }) });
        } catch (error) {
          if (error instanceof BankSyncError && error.errorName === 'ConflictError')
            results.push({ connectionId: id, skipped: 'already running' });
          else throw error;
        }
      }
      return results;
    },
  };
};

export default sync;
export type SyncService = ReturnType<typeof sync>;
export type { StatementPeriodicity };
