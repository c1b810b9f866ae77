/**
 * What an export holds, whatever its format: one account over one period, its opening and
 * closing balances and its lines. Amounts are integer minor units of `currency`; days are
 * calendar days ('YYYY-MM-DD') in the journal's time zone, as the importer booked them.
 */
export interface StatementFile {
  /** The statement's name ('BNK1/2026/03') or, for a date range, the journal code and the range. */
  name: string;
  /** A short unique reference of this file (statement id or journal id and range), for the formats' ids. */
  reference: string;
  journal: { name: string; code: string; timeZone: string };
  account: { number: string | null; bankId: string | null };
  currency: string;
  from: string;
  to: string;
  balanceStart: bigint;
  balanceEnd: bigint;
  lines: StatementFileLine[];
  /** When the file is made (its creation time, written in the journal's time zone). */
  createdAt: Date;
}

export interface StatementFileLine {
  id: number;
  bookingDate: string;
  valueDate: string | null;
  /** Minor units; positive = money in. */
  amount: bigint;
  label: string | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  providerTransactionId: string;
  kind: 'correction' | 'reversal' | null;
  note: string | null;
}

/** Money in and money out of the lines, each as a positive sum, with their counts. */
export function totals(lines: StatementFileLine[]) {
  let credit = 0n;
  let debit = 0n;
  let credits = 0;
  for (const line of lines) {
    if (line.amount >= 0n) {
      credit += line.amount;
      credits += 1;
    } else debit -= line.amount;
  }
  return { credit, debit, credits, debits: lines.length - credits, net: credit - debit };
}
