import type { NormalizedTransaction } from '../types';
import type { SandboxRecord } from './bank';

/** Sandbox record -> normalized transaction (validated by the caller with `partition`). */
export function mapSandboxRecord(record: SandboxRecord): Partial<NormalizedTransaction> {
  return {
    providerTransactionId: record.id,
    bookingDate: record.bookedAt,
    valueDate: record.valueDate,
    amount: record.amountMinor !== undefined && /^-?\d+$/.test(record.amountMinor) ? BigInt(record.amountMinor) : undefined,
    currency: record.currency,
    label: record.description,
    counterpartyName: record.counterparty.name,
    counterpartyAccount: record.counterparty.iban,
    status: record.status === 'BOOKED' ? 'posted' : 'pending',
    raw: record,
  };
}
