import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { createJournalBody, JournalView, StatementPeriodicity } from '../../../shared/contracts/journals';
import { conflict, notFound } from '../domain/errors';
import { UID } from '../domain/uids';
import { getService } from '../utils/get-service';

type CreateJournalInput = z.output<typeof createJournalBody>;

interface JournalRow {
  id: number;
  documentId: string;
  name: string;
  code: string;
  currency: string;
  bankAccountNumber: string | null;
  statementPeriodicity: StatementPeriodicity;
  timeZone: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  onlineAccount?: {
    id: number;
    name: string | null;
    accountNumber: string | null;
    connection?: { id: number } | null;
  } | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

export function toJournalView(row: JournalRow): JournalView {
  const account = row.onlineAccount ?? null;
  return {
    id: row.id,
    documentId: row.documentId,
    name: row.name,
    code: row.code,
    currency: row.currency,
    bankAccountNumber: row.bankAccountNumber ?? null,
    statementPeriodicity: row.statementPeriodicity,
    timeZone: row.timeZone,
    onlineAccount: account
      ? {
          id: account.id,
          name: account.name ?? null,
          accountNumber: account.accountNumber ?? null,
          connectionId: account.connection?.id ?? null,
        }
      : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const populate = { onlineAccount: { populate: { connection: { fields: ['id'] } } } } as const;

const journals = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.journal);

  return {
    async list(): Promise<JournalView[]> {
      const rows = (await query().findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], populate })) as JournalRow[];
      return rows.map(toJournalView);
    },

    async findOne(id: number): Promise<JournalView> {
      const row = (await query().findOne({ where: { id }, populate })) as JournalRow | null;
      if (!row) throw notFound('Journal', id);
      return toJournalView(row);
    },

    async create(input: CreateJournalInput): Promise<JournalView> {
      const code = input.code.toUpperCase();
      if (await query().findOne({ where: { code }, select: ['id'] })) {
        throw conflict(`A journal with code "${code}" already exists`, { field: 'code' });
      }
      const created = (await strapi.documents(UID.journal).create({
        data: {
          name: input.name,
          code,
          currency: input.currency,
          bankAccountNumber: input.bankAccountNumber ?? null,
          statementPeriodicity: input.statementPeriodicity ?? 'month',
          timeZone: input.timeZone ?? getService(strapi, 'settings').get().defaultTimeZone,
        },
      })) as { id: number };
      return this.findOne(created.id);
    },
  };
};

export default journals;
export type JournalsService = ReturnType<typeof journals>;
