import type { ClassifiedError } from '../providers/types';

const MINUTE = 60_000;

export interface Outcome {
  state: 'connected' | 'error' | 'expired';
  autoSync?: boolean;
  nextSyncAt: Date;
}

/**
 * What a failed run does to its connection, by error class:
 * - retry: exponential backoff from 5 minutes, doubled per failure in a row, capped at the
 *   connection's frequency;
 * - backoff: not before the provider's time (and not before 1 minute);
 * - reauth: state `expired` and auto-sync paused until the admin reconnects;
 * - config / gone / invalid-request: state `error`, next attempt at the usual frequency.
 */
export function outcomeOfFailure(error: ClassifiedError, failuresInARow: number, frequencyMinutes: number, now = new Date()): Outcome {
  const frequencyMs = frequencyMinutes * MINUTE;
  switch (error.class) {
    case 'retry': {
      const delay = Math.min(frequencyMs, 5 * MINUTE * 2 ** Math.max(0, failuresInARow - 1));
      return { state: 'error', nextSyncAt: new Date(now.getTime() + delay) };
    }
    case 'backoff': {
      const until = error.until && error.until.getTime() > now.getTime() + MINUTE ? error.until : new Date(now.getTime() + MINUTE);
      return { state: 'error', nextSyncAt: until };
    }
    case 'reauth':
      return { state: 'expired', autoSync: false, nextSyncAt: new Date(now.getTime() + frequencyMs) };
    default:
      return { state: 'error', nextSyncAt: new Date(now.getTime() + frequencyMs) };
  }
}
