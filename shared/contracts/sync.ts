import { z } from 'zod';
import type { OnlineAccountView } from './connect';
import { localDate } from './journals';

/** How the engine reacts to a failure; the admin words an error by its class (and its code when it knows it). */
export const ERROR_CLASSES = ['retry', 'backoff', 'reauth', 'config', 'gone', 'invalid-request'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** An error as a run and a connection keep it: the code, the class, the English message (technical detail) and the reference to quote. */
export interface RecordedErrorView {
  code: string;
  class: ErrorClass;
  message: string;
  reference: string;
}

/** `preview`: Find missing transactions read the bank and wrote nothing. */
export const TRIGGERS = ['schedule', 'manual', 'webhook', 'preview'] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const RUN_STATUSES = ['running', 'success', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One synchronization run, as the run log shows it. */
export interface RunView {
  id: number;
  connectionId: number;
  trigger: Trigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Pages read from the provider. While the run goes, the counts so far (written as batches commit). */
  pages: number;
  fetched: number;
  imported: number;
  duplicates: number;
  pendingSkipped: number;
  invalid: number;
  /** Imported lines the provider changed or withdrew since (label updated, correction or reversal added). */
  changed: number;
  error: RecordedErrorView | null;
}

/** What a run counted. */
export type RunCounts = Pick<RunView, 'pages' | 'fetched' | 'imported' | 'duplicates' | 'pendingSkipped' | 'invalid' | 'changed'>;

/**
 * POST /bank-sync/connections/:id/sync (Fetch Transactions; with `from`, every linked account
 * is read again from that date: what is already imported is skipped) and
 * POST /bank-sync/journals/:id/sync (Synchronize Now). 409 if a run is going.
 */
export const synchronizeBody = z.object({ from: localDate.optional() }).strict();

export declare namespace SynchronizeNow {
  interface Request {
    body: z.input<typeof synchronizeBody>;
  }
  interface Response {
    data: RunView;
  }
}

/** POST /bank-sync/sync-all */
export declare namespace SynchronizeAll {
  interface Response {
    data: Array<{ connectionId: number; run?: RunView; skipped?: string }>;
  }
}

/** GET /bank-sync/runs?connectionId=&limit=&offset= */
export declare namespace ListRuns {
  interface Response {
    data: RunView[];
  }
}

/**
 * GET /bank-sync/runs/active: the runs going now, on any instance (their connection's lease is
 * live), with their counts so far. The admin polls it to show progress.
 */
export declare namespace ListActiveRuns {
  interface Response {
    data: RunView[];
  }
}

/** POST /bank-sync/connections/:id/fetch-accounts: the accounts as read again (balances as decimal strings). */
export declare namespace FetchAccounts {
  interface Response {
    data: OnlineAccountView[];
  }
}
