import { toMinorUnits } from '../../domain/money';
import type { NormalizedTransaction } from '../types';
import type { YodleeTransaction } from './schemas';

/** `CONTAINER` + `id`: a transaction id is unique only within its container (§4.2). */
export const yodleeTransactionId = (t: { CONTAINER: string; id: string }) => `${t.CONTAINER}:${t.id}`;

/** Yodlee gives the amount as the bank shows it and the direction in `baseType` (§4.6). */
function signedAmount(t: YodleeTransaction): bigint | undefined {
  try {
    const magnitude = toMinorUnits(Math.abs(t.amount.amount), t.amount.currency);
    return t.baseType === 'DEBIT' ? -magnitude : magnitude;
  } catch {
    return undefined;
  }
}

/** Yodlee's statuses: `POSTED` is booked; `PENDING` and `SCHEDULED` may be later (§4.2). */
export function isBooked(status: string): boolean {
  return status === 'POSTED';
}

/**
 * Yodlee transaction (already in the shape of its schema) -> normalized transaction
 * (reference §4.6): booked on `postDate` (else `date`, else `transactionDate`), a bank day;
 * the value date is the transaction date; the label the bank's own text, the counterparty
 * Yodlee's merchant.
 */
export function mapYodleeTransaction(t: YodleeTransaction): Partial<NormalizedTransaction> {
  return {
    providerTransactionId: yodleeTransactionId(t),
    bookingDate: t.postDate ?? t.date ?? t.transactionDate ?? undefined,
    valueDate: t.transactionDate ?? null,
    amount: signedAmount(t),
    currency: t.amount.currency,
    label: t.description?.original || t.description?.simple || t.memo || null,
    counterpartyName: t.merchant?.name ?? null,
    counterpartyAccount: null,
    status: isBooked(t.status) ? 'posted' : 'pending',
    raw: t,
  };
}
