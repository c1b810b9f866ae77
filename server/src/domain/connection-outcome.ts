import type { ConnectionState } from '../../../shared/contracts/connections';
import type { RecordedErrorView, RunStatus } from '../../../shared/contracts/sync';
import type { ClassifiedError } from '../providers/types';

const MINUTE = 60_000;

/** What a failure does to its connection. */
export interface FailureOutcome {
  state: Extract<ConnectionState, 'error' | 'expired'>;
  /** Auto-sync is paused (reauth) until the admin reconnects. */
  pauseAutoSync: boolean;
  nextSyncAt: Date;
}

/**
 * The one rule from a failure's class to its connection's state:
 * - retry: state `error`, exponential backoff from 5 minutes, doubled per failure in a row,
 *   capped at the connection's frequency;
 * - backoff: state `error`, not before the provider's time (and not before 1 minute);
 * - reauth: state `expired` and auto-sync paused until the admin reconnects;
 * - config / gone / invalid-request: state `error`, next attempt at the usual frequency.
 */
export function failureOutcome(error: ClassifiedError, failuresInARow: number, frequencyMinutes: number, now = new Date()): FailureOutcome {
  const frequencyMs = frequencyMinutes * MINUTE;
  const at = (ms: number) => new Date(now.getTime() + ms);
  switch (error.class) {
    case 'retry':
      return {
        state: 'error',
        pauseAutoSync: false,
        nextSyncAt: at(Math.min(frequencyMs, 5 * MINUTE * 2 ** Math.max(0, failuresInARow - 1))),
      };
    case 'backoff': {
      const until = error.until && error.until.getTime() > now.getTime() + MINUTE ? error.until : at(MINUTE);
      return { state: 'error', pauseAutoSync: false, nextSyncAt: until };
    }
    case 'reauth':
      return { state: 'expired', pauseAutoSync: true, nextSyncAt: at(frequencyMs) };
    default:
      return { state: 'error', pauseAutoSync: false, nextSyncAt: at(frequencyMs) };
  }
}

/** A failure as stored on a connection and a run: the admin's message and a reference to quote. */
export type RecordedError = RecordedErrorView;

/** The message of a failure, with the provider's request id when it gave one (said once). */
export function failureMessage(error: ClassifiedError): string {
  return error.providerReference ? `${error.message} (provider request id ${error.providerReference})` : error.message;
}

export interface RunFacts {
  /** A failure that stopped the whole run (accounts could not be read, ...). */
  fatal: ClassifiedError | null;
  /** Failures of single accounts; the other accounts went on. */
  accountFailures: ClassifiedError[];
  /** Accounts the run tried to import. */
  accountsRun: number;
  /** Records the provider gave that could not be imported, by reason. */
  invalid: Map<string, number>;
  connection: { frequencyMinutes: number; consecutiveFailures: number };
  now: Date;
}

/** How a run ends, and what it writes on its connection. */
export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  /** The failure behind a failed or partial run (its class, for the log). */
  failure: ClassifiedError | null;
  error: RecordedError | null;
  connection: {
    state: Extract<ConnectionState, 'connected' | 'error' | 'expired'>;
    pauseAutoSync: boolean;
    nextSyncAt: Date;
    lastSyncAt: Date;
    /** Set when every account was imported. */
    lastSuccessAt: Date | null;
    consecutiveFailures: number;
    lastError: RecordedError | null;
  };
}

/**
 * A run's outcome from what happened in it:
 * - failed: a fatal failure, or every account failed; the connection takes the failure's
 *   state (failureOutcome);
 * - partial: some accounts failed, or the provider gave invalid records; the connection
 *   stays connected, with the error to read, and the run is no success;
 * - success: the connection is connected, its error cleared.
 */
export function runOutcome(facts: RunFacts, newReference: () => string): RunOutcome {
  const { fatal, accountFailures, accountsRun, connection, now } = facts;
  const allFailed = accountFailures.length > 0 && accountFailures.length === accountsRun;
  const failure = fatal ?? (allFailed ? accountFailures[0]! : null);

  if (failure) {
    const streak = connection.consecutiveFailures + 1;
    const outcome = failureOutcome(failure, streak, connection.frequencyMinutes, now);
    const error = { code: failure.code, class: failure.class, message: failureMessage(failure), reference: newReference() };
    return {
      status: 'failed',
      failure,
      error,
      connection: {
        state: outcome.state,
        pauseAutoSync: outcome.pauseAutoSync,
        nextSyncAt: outcome.nextSyncAt,
        lastSyncAt: now,
        lastSuccessAt: null,
        consecutiveFailures: streak,
        lastError: error,
      },
    };
  }

  let partial: { failure: ClassifiedError | null; error: RecordedError } | null = null;
  const firstFailure = accountFailures[0];
  if (firstFailure) {
    partial = {
      failure: firstFailure,
      error: {
        code: firstFailure.code,
        class: firstFailure.class,
        message: `${accountFailures.length} of ${accountsRun} accounts failed: ${failureMessage(firstFailure)}`,
        reference: newReference(),
      },
    };
  } else if (facts.invalid.size > 0) {
    const count = [...facts.invalid.values()].reduce((sum, n) => sum + n, 0);
    const reasons = [...facts.invalid].map(([reason, n]) => `${reason} (${n})`).join('; ');
    partial = {
      failure: null,
      error: {
        code: 'invalid_records',
        class: 'invalid-request',
        message: `${count} records rejected: ${reasons}`,
        reference: newReference(),
      },
    };
  }
  // An account told to wait (a long 429) is not asked again before the provider's time, even
  // when the connection's frequency would run it sooner.
  const providerWaits = accountFailures.map((f) => (f.class === 'backoff' && f.until ? f.until.getTime() : 0));
  const nextSyncAt = new Date(Math.max(now.getTime() + connection.frequencyMinutes * MINUTE, ...providerWaits));
  return {
    status: partial ? 'partial' : 'success',
    failure: partial?.failure ?? null,
    error: partial?.error ?? null,
    connection: {
      state: 'connected',
      pauseAutoSync: false,
      nextSyncAt,
      lastSyncAt: now,
      // A run where an account failed is not a success, even if the connection works.
      lastSuccessAt: firstFailure ? null : now,
      consecutiveFailures: 0,
      lastError: partial?.error ?? null,
    },
  };
}
