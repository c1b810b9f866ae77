import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Core } from '@strapi/strapi';
import type { ConnectionState } from '../../../shared/contracts/connections';
import { RUNNABLE_STATES, TABLES, UID } from '../constants';
import { failureOutcome, type RecordedError, type RunOutcome } from '../domain/connection-outcome';
import { notFound } from '../domain/errors';
import type { ClassifiedError, ErrorClass } from '../providers/types';
import { getService } from '../utils/get-service';

/** A connection row as the engine reads it (credentials and lease stay in the database). */
export interface ConnectionRow {
  id: number;
  documentId: string;
  providerId: string;
  institutionId: string | null;
  institutionName: string | null;
  institutionCountry: string | null;
  state: ConnectionState;
  autoSync: boolean;
  frequencyMinutes: number;
  consecutiveFailures: number | null;
  lastSyncAt: string | Date | null;
  lastSuccessAt: string | Date | null;
  nextSyncAt: string | Date | null;
  consentExpiresAt: string | Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorReference: string | null;
  lastErrorClass: ErrorClass | null;
  providerData: Record<string, unknown> | null;
  /** Sealed (AES-256-GCM); only services/connections opens it. */
  credentials?: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
}

const errorColumns = (error: RecordedError | null) => ({
  lastErrorCode: error?.code ?? null,
  lastErrorMessage: error?.message ?? null,
  lastErrorReference: error?.reference ?? null,
  lastErrorClass: error?.class ?? null,
});

/**
 * Every write of a connection's state, as named operations: the lease (claim, renew,
 * release), the outcome of a run, a failure outside a run, connected again. Services call
 * these; nothing else updates a connection's state or last error.
 */
