import type { Core } from '@strapi/strapi';
import type { ConnectionView } from '../../../shared/contracts/connections';
import { conflict, notFound, validationError } from '../domain/errors';
import { UID } from '../constants';
import { writeAccountLink } from '../database/account-journal-links';
import { connectionWarnings } from '../domain/warnings';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { getService } from '../utils/get-service';

export interface NewConnection {
  providerId: string;
  institutionId?: string | null;
  institutionName?: string | null;
  institutionCountry?: string | null;
  autoSync?: boolean;
  frequencyMinutes?: number;
  credentials?: Record<string, unknown> | null;
  providerData?: Record<string, unknown> | null;
}

const isoOrNull = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

/** The only shape a connection leaves the server in: credentials and lease stay inside. */
function toConnectionView(row: ConnectionRow, warningDays: number): ConnectionView {
  return {
    id: row.id,
    documentId: row.documentId,
    providerId: row.providerId,
    institutionId: row.institutionId ?? null,
    institutionName: row.institutionName ?? null,
    institutionCountry: row.institutionCountry ?? null,
    state: row.state,
    autoSync: Boolean(row.autoSync),
    frequencyMinutes: row.frequencyMinutes,
    lastSyncAt: isoOrNull(row.lastSyncAt),
    lastSuccessAt: isoOrNull(row.lastSuccessAt),
    nextSyncAt: isoOrNull(row.nextSyncAt),
    consentExpiresAt: isoOrNull(row.consentExpiresAt),
    lastError:
      row.lastErrorCode || row.lastErrorMessage
        ? {
            code: row.lastErrorCode ?? null,
            class: row.lastErrorClass ?? null,
            message: row.lastErrorMessage ?? null,
            reference: row.lastErrorReference ?? null,
          }
        : null,
    hasCredentials: Boolean(row.credentials),
    warnings: connectionWarnings(row, warningDays),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

const connections = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.connection);
  const secrets = () => getService(strapi, 'secrets');
  const warningDays = () => getService(strapi, 'settings').get().sync.consentWarningDays;

  return {
    async list(): Promise<ConnectionView[]> {
      return (await connectionRepository(strapi).findAll()).map((row) => toConnectionView(row, warningDays()));
    },

    async findOne(id: number): Promise<ConnectionView> {
      return toConnectionView(await connectionRepository(strapi).find(id), warningDays());
    },

    async create(input: NewConnection): Promise<ConnectionView> {
      if (!input.providerId) throw validationError('providerId is required', { field: 'providerId' });
      const settings = getService(strapi, 'settings').get();
      // Encrypt first: without a key nothing is written at all.
      const credentials = input.credentials ? secrets().seal(input.credentials) : null;
      const created = (await strapi.documents(UID.connection).create({
        data: {
          providerId: input.providerId,
          institutionId: input.institutionId ?? null,
          institutionName: input.institutionName ?? null,
          institutionCountry: input.institutionCountry ?? null,
          state: 'pending',
          autoSync: input.autoSync ?? true,
          frequencyMinutes: input.frequencyMinutes ?? settings.sync.frequencyMinutes,
          providerData: input.providerData ?? null,
        },
      })) as { id: number };
      // The Document Service drops credentials on purpose (hide-secrets); they go in here.
      if (credentials) await query().update({ where: { id: created.id }, data: { credentials } });
      return this.findOne(created.id);
    },

    /** Replaces the stored credentials (encrypted); refuses when no key is configured. */
    async setCredentials(id: number, credentials: Record<string, unknown>): Promise<void> {
      const sealed = secrets().seal(credentials);
      const updated = await query().update({ where: { id }, data: { credentials: sealed } });
      if (!updated) throw notFound('Connection', id);
    },

    /**
     * Links an online account to a journal (at most one each way). The journal's currency
     * must be the account's: a statement holds one currency.
     */
    async linkAccount(accountId: number, journalId: number | null): Promise<void> {
      const accounts = strapi.db.query(UID.account);
      const account = (await accounts.findOne({ where: { id: accountId }, populate: { journal: true } })) as {
        id: number;
        currency: string | null;
        journal: { id: number } | null;
      } | null;
      if (!account) throw notFound('Online account', accountId);
      if (journalId === null) {
        await writeAccountLink(strapi, accountId, null);
        return;
      }
      const journal = (await strapi.db.query(UID.journal).findOne({ where: { id: journalId }, populate: { onlineAccount: true } })) as {
        id: number;
        code: string;
        currency: string;
        onlineAccount: { id: number } | null;
      } | null;
      if (!journal) throw notFound('Journal', journalId);
      if (journal.onlineAccount && journal.onlineAccount.id !== accountId) {
        throw conflict(`Journal ${journal.code} is already linked to another online account`, { journalId });
      }
      if (account.currency && account.currency !== journal.currency) {
        throw validationError(`The account is in ${account.currency} but journal ${journal.code} is in ${journal.currency}`, {
          field: 'journalId',
        });
      }
      // The check above words the usual case; the unique index decides a race.
      if (!(await writeAccountLink(strapi, accountId, journalId))) {
        throw conflict(`Journal ${journal.code} is already linked to another online account`, { journalId });
      }
    },

    /** Decrypted credentials, for the sync engine only. Never return them to a client. */
    async readCredentials<T = Record<string, unknown>>(id: number): Promise<T | null> {
      const row = (await query().findOne({ where: { id }, select: ['id', 'credentials'] })) as Pick<
        ConnectionRow,
        'id' | 'credentials'
      > | null;
      if (!row) throw notFound('Connection', id);
      return row.credentials ? secrets().open<T>(row.credentials) : null;
    },
  };
};

export default connections;
