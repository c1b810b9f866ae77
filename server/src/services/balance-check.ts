import type { Core } from '@strapi/strapi';
import { TABLES, UID } from '../constants';
import { balanceMovedWithoutLines, nextDriftState, type DriftState } from '../domain/balance-drift';
import { formatMinorUnits } from '../domain/money';
import type { ClassifiedError, ProviderAccount } from '../providers/types';
import type { LinkedAccount } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';

interface CheckRow {
  driftAmount: string | number | null;
  driftSinceRunId: number | null;
  driftSinceAt: string | Date | null;
  balanceAgreedAt: string | Date | null;
  checkedBalance: string | number | null;
  lastNewLineAt: string | Date | null;
}

const dateOrNull = (value: string | Date | null | undefined) => (value ? new Date(value) : null);

/**
 * After an account's import in a run: the bank's balance against the closing balance of the
 * journal's latest statement (the drift, stored with the run that found it, cleared when they
 * agree), whether the balance moved with no new line, and when a line last came. With
 * `sync.balanceDrift: 'fail'` a drift is the account's failure in the run.
 */
const balanceCheck = ({ strapi }: { strapi: Core.Strapi }) => ({
  async afterImport(
    account: LinkedAccount,
    remote: ProviderAccount | undefined,
    run: { id: number },
    newLines: number,
  ): Promise<ClassifiedError | null> {
    const now = new Date();
    const query = strapi.db.query(UID.account);
    const row = (await query.findOne({
      where: { id: account.id },
      select: ['driftAmount', 'driftSinceRunId', 'driftSinceAt', 'balanceAgreedAt', 'checkedBalance', 'lastNewLineAt'],
    })) as CheckRow | null;
    if (!row) return null;
    const { journal } = account;
    const data: Record<string, unknown> = {};
    if (newLines > 0 || !row.lastNewLineAt) data.lastNewLineAt = now;

    // Without a balance in the journal's currency there is nothing to compare.
    const bank = remote?.balance ?? null;
    const latest = (await strapi.db
      .connection(TABLES.statements)
      .where({ journal_id: journal.id })
      .orderBy([
        { column: 'period_start', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('balance_end')) as { balance_end: unknown } | undefined;
    let failure: ClassifiedError | null = null;
    if (bank !== null && remote?.currency === journal.currency && latest) {
      const statements = BigInt(String(latest.balance_end));
      const previous: DriftState = {
        driftAmount: row.driftAmount === null || row.driftAmount === undefined ? null : String(row.driftAmount),
        driftSinceRunId: row.driftSinceRunId ?? null,
        driftSinceAt: dateOrNull(row.driftSinceAt),
        balanceAgreedAt: dateOrNull(row.balanceAgreedAt),
      };
      Object.assign(data, nextDriftState(previous, { bankBalance: bank, statementsBalance: statements, runId: run.id, now }));
      const previousBank = row.checkedBalance === null || row.checkedBalance === undefined ? null : BigInt(String(row.checkedBalance));
      data.balanceMovedAt = balanceMovedWithoutLines(previousBank, bank, newLines) ? now : null;
      data.checkedBalance = bank.toString();
      if (bank !== statements && getService(strapi, 'settings').get().sync.balanceDrift === 'fail') {
        const c = journal.currency;
        failure = {
          class: 'invalid-request',
          code: 'balance_drift',
          message: `The bank says ${formatMinorUnits(bank, c)} ${c}; the statements of journal ${journal.code} end at ${formatMinorUnits(statements, c)} ${c} (sync.balanceDrift is "fail").`,
        };
      }
    }
    await query.update({ where: { id: account.id }, data });
    return failure;
  },
});

export default balanceCheck;