function createConnectionRepository(strapi: Core.Strapi) {
  /** This instance's name on the leases it holds. */
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const query = () => strapi.db.query(UID.connection);
  const table = () => strapi.db.connection(TABLES.connections);
  const leaseMs = () => getService(strapi, 'settings').get().scheduler.leaseSeconds * 1000;
  const update = async (id: number, data: Record<string, unknown>) => {
    const row = await query().update({ where: { id }, data });
    if (!row) throw notFound('Connection', id);
  };

  return {
    async find(id: number): Promise<ConnectionRow> {
      const row = (await query().findOne({ where: { id } })) as ConnectionRow | null;
      if (!row) throw notFound('Connection', id);
      return row;
    },

    async findAll(): Promise<ConnectionRow[]> {
      return (await query().findMany({ orderBy: [{ id: 'asc' }] })) as ConnectionRow[];
    },

    /** Ids of the connections that may run now (Synchronize all), auto-sync or not. */
    async runnableIds(): Promise<number[]> {
      const rows = (await query().findMany({
        where: { state: { $in: [...RUNNABLE_STATES] } },
        select: ['id'],
        orderBy: { id: 'asc' },
      })) as Array<{
        id: number;
      }>;
      return rows.map((row) => row.id);
    },

    /**
     * Claims a connection if nobody holds a live lease on it, with one conditional UPDATE
     * (the same on SQLite, PostgreSQL and MySQL, across instances). With `due`, only if it is
     * also due (auto-sync on, runnable state, next sync reached): the scheduler's claim.
     */
    async claim(id: number, options: { due?: boolean; now?: Date } = {}): Promise<boolean> {
      const now = options.now ?? new Date();
      const claim = table()
        .where('id', id)
        .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now));
      if (options.due)
        claim
          .andWhere('auto_sync', true)
          .whereIn('state', [...RUNNABLE_STATES])
          .andWhere('next_sync_at', '<=', now);
      const updated = await claim.update({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + leaseMs()) });
      return Number(updated) === 1;
    },

    /** Extends a lease this instance holds (long runs call it as they go). */
    async renew(id: number): Promise<boolean> {
      const updated = await table()
        .where({ id, lease_owner: owner })
        .update({ lease_expires_at: new Date(Date.now() + leaseMs()) });
      return Number(updated) === 1;
    },

    /**
     * Keeps a held lease alive while work goes on: renewed every third of the lease, so a run
     * never loses it while its instance lives, and a crashed instance's lease frees itself
     * within `scheduler.leaseSeconds`. Returns the function that stops it.
     */
    heartbeat(id: number): () => void {
      const timer = setInterval(() => {
        this.renew(id).catch((error: unknown) => {
          strapi.log.warn(`[bank-sync] lease of connection ${id} not renewed: ${(error as Error)?.message ?? error}`);
        });
      }, leaseMs() / 3);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** When the live lease on a connection ends (null: none), for the admin's "already running". */
    async leaseEnd(id: number, now = new Date()): Promise<Date | null> {
      const row = (await table().first('lease_expires_at').where('id', id)) as { lease_expires_at: unknown } | undefined;
      const end = row?.lease_expires_at ? new Date(row.lease_expires_at as string) : null;
      return end && end.getTime() > now.getTime() ? end : null;
    },

    async release(id: number): Promise<void> {
      await table().where({ id, lease_owner: owner }).update({ lease_owner: null, lease_expires_at: null });
    },

    /** Ids of due connections nobody holds, soonest first (the scheduler's candidates). */
    async dueCandidates(limit: number, now = new Date()): Promise<number[]> {
      const rows = (await table()
        .select('id')
        .where('auto_sync', true)
        .whereIn('state', [...RUNNABLE_STATES])
        .andWhere('next_sync_at', '<=', now)
        .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
        .orderBy('next_sync_at', 'asc')
        .limit(limit)) as Array<{ id: number }>;
      return rows.map((row) => Number(row.id));
    },

    /** What a run wrote: state, next run, the error to read (or none). */
    async recordRun(id: number, outcome: RunOutcome['connection']): Promise<void> {
      await update(id, {
        state: outcome.state,
        nextSyncAt: outcome.nextSyncAt,
        lastSyncAt: outcome.lastSyncAt,
        consecutiveFailures: outcome.consecutiveFailures,
        ...(outcome.lastSuccessAt ? { lastSuccessAt: outcome.lastSuccessAt } : {}),
        ...(outcome.pauseAutoSync ? { autoSync: false } : {}),
        ...errorColumns(outcome.lastError),
      });
    },

    /**
     * A provider failure outside a run (Fetch Accounts): the same state rule as a failed
     * run (failureOutcome), so the connection says what is wrong.
     */
    async recordFailure(connection: ConnectionRow, failure: ClassifiedError, error: RecordedError): Promise<void> {
      const streak = (connection.consecutiveFailures ?? 0) + 1;
      const outcome = failureOutcome(failure, streak, connection.frequencyMinutes);
      await update(connection.id, {
        state: outcome.state,
        nextSyncAt: outcome.nextSyncAt,
        consecutiveFailures: streak,
        ...(outcome.pauseAutoSync ? { autoSync: false } : {}),
        ...errorColumns(error),
      });
    },

    /**
     * A provider failure while connecting (Connect, Reconnect, the callback): recorded to be
     * read and quoted; the state stays (a pending connection stays pending, a working one works).
     */
    async recordConnectFailure(id: number, error: RecordedError): Promise<void> {
      await update(id, errorColumns(error));
    },

    /** Consent given (the callback) or renewed (a webhook): connected, auto-sync on, due now. */
    async markConnected(
      id: number,
      facts: { consentExpiresAt?: Date | null; providerData?: Record<string, unknown> | null; externalId?: string } = {},
    ): Promise<void> {
      await update(id, {
        state: 'connected',
        autoSync: true,
        nextSyncAt: new Date(),
        consecutiveFailures: 0,
        ...errorColumns(null),
        ...(facts.consentExpiresAt ? { consentExpiresAt: facts.consentExpiresAt } : {}),
        ...(facts.providerData !== undefined ? { providerData: facts.providerData } : {}),
        ...(facts.externalId ? { externalId: facts.externalId.slice(0, 255) } : {}),
      });
    },

    /**
     * The provider put a refresh off (RefreshDeferred) or, with null, did one: the admin sees
     * until when the data read is what the provider already had.
     */
    async recordRefresh(id: number, deferred: { until: Date | null; code: string; message: string } | null): Promise<void> {
      await update(id, {
        refreshDeferredUntil: deferred?.until ?? null,
        refreshDeferredCode: deferred?.code.slice(0, 64) ?? null,
        refreshDeferredMessage: deferred?.message ?? null,
      });
    },

    /** New credentials were accepted: the error is cleared; a failing connection is due again. */
    async markCredentialsUpdated(connection: ConnectionRow): Promise<void> {
      const reopen = connection.state === 'error' || connection.state === 'pending';
      await update(connection.id, {
        consecutiveFailures: 0,
        ...errorColumns(null),
        ...(reopen ? { state: 'connected', nextSyncAt: new Date() } : {}),
      });
    },

    /** Edit: auto-sync and frequency. Turning auto-sync on makes a connection due at once. */
    async edit(id: number, changes: { autoSync?: boolean; frequencyMinutes?: number }): Promise<void> {
      await update(id, {
        ...changes,
        ...(changes.autoSync ? { nextSyncAt: new Date() } : {}),
      });
    },

    /** Disconnect: no more runs, credentials erased; accounts, journals and statements kept. */
    async markDisconnected(id: number): Promise<void> {
      await update(id, { state: 'disconnected', autoSync: false, nextSyncAt: null, credentials: null, consecutiveFailures: 0 });
    },

    /** Removes a connection that never imported anything, with its accounts. */
    async remove(id: number): Promise<void> {
      await strapi.db.query(UID.account).deleteMany({ where: { connection: id } });
      await query().delete({ where: { id } });
    },

    async setFrequency(id: number, frequencyMinutes: number): Promise<void> {
      await update(id, { frequencyMinutes });
    },

    /** The earliest consent end of the connection's accounts (or the one its provider gave). */
    async setConsentExpiry(id: number, consentExpiresAt: Date): Promise<void> {
      await update(id, { consentExpiresAt });
    },

    async saveProviderData(id: number, providerData: Record<string, unknown> | null): Promise<void> {
      await update(id, { providerData });
    },
  };
}

type ConnectionRepository = ReturnType<typeof createConnectionRepository>;

const repositories = new WeakMap<Core.Strapi, ConnectionRepository>();

/** The connection repository of a Strapi instance (one per instance: it names the instance's leases). */
export function connectionRepository(strapi: Core.Strapi): ConnectionRepository {
  let repository = repositories.get(strapi);
  if (!repository) {
    repository = createConnectionRepository(strapi);
    repositories.set(strapi, repository);
  }
  return repository;
}
