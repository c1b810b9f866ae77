import { readMinorUnits } from '../../server/src/domain/money';
import { balanceOf, recordAt, recordCount } from '../../server/src/providers/sandbox/bank';
import { scenarioSchema } from '../../server/src/providers/sandbox/scenario';
import { lines, statements } from './sandbox';
import type { TestApp } from './strapi';

interface LineRow {
  provider_transaction_id: string;
  amount: unknown;
  statement_id: number;
}

/** What the sandbox holds as posted and valid for an account: ids and amounts (minor units). */
export function sandboxPosted(scenario: Record<string, unknown>, account: number): Map<string, bigint> {
  const s = scenarioSchema.parse(scenario);
  const posted = new Map<string, bigint>();
  for (let n = 0; n < recordCount(s); n += 1) {
    const r = recordAt(s, account, n);
    if (r.status === 'BOOKED' && r.amountMinor !== undefined && r.id) posted.set(r.id, BigInt(r.amountMinor));
  }
  return posted;
}

/** The exact sum and count of what the sandbox holds as posted and valid for an account. */
export function sandboxPostedSum(scenario: Record<string, unknown>, account: number): { sum: bigint; count: number } {
  let sum = 0n;
  const posted = sandboxPosted(scenario, account);
  for (const amount of posted.values()) sum += amount;
  return { sum, count: posted.size };
}

/** A bank account as a test knows it: its posted transactions (id → minor units) and balance. */
export interface BankTruth {
  posted: Map<string, bigint>;
  /** The bank's balance, when the closing balance is to be checked against it. */
  balance?: bigint;
}

export function sandboxTruth(scenario: Record<string, unknown>, account: number): BankTruth {
  return { posted: sandboxPosted(scenario, account), balance: balanceOf(scenarioSchema.parse(scenario), account) };
}

/**
 * The books of one journal against the bank: the lines are exactly the bank's posted
 * transactions (each once, same amount), each statement holds exactly its lines (count and
 * balance difference), statements chain, and the last one ends at the bank's balance.
 * Returns a list of what is wrong (empty when all holds), so a caller can say which case broke.
 */
export async function booksProblems(app: TestApp, where: { id: number; journalId: number }, truth: BankTruth): Promise<string[]> {
  const problems: string[] = [];
  const bank = truth.posted;
  const stored = (await lines(app, { online_account_id: where.id })) as LineRow[];
  const seen = new Map<string, number>();
  for (const line of stored) {
    const id = line.provider_transaction_id;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const expected = bank.get(id);
    if (expected === undefined) problems.push(`line ${id} is not a posted transaction of the bank`);
    else if (readMinorUnits(line.amount) !== expected) problems.push(`line ${id}: ${readMinorUnits(line.amount)} instead of ${expected}`);
  }
  for (const [id, n] of seen) if (n > 1) problems.push(`transaction ${id} imported ${n} times`);
  const missing = [...bank.keys()].filter((id) => !seen.has(id));
  if (missing.length) problems.push(`${missing.length} transactions missing (first: ${missing[0]})`);

  const list = await statements(app, where.journalId);
  for (const [i, st] of list.entries()) {
    const own = stored.filter((l) => l.statement_id === st.id);
    const ownSum = own.reduce((acc, l) => acc + readMinorUnits(l.amount), 0n);
    const moved = readMinorUnits(st.balance_end) - readMinorUnits(st.balance_start);
    if (moved !== ownSum) problems.push(`statement ${st.id}: balances move ${moved}, its lines sum to ${ownSum}`);
    if (Number(st.line_count) !== own.length) problems.push(`statement ${st.id}: line count ${st.line_count}, ${own.length} lines`);
    if (i > 0 && readMinorUnits(st.balance_start) !== readMinorUnits(list[i - 1].balance_end))
      problems.push(`statement ${st.id} does not start where ${list[i - 1].id} ends`);
  }
  const orphans = stored.filter((l) => !list.some((st: { id: number }) => st.id === l.statement_id));
  if (orphans.length) problems.push(`${orphans.length} lines outside the journal's statements`);
  if (list.length && truth.balance !== undefined) {
    const closing = readMinorUnits(list[list.length - 1].balance_end);
    if (closing !== truth.balance) problems.push(`closing balance ${closing}, the bank says ${truth.balance}`);
  } else if (!list.length && bank.size) problems.push('no statement');
  return problems;
}

/** booksProblems against the sandbox bank of `scenario`, account index `accountIndex`. */
export function ledgerProblems(
  app: TestApp,
  where: { id: number; journalId: number },
  scenario: Record<string, unknown>,
  accountIndex: number,
): Promise<string[]> {
  return booksProblems(app, where, sandboxTruth(scenario, accountIndex));
}
