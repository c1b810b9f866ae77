import type { FoundLine, FoundStatus, FoundTransaction } from '../../../shared/contracts/finder';
import { FOUND_STATUSES } from '../../../shared/contracts/finder';
import type { NormalizedTransaction } from '../providers/types';
import { formatMinorUnits } from './money';
import type { LocalDate } from './periods';

/** A transaction read from the bank, with its booking date in the journal's time zone. */
export interface DatedTransaction {
  t: NormalizedTransaction;
  date: LocalDate;
}

/**
 * What an import would do with one transaction, by the importer's own rules (account-import):
 * only posted transactions in the journal's currency are imported, once per provider id.
 * `stored` holds the account's lines by provider transaction id.
 */
export function statusOf(t: NormalizedTransaction, journalCurrency: string, stored: ReadonlyMap<string, FoundLine>): FoundStatus {
  if (t.currency !== journalCurrency) return 'currency';
  if (t.status !== 'posted') return 'pending';
  return stored.has(t.providerTransactionId) ? 'imported' : 'new';
}

/** The diff row of a transaction the bank lists (valid ones). */
export function foundTransaction(
  item: DatedTransaction,
  journalCurrency: string,
  stored: ReadonlyMap<string, FoundLine>,
): FoundTransaction {
  const { t, date } = item;
  const status = statusOf(t, journalCurrency, stored);
  return {
    providerTransactionId: t.providerTransactionId,
    status,
    date,
    amount: formatMinorUnits(t.amount, t.currency),
    currency: t.currency,
    label: t.label,
    counterpartyName: t.counterpartyName,
    pending: t.status !== 'posted',
    reason: status === 'currency' ? `currency ${t.currency} differs from the journal's ${journalCurrency}` : null,
    // A pending one with a stored line of its id: that posted line replaced it (same-id providers).
    match: status === 'imported' || status === 'pending' ? (stored.get(t.providerTransactionId) ?? null) : null,
    importable: status === 'new',
  };
}

/** The diff row of a record the provider module could not read. */
export function invalidTransaction(reason: string, providerTransactionId: string | null): FoundTransaction {
  return {
    providerTransactionId,
    status: 'invalid',
    date: null,
    amount: null,
    currency: null,
    label: null,
    counterpartyName: null,
    pending: false,
    reason,
    match: null,
    importable: false,
  };
}

/** Oldest first (then by id); records without a date last. */
export function byDate(a: FoundTransaction, b: FoundTransaction): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return (a.providerTransactionId ?? '').localeCompare(b.providerTransactionId ?? '');
}

export function countByStatus(rows: FoundTransaction[]): Record<FoundStatus, number> {
  const counts = Object.fromEntries(FOUND_STATUSES.map((s) => [s, 0])) as Record<FoundStatus, number>;
  for (const row of rows) counts[row.status] += 1;
  return counts;
}
