import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { ExportFormat, journalExportQuery } from '../../../shared/contracts/export';
import { TABLES, UID } from '../constants';
import { calendarDay } from '../domain/calendar-day';
import { notFound } from '../domain/errors';
import { fileName, FORMATS } from '../domain/export/formats';
import type { StatementFile, StatementFileLine } from '../domain/export/statement-file';
import { readMinorUnits } from '../domain/money';

/** A file ready to answer: its bytes as text, media type and name. */
export interface ExportedFile {
  body: string;
  contentType: string;
  fileName: string;
}

interface JournalFacts {
  id: number;
  name: string;
  code: string;
  currency: string;
  timeZone: string;
  bankAccountNumber: string | null;
  onlineAccount?: { accountNumber: string | null; connection?: { institutionId: string | null } | null } | null;
}

const LINE_COLUMNS = [
  'id',
  'booking_date',
  'value_date',
  'amount',
  'label',
  'counterparty_name',
  'counterparty_account',
  'provider_transaction_id',
  'kind',
  'note',
];

function toLine(row: Record<string, unknown>): StatementFileLine {
  return {
    id: Number(row.id),
    bookingDate: calendarDay(row.booking_date),
    valueDate: row.value_date ? calendarDay(row.value_date) : null,
    amount: readMinorUnits(row.amount),
    label: (row.label as string | null) ?? null,
    counterpartyName: (row.counterparty_name as string | null) ?? null,
    counterpartyAccount: (row.counterparty_account as string | null) ?? null,
    providerTransactionId: String(row.provider_transaction_id),
    kind: row.kind === 'correction' || row.kind === 'reversal' ? row.kind : null,
    note: (row.note as string | null) ?? null,
  };
}

/**
 * Statement export: a statement, or a date range of a journal, as CSV, CAMT.053 or OFX. It reads
 * the statements and lines the importer wrote (oldest first, by the indexes it keeps) and hands
 * them to the format writers; balances come from the statements' chain, never from floats.
 */
const statementExport = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function journalFacts(journalId: number) {
    const journal = (await strapi.db.query(UID.journal).findOne({
      where: { id: journalId },
      select: ['id', 'name', 'code', 'currency', 'timeZone', 'bankAccountNumber'],
      populate: { onlineAccount: { select: ['accountNumber'], populate: { connection: { select: ['institutionId'] } } } },
    })) as JournalFacts | null;
    if (!journal) throw notFound('Journal', journalId);
    return {
      journal: { name: journal.name, code: journal.code, timeZone: journal.timeZone },
      account: {
        number: journal.onlineAccount?.accountNumber ?? journal.bankAccountNumber ?? null,
        bankId: journal.onlineAccount?.connection?.institutionId ?? null,
      },
      currency: journal.currency,
    };
  }

  function answer(file: StatementFile, format: ExportFormat, base: string): ExportedFile {
    const { write, contentType } = FORMATS[format];
    return { body: write(file), contentType, fileName: fileName(base, format) };
  }

  return {
    /** One statement, with its own opening and closing balances. */
    async statement(statementId: number, format: ExportFormat): Promise<ExportedFile> {
      const statement = await knex()(TABLES.statements).first().where('id', statementId);
      if (!statement) throw notFound('Statement', statementId);
      const facts = await journalFacts(Number(statement.journal_id));
      const rows = (await knex()(TABLES.lines)
        .select(LINE_COLUMNS)
        .where('statement_id', statementId)
        .orderBy([
          { column: 'booking_date', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])) as Array<Record<string, unknown>>;
      const file: StatementFile = {
        ...facts,
        currency: String(statement.currency),
        name: String(statement.name),
        reference: `BKS-STMT-${statementId}`,
        from: calendarDay(statement.period_start),
        to: calendarDay(statement.period_end),
        balanceStart: readMinorUnits(statement.balance_start),
        balanceEnd: readMinorUnits(statement.balance_end),
        lines: rows.map(toLine),
        createdAt: new Date(),
      };
      return answer(file, format, String(statement.name));
    },

    /**
     * A journal's lines booked from `from` to `to` (both included). The opening balance is the
     * journal's first opening balance plus every line booked before `from`; the closing one adds
     * the lines of the range.
     */
    async journalRange(journalId: number, query: z.output<typeof journalExportQuery>): Promise<ExportedFile> {
      const facts = await journalFacts(journalId);
      const first = await knex()(TABLES.statements)
        .first('balance_start', 'currency')
        .where('journal_id', journalId)
        .orderBy([
          { column: 'period_start', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      let opening = readMinorUnits(first?.balance_start ?? 0);
      const before = (await knex()(TABLES.lines)
        .select('amount')
        .where('journal_id', journalId)
        .where('booking_date', '<', query.from)) as Array<{ amount: unknown }>;
      for (const row of before) opening += readMinorUnits(row.amount);
      const rows = (await knex()(TABLES.lines)
        .select(LINE_COLUMNS)
        .where('journal_id', journalId)
        .whereBetween('booking_date', [query.from, query.to])
        .orderBy([
          { column: 'booking_date', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])) as Array<Record<string, unknown>>;
      const lines = rows.map(toLine);
      const closing = lines.reduce((sum, line) => sum + line.amount, opening);
      const file: StatementFile = {
        ...facts,
        currency: first?.currency ? String(first.currency) : facts.currency,
        name: `${facts.journal.code} ${query.from} – ${query.to}`,
        reference: `BKS-J${journalId}-${query.from.replaceAll('-', '')}-${query.to.replaceAll('-', '')}`,
        from: query.from,
        to: query.to,
        balanceStart: opening,
        balanceEnd: closing,
        lines,
        createdAt: new Date(),
      };
      return answer(file, query.format, `${facts.journal.code}-${query.from}-${query.to}`);
    },
  };
};

export default statementExport;
