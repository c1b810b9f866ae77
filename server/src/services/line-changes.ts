import type { Core } from '@strapi/strapi';
import { formatMinorUnits, readMinorUnits } from '../domain/money';
import { localDate, type LocalDate } from '../domain/periods';
import type { NormalizedTransaction, RemovedTransaction } from '../providers/types';
import { TABLES } from '../constants';
import type { ImportJournal, ImportTransaction, LineUpdate } from './importer';

const IN_CHUNK = 500;

/** An imported line as a change is weighed against it. */
interface StoredLine {
  providerTransactionId: string;
  bookingDate: string;
  label: string | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  valueDate: string | null;
  /** The line's amount plus its corrections so far. */
  effective: bigint;
  corrections: number;
  reversed: boolean;
}

/** What the changes of a page turn into. */
export interface ChangePlan {
  /** Changed transactions never imported (posted now): imported as new. */
  fresh: NormalizedTransaction[];
  /** Corrections and reversals, dated the day they were read. */
  adjustments: ImportTransaction[];
  updates: LineUpdate[];
  /** Lines changed (reworded, corrected or reversed). */
  changed: number;
}

const day = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '').slice(0, 10));

/**
 * Changes a provider reports on transactions it gave (Plaid's modified / removed). An
 * imported line is never silently rewritten where money is concerned:
 * - a new label, counterparty or value date is written on the line;
 * - a new amount adds a correction line for the difference (`<id>~correction~<n>`);
 * - a withdrawn transaction adds a reversing line (`<id>~reversal`) and a note on the line.
 * Both are dated the day the change is read (the run's date), so closed statements keep
 * their balances. Applying the same changes twice adds nothing: the amounts compare with
 * the line plus its corrections, and a reversal has one id.
 */
const lineChanges = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function stored(onlineAccountId: number, ids: string[]): Promise<Map<string, StoredLine>> {
    const lines = new Map<string, StoredLine>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      const rows = (await knex()(TABLES.lines)
        .select('provider_transaction_id', 'booking_date', 'amount', 'label', 'counterparty_name', 'counterparty_account', 'value_date')
        .where('online_account_id', onlineAccountId)
        .whereIn('provider_transaction_id', chunk)) as Array<Record<string, unknown>>;
      for (const row of rows) {
        lines.set(String(row.provider_transaction_id), {
          providerTransactionId: String(row.provider_transaction_id),
          bookingDate: day(row.booking_date),
          label: (row.label as string | null) ?? null,
          counterpartyName: (row.counterparty_name as string | null) ?? null,
          counterpartyAccount: (row.counterparty_account as string | null) ?? null,
          valueDate: row.value_date ? day(row.value_date) : null,
          effective: readMinorUnits(row.amount),
          corrections: 0,
          reversed: false,
        });
      }
      const adjustments = (await knex()(TABLES.lines)
        .select('adjusts', 'kind', 'amount')
        .where('online_account_id', onlineAccountId)
        .whereIn('adjusts', chunk)) as Array<{ adjusts: string; kind: string; amount: unknown }>;
      for (const a of adjustments) {
        const line = lines.get(a.adjusts);
        if (!line) continue;
        if (a.kind === 'reversal') line.reversed = true;
        else {
          line.corrections += 1;
          line.effective += readMinorUnits(a.amount);
        }
      }
    }
    return lines;
  }

  return {
    async plan(
      journal: ImportJournal,
      onlineAccountId: number,
      runDate: LocalDate,
      modified: NormalizedTransaction[],
      removed: RemovedTransaction[],
    ): Promise<ChangePlan> {
      const plan: ChangePlan = { fresh: [], adjustments: [], updates: [], changed: 0 };
      if (modified.length === 0 && removed.length === 0) return plan;
      const lines = await stored(onlineAccountId, [
        ...new Set([...modified.map((t) => t.providerTransactionId), ...removed.map((r) => r.providerTransactionId)]),
      ]);
      const money = (minor: bigint) => `${formatMinorUnits(minor, journal.currency)} ${journal.currency}`;

      for (const t of modified) {
        const line = lines.get(t.providerTransactionId);
        if (!line) {
          if (t.status === 'posted') plan.fresh.push(t);
          continue;
        }
        if (line.reversed || t.status !== 'posted') continue;
        const set: LineUpdate['set'] = {};
        if ((t.label ?? null) !== line.label) set.label = t.label ?? null;
        if ((t.counterpartyName ?? null) !== line.counterpartyName) set.counterpartyName = t.counterpartyName ?? null;
        if ((t.counterpartyAccount ?? null) !== line.counterpartyAccount) set.counterpartyAccount = t.counterpartyAccount ?? null;
        const valueDate = t.valueDate ? localDate(t.valueDate, journal.timeZone) : null;
        if (valueDate !== line.valueDate) set.valueDate = valueDate;
        const reworded = Object.keys(set).length > 0;
        if (reworded) plan.updates.push({ providerTransactionId: line.providerTransactionId, set });
        if (t.amount !== line.effective) {
          const note = `The bank changed the amount of the transaction of ${line.bookingDate} from ${money(line.effective)} to ${money(t.amount)}.`;
          line.corrections += 1;
          plan.adjustments.push({
            ...t,
            providerTransactionId: `${line.providerTransactionId}~correction~${line.corrections}`,
            bookingDate: runDate,
            valueDate: null,
            amount: t.amount - line.effective,
            currency: journal.currency,
            label: `Correction: ${t.label ?? line.label ?? line.providerTransactionId}`,
            adjustment: { kind: 'correction', adjusts: line.providerTransactionId, note },
          });
          line.effective = t.amount;
        }
        if (reworded || plan.adjustments.at(-1)?.adjustment?.adjusts === line.providerTransactionId) plan.changed += 1;
      }

      for (const r of removed) {
        const line = lines.get(r.providerTransactionId);
        if (!line || line.reversed) continue;
        line.reversed = true;
        const reason = r.reason ?? 'withdrawn by the bank';
        const note = `Reversal of the transaction of ${line.bookingDate} (${money(line.effective)}): ${reason}.`;
        plan.adjustments.push({
          providerTransactionId: `${line.providerTransactionId}~reversal`,
          bookingDate: runDate,
          valueDate: null,
          amount: -line.effective,
          currency: journal.currency,
          label: `Reversal: ${line.label ?? line.providerTransactionId}`,
          counterpartyName: line.counterpartyName,
          counterpartyAccount: line.counterpartyAccount,
          status: 'posted',
          raw: { removed: r.providerTransactionId, reason },
          adjustment: { kind: 'reversal', adjusts: line.providerTransactionId, note },
        });
        plan.updates.push({
          providerTransactionId: line.providerTransactionId,
          set: { note: `Withdrawn by the bank (${reason}); reversed on ${runDate}.` },
        });
        plan.changed += 1;
      }
      return plan;
    },
  };
};

export default lineChanges;
