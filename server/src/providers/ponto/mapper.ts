import { toMinorUnits } from '../../domain/money';
import type { NormalizedTransaction } from '../types';

export interface PontoTransaction {
  type: 'transaction' | 'pendingTransaction';
  id: string;
  attributes: {
    valueDate?: string | null;
    executionDate?: string | null;
    amount?: number | string | null;
    currency?: string | null;
    counterpartName?: string | null;
    counterpartReference?: string | null;
    remittanceInformation?: string | null;
    remittanceInformationType?: string | null;
    description?: string | null;
  };
}

function exactAmount(value: unknown, currency: unknown): bigint | undefined {
  if ((typeof value !== 'number' && typeof value !== 'string') || typeof currency !== 'string') return undefined;
  try {
    return toMinorUnits(value, currency);
  } catch {
    return undefined;
  }
}

/**
 * Ponto transaction -> normalized transaction (reference §1.10). The booking date is
 * `executionDate` or `valueDate` as configured, an instant the engine takes in the
 * journal's time zone; structured remittance ('+++090/9337/55493+++') is kept verbatim.
 */
export function mapPontoTransaction(t: PontoTransaction, bookingDate: 'executionDate' | 'valueDate'): Partial<NormalizedTransaction> {
  const a = t.attributes ?? {};
  const booked = (bookingDate === 'valueDate' ? (a.valueDate ?? a.executionDate) : (a.executionDate ?? a.valueDate)) ?? undefined;
  return {
    providerTransactionId: t.id,
    bookingDate: booked ?? undefined,
    valueDate: a.valueDate ?? null,
    amount: exactAmount(a.amount, a.currency),
    currency: a.currency ?? undefined,
    label: a.remittanceInformation || a.description || null,
    counterpartyName: a.counterpartName ?? null,
    counterpartyAccount: a.counterpartReference ?? null,
    status: t.type === 'pendingTransaction' ? 'pending' : 'posted',
    raw: t,
  };
}
