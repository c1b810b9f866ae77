import { toMinorUnits } from '../../domain/money';
import type { NormalizedTransaction } from '../types';
import type { PontoTransaction } from './schemas';

function exactAmount(value: number, currency: string): bigint | undefined {
  try {
    return toMinorUnits(value, currency);
  } catch {
    return undefined;
  }
}

/**
 * Ponto transaction (already in the shape of its schema) -> normalized transaction
 * (reference §1.10). The booking date is `executionDate` or `valueDate` as configured, an
 * instant the engine takes in the journal's time zone; structured remittance
 * ('+++090/9337/55493+++') is kept verbatim.
 */
export function mapPontoTransaction(t: PontoTransaction, bookingDate: 'executionDate' | 'valueDate'): Partial<NormalizedTransaction> {
  const a = t.attributes;
  const booked = (bookingDate === 'valueDate' ? (a.valueDate ?? a.executionDate) : (a.executionDate ?? a.valueDate)) ?? undefined;
  return {
    providerTransactionId: t.id,
    bookingDate: booked,
    valueDate: a.valueDate ?? null,
    amount: exactAmount(a.amount, a.currency),
    currency: a.currency,
    label: a.remittanceInformation || a.description || null,
    counterpartyName: a.counterpartName ?? null,
    counterpartyAccount: a.counterpartReference ?? null,
    status: t.type === 'pendingTransaction' ? 'pending' : 'posted',
    raw: t,
  };
}
