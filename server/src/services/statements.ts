import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { LineView, ListLines, listLinesQuery, StatementView } from '../../../shared/contracts/statements';
import { calendarDay } from '../domain/calendar-day';
import { formatMinorUnits } from '../domain/money';
import { notFound } from '../domain/errors';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

type LinesQuery = z.output<typeof listLinesQuery>;

const day = calendarDay;

interface StatementRow {
  id: number;
  document_id: string;
  journal_id: number;
  name: string;
  period_key: string;
  period_start: unknown;
  period_end: unknown;
  currency: string;
  balance_start: unknown;
  balance_end: unknown;
  line_count: unknown;
}

function toStatementView(row: StatementRow): StatementView {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    journalId: Number(row.journal_id),
    name: row.name,
    periodKey: row.period_key,
    periodStart: day(row.period_start),
    periodEnd: day(row.period_end),
    currency: row.currency,
    balanceStart: formatMinorUnits(String(row.balance_start), row.currency),
    balanceEnd: formatMinorUnits(String(row.balance_end), row.currency),
    lineCount: Number(row.line_count),
  };
}

const LINE_COLUMNS = [
  'id',
  'document_id',
  'statement_id',
  'journal_id',
  'booking_date',
  'value_date',
  'amount',
  'currency',
  'label',
  'counterparty_name',
  'counterparty_account',
  'provider_transaction_id',
  'kind',
  'note',
];

/**
 * Read side of statements and lines for the admin pages. Lines are read with the same
 * indexes the importer maintains ((statement|journal), booking date, id); totals come
 * from the statements' line counts instead of counting rows.
 */
const statements = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  return {
    async listByJournal(journalId: number): Promise<StatementView[]> {
      const journal = await knex()(TABLES.journals).first('id').where('id', journalId);
      if (!journal) throw notFound('Journal', journalId);
      const rows = (await knex()(TABLES.statements)
        .where('journal_id', journalId)
        .orderBy([
          { column: 'period_start', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])) as StatementRow[];
      return rows.map(toStatementView);
    },

    async findOne(id: number): Promise<StatementView> {
      const row = (await knex()(TABLES.statements).first().where('id', id)) as StatementRow | undefined;
      if (!row) throw notFound('Statement', id);
      return toStatementView(row);
    },

    async lines(scope: { statementId: number } | { journalId: number }, query: LinesQuery): Promise<ListLines.Response> {
      let total: number | null;
      const where: Record<string, number> = {};
      if ('statementId' in scope) {
        const statement = await knex()(TABLES.statements).first('line_count').where('id', scope.statementId);
        if (!statement) throw notFound('Statement', scope.statementId);
        where.statement_id = scope.statementId;
        total = Number(statement.line_count);
      } else {
        const journal = await knex()(TABLES.journals).first('id').where('id', scope.journalId);
        if (!journal) throw notFound('Journal', scope.journalId);
        where.journal_id = scope.journalId;
        const sum = await knex()(TABLES.statements).where('journal_id', scope.journalId).sum({ n: 'line_count' }).first();
        total = Number(sum?.n ?? 0);
      }
      const [field, order] = query.sort.split(':') as ['bookingDate' | 'amount', 'asc' | 'desc'];
      const column = field === 'bookingDate' ? 'booking_date' : 'amount';
      const builder = knex()(TABLES.lines)
        .select(LINE_COLUMNS)
        .where(where)
        .orderBy([
          { column, order },
          { column: 'id', order },
        ])
        .limit(query.pageSize + 1)
        .offset((query.page - 1) * query.pageSize);
      if (query.search) {
        await getService(strapi, 'line-search').narrow(builder, query.search);
        total = null;
      }
      const rows = (await builder) as Array<Record<string, unknown>>;
      const hasMore = rows.length > query.pageSize;
      const data: LineView[] = rows.slice(0, query.pageSize).map((row) => ({
        id: Number(row.id),
        documentId: String(row.document_id),
        statementId: Number(row.statement_id),
        journalId: Number(row.journal_id),
        bookingDate: day(row.booking_date),
        valueDate: row.value_date ? day(row.value_date) : null,
        amount: formatMinorUnits(String(row.amount), String(row.currency)),
        currency: String(row.currency),
        label: (row.label as string | null) ?? null,
        counterpartyName: (row.counterparty_name as string | null) ?? null,
        counterpartyAccount: (row.counterparty_account as string | null) ?? null,
        providerTransactionId: String(row.provider_transaction_id),
        kind: row.kind === 'correction' || row.kind === 'reversal' ? row.kind : null,
        note: (row.note as string | null) ?? null,
      }));
      return { data, meta: { page: query.page, pageSize: query.pageSize, total, hasMore } };
    },
  };
};

export default statements;
