import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { createJournalBody, JournalView, StatementPeriodicity } from '../../../shared/contracts/journals';
import type { ConnectionState } from '../../../shared/contracts/connections';
import type { ErrorClass } from '../../../shared/contracts/sync';
import { conflict, isUniqueRefusal, notFound } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import { connectionWarnings, feedWarnings } from '../domain/warnings';
import { TABLES, UID } from '../constants';
import { isUniqueViolation } from '../database/sql';
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
    currency: string | null;
    balance: string | number | null;
    balanceDate: string | Date | null;
    consentExpiresAt: string | Date | null;
    driftAmount?: string | number | null;
    driftSinceRunId?: number | null;
    driftSinceAt?: string | Date | null;
    balanceAgreedAt?: string | Date | null;
    balanceMovedAt?: string | Date | null;
    lastNewLineAt?: string | Date | null;
    connection?: ConnectionFacts | null;
  } | null;
}

interface ConnectionFacts {
  id: number;
  providerId: string;
  institutionName: string | null;
  state: ConnectionState;
  autoSync: boolean;
  lastSyncAt: string | Date | null;
  lastSuccessAt: string | Date | null;
  nextSyncAt: string | Date | null;
  consentExpiresAt: string | Date | null;
  lastErrorCode: string | null;
  lastErrorClass: ErrorClass | null;
  lastErrorMessage: string | null;
  lastErrorReference: string | null;
  createdAt?: string | Date | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

const isoOrNull = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

/** The engine's checks on the journal's feed (drift, stale feed), for a linked account in the journal's currency. */
function feedWarningsOf(row: JournalRow, balance: string | null, staleDays: number) {
  const account = row.onlineAccount;
  const c = account?.connection;
  if (!account || !c) return [];
  return feedWarnings(
    {
      currency: row.currency,
      driftAmount: account.driftAmount ?? null,
      driftSinceRunId: account.driftSinceRunId ?? null,
      driftSinceAt: account.driftSinceAt ?? null,
      balanceAgreedAt: account.balanceAgreedAt ?? null,
      bankBalance: account.currency === row.currency ? account.balance : null,
      statementsBalance: balance,
      balanceMovedAt: account.balanceMovedAt ?? null,
      lastNewLineAt: account.lastNewLineAt ?? null,
    },
    { state: c.state, lastSuccessAt: c.lastSuccessAt, createdAt: c.createdAt ?? null },
    staleDays,
  );
}

function toJournalView(row: JournalRow, balance: string | null, warningDays: number, staleDays: number): JournalView {
  const account = row.onlineAccount ?? null;
  const c = account?.connection ?? null;
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
    connection: c
      ? {
          id: c.id,
          providerId: c.providerId,
          institutionName: c.institutionName ?? null,
          state: c.state,
          autoSync: Boolean(c.autoSync),
          lastSyncAt: isoOrNull(c.lastSyncAt),
          lastSuccessAt: isoOrNull(c.lastSuccessAt),
          nextSyncAt: isoOrNull(c.nextSyncAt),
          consentExpiresAt: isoOrNull(account?.consentExpiresAt ?? c.consentExpiresAt),
          lastError:
            c.lastErrorCode || c.lastErrorReference
              ? { code: c.lastErrorCode ?? null, class: c.lastErrorClass ?? null, reference: c.lastErrorReference ?? null }
              : null,
        }
      : null,
    // The consent of this journal's account; the connection's (earliest) only when the provider gives no per-account date.
    warnings: c
      ? [
          ...connectionWarnings({ ...c, consentExpiresAt: account?.consentExpiresAt ?? c.consentExpiresAt }, warningDays),
          ...feedWarningsOf(row, balance, staleDays),
        ]
      : [],
    balance,
    bankBalance:
      account?.balance !== null && account?.balance !== undefined && account.currency === row.currency
        ? formatMinorUnits(String(account.balance), row.currency)
        : null,
    bankBalanceDate: isoOrNull(account?.balanceDate ?? null),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const populate = {
  onlineAccount: {
    select: [
      'id',
      'name',
      'accountNumber',
      'currency',
      'balance',
      'balanceDate',
      'consentExpiresAt',
      'driftAmount',
      'driftSinceRunId',
      'driftSinceAt',
      'balanceAgreedAt',
      'balanceMovedAt',
      'lastNewLineAt',
    ],
    populate: {
      connection: {
        select: [
          'id',
          'providerId',
          'institutionName',
          'state',
          'autoSync',
          'lastSyncAt',
          'lastSuccessAt',
          'nextSyncAt',
          'consentExpiresAt',
          'lastErrorCode',
          'lastErrorClass',
          'lastErrorMessage',
          'lastErrorReference',
          'refreshDeferredUntil',
          'refreshDeferredCode',
          'refreshDeferredMessage',
          'createdAt',
        ],
      },
    },
  },
} as const;

const journals = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.journal);
  const warningDays = () => getService(strapi, 'settings').get().sync.consentWarningDays;
  const staleDays = () => getService(strapi, 'settings').get().sync.staleBusinessDays;

  /** Closing balance of each journal's latest statement. */
  async function balances(journals: Array<{ id: number; currency: string }>): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (journals.length === 0) return out;
    const knex = strapi.db.connection;
    const latest = knex(TABLES.statements)
      .select('journal_id')
      .max({ start: 'period_start' })
      .whereIn(
        'journal_id',
        journals.map((j) => j.id),
      )
      .groupBy('journal_id')
      .as('latest');
    const rows = (await knex(`${TABLES.statements} as s`)
      .join(latest, function joinLatest() {
        this.on('s.journal_id', '=', 'latest.journal_id').andOn('s.period_start', '=', 'latest.start');
      })
      .select('s.journal_id', 's.id', 's.balance_end', 's.currency')
      .orderBy('s.id', 'asc')) as Array<{ journal_id: number; balance_end: unknown; currency: string }>;
    for (const row of rows) out.set(Number(row.journal_id), formatMinorUnits(String(row.balance_end), row.currency));
    return out;
  }

  return {
    async list(): Promise<JournalView[]> {
      const rows = (await query().findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], populate })) as JournalRow[];
      const balance = await balances(rows);
      return rows.map((row) => toJournalView(row, balance.get(row.id) ?? null, warningDays(), staleDays()));
    },

    async findOne(id: number): Promise<JournalView> {
      const row = (await query().findOne({ where: { id }, populate })) as JournalRow | null;
      if (!row) throw notFound('Journal', id);
      const balance = await balances([row]);
      return toJournalView(row, balance.get(row.id) ?? null, warningDays(), staleDays());
    },

    async create(input: CreateJournalInput): Promise<JournalView> {
      const code = input.code.toUpperCase();
      // The code is unique: Strapi's validator refuses a known one, the unique index a simultaneous one.
      const created = (await strapi
        .documents(UID.journal)
        .create({
          data: {
            name: input.name,
            code,
            currency: input.currency,
            bankAccountNumber: input.bankAccountNumber ?? null,
            statementPeriodicity: input.statementPeriodicity ?? 'month',
            timeZone: input.timeZone ?? getService(strapi, 'settings').get().defaultTimeZone,
          },
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error) || isUniqueRefusal(error, 'code'))
            throw conflict(`A journal with code "${code}" already exists`, { field: 'code' });
          throw error;
        })) as { id: number };
      // A new journal has no statement, hence no balance (and no query outside the caller's transaction).
      const row = (await query().findOne({ where: { id: created.id }, populate })) as JournalRow;
      return toJournalView(row, null, warningDays(), staleDays());
    },
  };
};

export default journals;
