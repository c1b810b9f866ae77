const DAY_MS = 86_400_000;

export interface DueReminder {
  /** The threshold reached: the smallest of the configured days that is at least `daysLeft`. */
  threshold: number;
  /** Whole days left before the consent ends, rounded up (a consent ending in 2 h has 1 day left). */
  daysLeft: number;
}

/**
 * Which reminder a consent ending at `end` is due at `now`, or null. Only the nearest
 * threshold counts: a consent found 2 days before its end gets the "3 days" reminder, not the
 * "15 days" one too. A consent already ended gets none (the connection says so itself).
 */
export function dueReminder(end: Date, now: Date, days: readonly number[]): DueReminder | null {
  const left = end.getTime() - now.getTime();
  if (!(left > 0)) return null;
  const daysLeft = Math.ceil(left / DAY_MS);
  const reached = days.filter((d) => daysLeft <= d);
  if (reached.length === 0) return null;
  return { threshold: Math.min(...reached), daysLeft };
}

/** How far ahead to look for consents ending: the largest threshold, in milliseconds. */
export const lookahead = (days: readonly number[]): number => Math.max(...days) * DAY_MS;

/** The consent end as stored on a reminder: an ISO string to the second, equal on every database. */
export const consentEndKey = (end: Date): string => `${end.toISOString().slice(0, 19)}Z`;
