import type { Core } from '@strapi/strapi';
import type { ErrorClass, RecordedErrorView, RunCounts, RunStatus, RunView, Trigger } from '../../../shared/contracts/sync';
import { TABLES, UID } from '../constants';

interface RunRow {
  id: number;
  connectionId: number;
  trigger: Trigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  pageCount: number;
  fetchedCount: number;
  importedCount: number;
  duplicateCount: number;
  pendingSkippedCount: number;
  invalidCount: number;
  changedCount: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorReference: string | null;
  errorClass: ErrorClass | null;
}

/** A run as the admin API returns it. */
function toRunView(row: RunRow): RunView {
  const started = new Date(row.startedAt);
  const finished = row.finishedAt ? new Date(row.finishedAt) : null;
  return {
    id: row.id,
    connectionId: row.connectionId,
    trigger: row.trigger,
    status: row.status,
    startedAt: started.toISOString(),
    finishedAt: finished?.toISOString() ?? null,
    durationMs: finished ? finished.getTime() - started.getTime() : null,
    pages: row.pageCount ?? 0,
    fetched: row.fetchedCount ?? 0,
    imported: row.importedCount ?? 0,
    duplicates: row.duplicateCount ?? 0,
    pendingSkipped: row.pendingSkippedCount ?? 0,
    invalid: row.invalidCount ?? 0,
    changed: row.changedCount ?? 0,
    error: row.errorCode
      ? { code: row.errorCode, class: row.errorClass ?? 'retry', message: row.errorMessage ?? '', reference: row.errorReference ?? '' }
      : null,
  };
}

/** How a run whose instance stopped is closed: failed, class retry, with what it had committed. */
const INTERRUPTED = () => ({
  status: 'failed' as const,
  finishedAt: new Date(),
  errorCode: 'interrupted',
  errorClass: 'retry' as const,
  errorMessage:
    'This run was interrupted (its server stopped); the counts are what it had committed, and the next run goes on from its last committed page.',
});

/** The run log: one record per synchronization of a connection. */
const syncRuns = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.syncRun);
  const countColumns = (counts: RunCounts) => ({
    pageCount: counts.pages,
    fetchedCount: counts.fetched,
    importedCount: counts.imported,
    duplicateCount: counts.duplicates,
    pendingSkippedCount: counts.pendingSkipped,
    invalidCount: counts.invalid,
    changedCount: counts.changed,
  });

  return {
    /**
     * A new run of a connection whose lease this instance holds. A run of it still marked
     * running was interrupted (its instance stopped): it is closed as failed first.
     */
    async start(connectionId: number, trigger: Trigger): Promise<number> {
      await query().updateMany({ where: { connectionId, status: 'running' }, data: INTERRUPTED() });
      const row = (await query().create({
        data: { connection: connectionId, connectionId, trigger, status: 'running', startedAt: new Date() },
      })) as { id: number };
      return row.id;
    },

    async finish(id: number, status: Exclude<RunStatus, 'running'>, counts: RunCounts, error: RecordedErrorView | null): Promise<RunView> {
      const row = (await query().update({
        where: { id },
        data: {
          status,
          finishedAt: new Date(),
          ...countColumns(counts),
          errorCode: error?.code ?? null,
          errorMessage: error?.message ?? null,
          errorReference: error?.reference ?? null,
          errorClass: error?.class ?? null,
        },
      })) as RunRow;
      return toRunView(row);
    },

    /**
     * Closes the runs whose instance died: still marked running while their connection's
     * lease has lapsed (a live run renews it). They keep the counts they had committed.
     * Called on every scheduler tick, so no run stays "running" for ever. Returns how many.
     */
    async closeOrphans(now = new Date()): Promise<number> {
      const knex = strapi.db.connection;
      const orphans = (await knex(`${TABLES.runs} as r`)
        .join(`${TABLES.connections} as c`, 'c.id', 'r.connection_id')
        .where('r.status', 'running')
        .andWhere((q) => q.whereNull('c.lease_expires_at').orWhere('c.lease_expires_at', '<', now))
        .select('r.id')) as Array<{ id: number }>;
      if (orphans.length === 0) return 0;
      await query().updateMany({ where: { id: { $in: orphans.map((r) => Number(r.id)) }, status: 'running' }, data: INTERRUPTED() });
      return orphans.length;
    },

    /** The counts so far of a run that goes on. */
    async progress(id: number, counts: RunCounts): Promise<void> {
      await query().update({ where: { id }, data: countColumns(counts) });
    },

    /** The runs going now on any instance: marked running, and their connection's lease is live. */
    async active(): Promise<RunView[]> {
      const knex = strapi.db.connection;
      const ids = (await knex(`${TABLES.runs} as r`)
        .join(`${TABLES.connections} as c`, 'c.id', 'r.connection_id')
        .where('r.status', 'running')
        .andWhere('c.lease_expires_at', '>', new Date())
        .select('r.id')) as Array<{ id: number }>;
      if (ids.length === 0) return [];
      const rows = (await query().findMany({ where: { id: { $in: ids.map((r) => Number(r.id)) } }, orderBy: { id: 'asc' } })) as RunRow[];
      return rows.map(toRunView);
    },

    async list(filter: { connectionId?: number; limit?: number; offset?: number } = {}): Promise<RunView[]> {
      const rows = (await query().findMany({
        where: filter.connectionId ? { connectionId: filter.connectionId } : {},
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        limit: Math.min(filter.limit ?? 50, 200),
        offset: filter.offset ?? 0,
      })) as RunRow[];
      return rows.map(toRunView);
    },
  };
};

export default syncRuns;
