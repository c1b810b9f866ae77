import type { Core } from '@strapi/strapi';
import type { RunCounts, RunStatus, RunView, Trigger } from '../../../shared/contracts/sync';
import { UID } from '../constants';

interface RunRow {
  id: number;
  connectionId: number;
  trigger: Trigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  fetchedCount: number;
  importedCount: number;
  duplicateCount: number;
  pendingSkippedCount: number;
  invalidCount: number;
  errorCode: string | null;
  errorMessage: string | null;
  errorReference: string | null;
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
    fetched: row.fetchedCount ?? 0,
    imported: row.importedCount ?? 0,
    duplicates: row.duplicateCount ?? 0,
    pendingSkipped: row.pendingSkippedCount ?? 0,
    invalid: row.invalidCount ?? 0,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '', reference: row.errorReference ?? '' } : null,
  };
}

/** The run log: one record per synchronization of a connection. */
const syncRuns = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.syncRun);
  return {
    async start(connectionId: number, trigger: Trigger): Promise<number> {
      const row = (await query().create({
        data: { connection: connectionId, connectionId, trigger, status: 'running', startedAt: new Date() },
      })) as { id: number };
      return row.id;
    },

    async finish(
      id: number,
      status: Exclude<RunStatus, 'running'>,
      counts: RunCounts,
      error: { code: string; message: string; reference: string } | null,
    ): Promise<RunView> {
      const row = (await query().update({
        where: { id },
        data: {
          status,
          finishedAt: new Date(),
          fetchedCount: counts.fetched,
          importedCount: counts.imported,
          duplicateCount: counts.duplicates,
          pendingSkippedCount: counts.pendingSkipped,
          invalidCount: counts.invalid,
          errorCode: error?.code ?? null,
          errorMessage: error?.message ?? null,
          errorReference: error?.reference ?? null,
        },
      })) as RunRow;
      return toRunView(row);
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
