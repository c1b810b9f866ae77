import { toMinorUnits } from '../../domain/money';
import type { NormalizedTransaction } from '../types';
import type { SaltEdgeTransaction } from './schemas';

function exactAmount(value: number, currency: string): bigint | undefined {
  try {
    return toMinorUnits(value, currency);
  } catch {
    return undefined;
  }
}

const clean = (value: string | null | undefined) => (value && value.trim() !== '' ? value.trim() : null);

/**
 * Salt Edge transaction (already in the shape of its schema) -> normalized transaction
 * (reference §3.7): `made_on` is the bank day, `extra.posting_date` the value date when given;
 * the amount is signed as Salt Edge gives it (negative = money out); the counterparty is the
 * payee of money out and the payer of money in.
 */
export function mapSaltEdgeTransaction(t: SaltEdgeTransaction): Partial<NormalizedTransaction> {
  const extra = t.extra ?? {};
  const outgoing = t.amount < 0;
  const additional = clean(extra.additional);
  const description = clean(t.description);
  return {
    providerTransactionId: t.id,
    bookingDate: t.made_on,
    valueDate: clean(extra.posting_date),
    amount: exactAmount(t.amount, t.currency_code),
    currency: t.currency_code,
    label: description && additional && !description.includes(additional) ? `${description} ${additional}` : (description ?? additional),
    counterpartyName: (outgoing ? clean(extra.payee) : clean(extra.payer)) ?? clean(extra.payee) ?? clean(extra.payer),
    counterpartyAccount: clean(extra.account_number),
    status: t.status === 'pending' ? 'pending' : 'posted',
    raw: t,
  };
}
