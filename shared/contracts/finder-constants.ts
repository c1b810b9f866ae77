/** Statuses and limits of Find missing transactions (no zod here: the admin bundle imports them). */

/** What an import would do with a transaction the bank lists. */
export const FOUND_STATUSES = ['new', 'imported', 'pending', 'invalid', 'currency'] as const;
export type FoundStatus = (typeof FOUND_STATUSES)[number];

/** The longest range one preview reads (a provider reads from `from` to today anyway). */
export const FINDER_MAX_DAYS = 400;
/** At most this many transactions are listed (the counts cover them all). */
export const FINDER_MAX_ROWS = 2000;
/** At most this many ids are imported in one request. */
export const FINDER_MAX_SELECTION = 1000;
