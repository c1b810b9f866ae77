import { z } from 'zod';

export interface StatementView {
  id: number;
  documentId: string;
  journalId: number;
  name: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  /** Decimal strings in the currency's precision ("1234.50"). */
  balanceStart: string;
  balanceEnd: string;
  lineCount: number;
}

export interface LineView {
  id: number;
  documentId: string;
  statementId: number;
  journalId: number;
  bookingDate: string;
  valueDate: string | null;
  /** Decimal string in the currency's precision; positive = money in. */
  amount: string;
  currency: string;
  label: string | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  providerTransactionId: string;
  /** A line the engine added when the provider changed one it gave: 'correction' (amount) or 'reversal' (withdrawn); null for a bank transaction. */
  kind: 'correction' | 'reversal' | null;
  /** Why the line was added or changed (English, from the engine), when it was. */
  note: string | null;
}

export const LINE_SORTS = ['bookingDate:asc', 'bookingDate:desc', 'amount:asc', 'amount:desc'] as const;

export const listLinesQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    sort: z.enum(LINE_SORTS).default('bookingDate:desc'),
    search: z.string().trim().max(100).optional(),
  })
  .strict();

/** GET /bank-sync/journals/:id/statements */
export declare namespace ListStatements {
  interface Response {
    data: StatementView[];
  }
}

/** GET /bank-sync/statements/:id/lines and GET /bank-sync/journals/:id/lines */
export declare namespace ListLines {
  interface Request {
    query: z.input<typeof listLinesQuery>;
  }
  interface Response {
    data: LineView[];
    meta: {
      page: number;
      pageSize: number;
      /** Known without counting when there is no search; null with a search. */
      total: number | null;
      hasMore: boolean;
    };
  }
}
