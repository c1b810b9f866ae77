import { z } from 'zod';
import { FINDER_MAX_DAYS, FINDER_MAX_ROWS, FINDER_MAX_SELECTION, FOUND_STATUSES, type FoundStatus } from './finder-constants';
import { localDate } from './journals';
import type { RunView } from './sync';

/**
 * Find missing transactions: a dry run over a journal's online account for a date range,
 * then the import of the new posted transactions the admin selected.
 */

export { FINDER_MAX_DAYS, FINDER_MAX_ROWS, FINDER_MAX_SELECTION, FOUND_STATUSES, type FoundStatus };

const DAY_MS = 86_400_000;

const range = {
  from: localDate,
  to: localDate,
};

const rangeRules = <T extends { from: string; to: string }>(value: T, ctx: z.RefinementCtx) => {
  const days = (Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / DAY_MS;
  if (days < 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must be on or after from' });
  else if (days >= FINDER_MAX_DAYS)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: `must be less than ${FINDER_MAX_DAYS} days after from` });
};

/** POST /bank-sync/journals/:id/find-missing: reads the bank, writes nothing (but the run log). */
export const findMissingBody = z.object(range).strict().superRefine(rangeRules);

/** POST /bank-sync/journals/:id/import-selected: the bank is read again and only these new posted ones are imported. */
export const importSelectedBody = z
  .object({
    ...range,
    ids: z
      .array(z.string().min(1, 'must not be empty').max(255, 'has at most 255 characters'))
      .min(1, 'must name at least one transaction')
      .max(FINDER_MAX_SELECTION, `names at most ${FINDER_MAX_SELECTION} transactions`),
  })
  .strict()
  .superRefine(rangeRules);

/** A statement line already stored (amount as a decimal string). */
export interface FoundLine {
  id: number;
  statementId: number | null;
  date: string;
  amount: string;
  currency: string;
}

/** One transaction the bank lists, and what an import would do with it. */
export interface FoundTransaction {
  /** The provider's id (null for an invalid record that has none). */
  providerTransactionId: string | null;
  status: FoundStatus;
  /** Booking date in the journal's time zone (null for an invalid record). */
  date: string | null;
  /** Decimal string in `currency` (null for an invalid record). */
  amount: string | null;
  currency: string | null;
  label: string | null;
  counterpartyName: string | null;
  /** Pending transactions only: the bank still lists it as pending. */
  pending: boolean;
  /** `invalid`: why it cannot be imported (the provider module's words). */
  reason: string | null;
  /** `imported`: the line it is; `pending`: the posted line that replaced it, when known. */
  match: FoundLine | null;
  /** Can be selected for Import selected (new and posted, in the journal's currency). */
  importable: boolean;
}

export interface FindMissingResult {
  journalId: number;
  from: string;
  to: string;
  currency: string;
  timeZone: string;
  /** The run log entry (trigger `preview`) that counts the requests spent. */
  runId: number;
  counts: Record<FoundStatus, number>;
  /** Oldest first; invalid records (no date) last. */
  transactions: FoundTransaction[];
  /** More than FINDER_MAX_ROWS were found: only the first ones are listed. */
  truncated: boolean;
}

export declare namespace FindMissing {
  interface Request {
    body: z.input<typeof findMissingBody>;
  }
  interface Response {
    data: FindMissingResult;
  }
}

export interface ImportSelectedResult {
  /** The run that imported them (trigger `manual`). */
  run: RunView;
  /** Lines added now. */
  imported: number;
  /** Selected ones stored already (by an earlier import: clicking twice adds nothing). */
  alreadyImported: number;
  /** Selected ids the bank no longer lists as new posted transactions in the range: not imported. */
  skipped: string[];
}

export declare namespace ImportSelected {
  interface Request {
    body: z.input<typeof importSelectedBody>;
  }
  interface Response {
    data: ImportSelectedResult;
  }
}
