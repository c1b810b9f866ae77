import type { Core } from '@strapi/strapi';
import type { OnlineAccountView } from '../../../shared/contracts/connect';
import type { StatementPeriodicity } from '../../../shared/contracts/journals';
import { UID } from '../constants';
import { notFound } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import type { ProviderAccount } from '../providers/types';

/** An account linked to a journal, as an import reads it. */
export interface LinkedAccount {
  id: number;
  providerAccountId: string;
  currency: string | null;
  cursor: Record<string, unknown> | null;
  firstFetchDate: string | null;
  journal: { id: number; code: string; currency: string; timeZone: string; statementPeriodicity: StatementPeriodicity };
}

interface AccountRow {
  id: number;
  providerAccountId: string;
  name: string | null;
  accountNumber: string | null;
  currency: string | null;
  balance: string | null;
  balanceDate: string | Date | null;
  consentExpiresAt: string | Date | null;
  firstFetchDate: string | null;
  journal: { id: number } | null;
}

const isoOrNull = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

/** The only shape an online account leaves the server in: balances as decimal strings. */
function toAccountView(row: AccountRow): OnlineAccountView {
  return {
    id: row.id,
    providerAccountId: row.providerAccountId,
    name: row.name ?? null,
    accountNumber: row.accountNumber ?? null,
    currency: row.currency ?? null,
    balance: row.balance !== null && row.balance !== undefined && row.currency ? formatMinorUnits(String(row.balance), row.currency) : null,
    balanceDate: isoOrNull(row.balanceDate ?? null),
    consentExpiresAt: isoOrNull(row.consentExpiresAt ?? null),
    firstFetchDate: row.firstFetchDate ?? null,
    journalId: row.journal?.id ?? null,
  };
}

/** The online accounts of connections: what the provider reports of them, and their links. */
export function onlineAccountRepository(strapi: Core.Strapi) {
  const query = () => strapi.db.query(UID.account);

  return {
    /**
     * Stores the provider's accounts (new ones created, known ones updated: names, balances,
     * each account's own consent end). Returns the earliest consent end, if any.
     */
    async storeRemote(connectionId: number, remote: ProviderAccount[]): Promise<Date | null> {
      const existing = (await query().findMany({ where: { connection: connectionId }, select: ['id', 'providerAccountId'] })) as Array<{
        id: number;
        providerAccountId: string;
      }>;
      const byRemoteId = new Map(existing.map((a) => [a.providerAccountId, a.id]));
      let earliest: Date | null = null;
      for (const account of remote) {
        const consent = account.consentExpiresAt instanceof Date ? account.consentExpiresAt : null;
        if (consent && (!earliest || consent < earliest)) earliest = consent;
        const data = {
          name: account.name,
          accountNumber: account.accountNumber,
          currency: account.currency,
          balance: account.balance === null ? null : account.balance.toString(),
          balanceDate: account.balanceDate,
          consentExpiresAt: consent,
        };
        const id = byRemoteId.get(account.providerAccountId);
        if (id) await query().update({ where: { id }, data });
        else await query().create({ data: { ...data, providerAccountId: account.providerAccountId, connection: connectionId } });
      }
      return earliest;
    },

    /** The connection's accounts that feed a journal, in a stable order. */
    async linked(connectionId: number): Promise<LinkedAccount[]> {
      const rows = (await query().findMany({
        where: { connection: connectionId },
        populate: { journal: true },
        orderBy: { id: 'asc' },
      })) as Array<LinkedAccount & { journal: LinkedAccount['journal'] | null }>;
      return rows.filter((row): row is LinkedAccount => row.journal !== null && row.journal !== undefined);
    },

    async views(connectionId: number): Promise<OnlineAccountView[]> {
      const rows = (await query().findMany({
        where: { connection: connectionId },
        populate: { journal: { select: ['id'] } },
        orderBy: { id: 'asc' },
      })) as AccountRow[];
      return rows.map(toAccountView);
    },

    /** An account of the connection, or 404. */
    async findInConnection(accountId: number, connectionId: number): Promise<{ id: number; providerAccountId: string }> {
      const row = (await query().findOne({ where: { id: accountId, connection: connectionId }, select: ['id', 'providerAccountId'] })) as {
        id: number;
        providerAccountId: string;
      } | null;
      if (!row) throw notFound('Online account', accountId);
      return row;
    },

    /** The first booking date the next import reads from (a new account's history start). */
    async setFirstFetchDate(accountId: number, firstFetchDate: string): Promise<void> {
      await query().update({ where: { id: accountId }, data: { firstFetchDate } });
    },
  };
}
