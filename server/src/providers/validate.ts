import { isCurrency } from '../../../shared/domain/currency';
import type { InvalidRecord, NormalizedTransaction } from './types';

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function validDate(value: unknown): value is string {
  return typeof value === 'string' && DATE_OR_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());
}

const LIMIT = 10n ** 15n;

/**
 * Checks a mapped record before it reaches the importer. Returns the reason it must be
 * rejected, or null. Every mapper ends with this, so no provider can slip an incomplete
 * record into a statement.
 */
export function rejectionReason(t: Partial<NormalizedTransaction>): string | null {
  if (typeof t.providerTransactionId !== 'string' || t.providerTransactionId.trim() === '') return 'missing transaction id';
  if (t.providerTransactionId.length > 255) return 'transaction id longer than 255 characters';
  if (typeof t.amount !== 'bigint') return 'missing or inexact amount';
  if (t.amount >= LIMIT || t.amount <= -LIMIT) return 'amount out of range';
  if (!validDate(t.bookingDate)) return 'missing or invalid booking date';
  if (t.valueDate != null && !validDate(t.valueDate)) return 'invalid value date';
  if (!isCurrency(t.currency)) return 'missing or unknown currency';
  if (t.status !== 'posted' && t.status !== 'pending') return 'unknown status';
  return null;
}

/**
 * Splits mapped records into valid transactions and rejected ones with their reason. A
 * record the provider's own schema already refused comes with that `reason` (and nothing
 * mapped); the others are checked here.
 */
export function partition(records: Array<{ mapped: Partial<NormalizedTransaction>; raw: unknown; reason?: string }>): {
  transactions: NormalizedTransaction[];
  invalid: InvalidRecord[];
} {
  const transactions: NormalizedTransaction[] = [];
  const invalid: InvalidRecord[] = [];
  for (const { mapped, raw, reason: refused } of records) {
    const reason = refused ?? rejectionReason(mapped);
    if (reason) invalid.push({ reason, raw });
    else transactions.push(mapped as NormalizedTransaction);
  }
  return { transactions, invalid };
}
