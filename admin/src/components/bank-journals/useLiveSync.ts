import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import type { JournalView } from '../../../../shared/contracts/journals';
import type { RunView } from '../../../../shared/contracts/sync';
import {
  useGetActiveRunsQuery,
  useGetJournalsQuery,
  useGetRunsQuery,
  useSynchronizeAllMutation,
  useSynchronizeJournalMutation,
} from '../../services/api';
import { useT } from '../../utils/translate';
import { useRunResult } from './useRunResult';

/** How often the dashboard asks which runs are going (any instance, any trigger). */
const POLL_MS = 2_000;
/** Faster while a run shows, so its counts move. */
const POLL_RUNNING_MS = 1_000;

type ApiError = { status?: number; name?: string; message?: string };

/**
 * Live synchronization for the journals dashboard: the runs going now (polled from the
 * database, so a run started by the scheduler, a webhook or another instance shows too), the
 * connections asked to synchronize from here, and one notification per finished run, worded for
 * its bank connection.
 */
export function useLiveSync(journals: JournalView[] | undefined) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const runResult = useRunResult();

  const [starting, setStarting] = useState<ReadonlySet<number>>(new Set());
  const [syncingAll, setSyncingAll] = useState(false);
  const busy = starting.size > 0 || syncingAll;

  const [pollingInterval, setPollingInterval] = useState(POLL_MS);
  const active = useGetActiveRunsQuery(undefined, { pollingInterval });
  const { refetch: refetchJournals } = useGetJournalsQuery();
  const { refetch: refetchRuns } = useGetRunsQuery({ limit: 20 });
  const [synchronizeJournal] = useSynchronizeJournalMutation();
  const [synchronizeAllMutation] = useSynchronizeAllMutation();

  /** Each connection's run going now. */
  const running = useMemo(() => new Map((active.data ?? []).map((run) => [run.connectionId, run])), [active.data]);
  const anyRunning = running.size > 0 || busy;
  useEffect(() => setPollingInterval(anyRunning ? POLL_RUNNING_MS : POLL_MS), [anyRunning]);

  /** The bank a connection reaches, as the admin knows it. */
  const journalsRef = useRef(journals);
  journalsRef.current = journals;
  const bankOf = useCallback(
    (connectionId: number) =>
      journalsRef.current?.find((j) => j.connection?.id === connectionId)?.connection?.institutionName ?? t('journals.bankUnnamed'),
    [t],
  );

  /** Runs already notified (a run started here may also be seen ending by the poll). */
  const notified = useRef(new Set<number>());
  const notify = useCallback(
    (run: RunView) => {
      if (run.status === 'running' || notified.current.has(run.id)) return;
      notified.current.add(run.id);
      toggleNotification(runResult(run, bankOf(run.connectionId)));
    },
    [bankOf, runResult, toggleNotification],
  );

  // A run that was showing and is no longer going has ended: read its result, refresh the journals.
  const seen = useRef(new Map<number, RunView>());
  useEffect(() => {
    if (!active.data) return;
    const now = new Map(active.data.map((run) => [run.id, run]));
    const ended = [...seen.current.keys()].filter((id) => !now.has(id));
    seen.current = now;
    if (ended.length === 0) return;
    refetchJournals();
    refetchRuns()
      .unwrap()
      .then((runs) => runs.filter((run) => ended.includes(run.id)).forEach(notify))
      .catch(() => undefined);
  }, [active.data, notify, refetchJournals, refetchRuns]);

  const failed = useCallback(
    (error: unknown, connectionId: number | null) => {
      const e = error as ApiError;
      if (e?.status === 409 || e?.name === 'ConflictError') {
        toggleNotification({
          type: 'info',
          message: t('journals.alreadyRunning', { bank: connectionId ? bankOf(connectionId) : t('journals.bankUnnamed') }),
        });
      } else {
        toggleNotification({ type: 'danger', title: t('journals.syncFailedToStart'), message: formatAPIError(e as never) });
      }
    },
    [bankOf, formatAPIError, t, toggleNotification],
  );

  /** Synchronize Now: runs the journal's whole connection (every account of that bank). */
  const synchronize = useCallback(
    async (journal: JournalView) => {
      const connectionId = journal.connection?.id;
      if (!connectionId) return;
      setStarting((s) => new Set(s).add(connectionId));
      try {
        const result = await synchronizeJournal(journal.id);
        if ('error' in result) failed(result.error, connectionId);
        else notify(result.data);
      } finally {
        setStarting((s) => {
          const next = new Set(s);
          next.delete(connectionId);
          return next;
        });
      }
    },
    [failed, notify, synchronizeJournal],
  );

  /** Synchronize all: every connection that can run, one after the other; one notification per bank. */
  const synchronizeAll = useCallback(async () => {
    setSyncingAll(true);
    try {
      const result = await synchronizeAllMutation();
      if ('error' in result) {
        failed(result.error, null);
        return;
      }
      if (result.data.length === 0) toggleNotification({ type: 'info', message: t('journals.nothingToSync') });
      for (const item of result.data) {
        if (item.run) notify(item.run);
        else toggleNotification({ type: 'info', message: t('journals.alreadyRunning', { bank: bankOf(item.connectionId) }) });
      }
    } finally {
      setSyncingAll(false);
    }
  }, [bankOf, failed, notify, synchronizeAllMutation, t, toggleNotification]);

  return { running, starting, syncingAll, synchronize, synchronizeAll };
}
