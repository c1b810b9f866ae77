import { toMinorUnits } from '../../domain/money';
import type { NormalizedTransaction } from '../types';
import type { PlaidTransaction } from './schemas';

/** Plaid's amount (positive = money out) as exact minor units, positive = money in. */
export function moneyIn(amount: number, currency: string): bigint | undefined {
  try {
    return -toMinorUnits(amount, currency);
  } catch {
    return undefined;
  }
}

/**
 * Plaid transaction (in the shape of its schema) -> normalized transaction (reference §2.8):
 * the amount's sign flipped, `date` the booking day (posting date once posted),
 * `authorized_date` the value date, the bank's own text (`original_description`) before
 * Plaid's cleaned `name`, the merchant or first counterparty (a transfer's payee or payer)
 * as counterparty.
 */
export function mapPlaidTransaction(t: PlaidTransaction): Partial<NormalizedTransaction> {
  const currency = t.iso_currency_code ?? t.unofficial_currency_code ?? undefined;
  return {
    providerTransactionId: t.transaction_id,
    bookingDate: t.date,
    valueDate: t.authorized_date ?? null,
    amount: currency ? moneyIn(t.amount, currency) : undefined,
    currency,
    label: t.original_description || t.name || t.merchant_name || null,
    counterpartyName:
      t.merchant_name || t.counterparties?.[0]?.name || (t.amount > 0 ? t.payment_meta?.payee : t.payment_meta?.payer) || null,
    counterpartyAccount: null,
    status: t.pending ? 'pending' : 'posted',
    raw: t,
  };
}
