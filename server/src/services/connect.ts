import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { InstitutionView, OnlineAccountView, selectAccountsBody, startConnectBody } from '../../../shared/contracts/connect';
import type { ConnectionView } from '../../../shared/contracts/connections';
import { BankSyncError, conflict, notFound, validationError } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import { errorReference } from '../domain/reference';
import { UID } from '../constants';
import { getService } from '../utils/get-service';

type StartInput = z.output<typeof startConnectBody>;
type SelectInput = z.output<typeof selectAccountsBody>;

interface PendingConnect {
  stateHash: string;
  adminId: number;
  expiresAt: string;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Connecting a bank: Connect (a pending connection and the provider's consent URL, with a
 * `state` bound to the admin who started it, single use, valid `connect.stateMinutes`),
 * the callback completion (code -> credentials, then the accounts), Update Credentials
 * (checked with the provider before saving), Reconnect and re-authorization.
 */
const connect = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const connections = () => strapi.db.query(UID.connection);

  function redirectUri(): string {
    const configured = settings().connect.redirectUri;
    if (configured) return configured;
    const admin = String(strapi.config.get('admin.absoluteUrl') ?? '/admin').replace(/\/+$/, '');
    return `${admin}/plugins/bank-sync/connect/callback`;
  }

  /** A provider failure during connect: recorded, then a 502 with class and reference. */
  async function providerFailure(connectionId: number, error: unknown): Promise<never> {
    if (error instanceof BankSyncError) throw error;
    const { provider } = await getService(strapi, 'sync')
      .providerFor(connectionId)
      .catch(() => ({ provider: null }));
    const failure = getService(strapi, 'sync').classify(provider, error);
    const reference = errorReference();
    await connections().update({
      where: { id: connectionId },
      data: { lastErrorCode: failure.code, lastErrorMessage: failure.message, lastErrorReference: reference },
    });
    strapi.log.warn(
      `[bank-sync] connect of connection ${connectionId} failed [${reference}] ${failure.class}/${failure.code}: ${failure.message}`,
    );
    throw new BankSyncError('ProviderError', failure.message, { class: failure.class, code: failure.code, reference });
  }

  async function newState(connectionId: number, adminId: number): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    const row = (await connections().findOne({ where: { id: connectionId }, select: ['id', 'providerData'] })) as {
      providerData: Record<string, unknown> | null;
    };
    const pending: PendingConnect = {
      stateHash: hash(secret),
      adminId,
      expiresAt: new Date(Date.now() + settings().connect.stateMinutes * 60_000).toISOString(),
    };
    await connections().update({ where: { id: connectionId }, data: { providerData: { ...(row.providerData ?? {}), connect: pending } } });
    return `${connectionId}.${secret}`;
  }

  async function mergeCredentials(connectionId: number, patch: Record<string, unknown>, drop: string[] = []) {
    const current = (await getService(strapi, 'connections').readCredentials(connectionId)) ?? {};
    const next: Record<string, unknown> = { ...current, ...patch };
    for (const key of drop) delete next[key];
    await getService(strapi, 'connections').setCredentials(connectionId, next);
  }

  async function consentUrl(connectionId: number, institutionId: string, adminId: number): Promise<string> {
    const state = await newState(connectionId, adminId);
    const { provider, ctx } = await getService(strapi, 'sync').providerFor(connectionId);
    try {
      const result = await provider.startConnect(ctx, { institutionId, redirectUri: redirectUri(), state });
      if (result.credentials) await mergeCredentials(connectionId, result.credentials);
      return result.url;
    } catch (error) {
      return providerFailure(connectionId, error);
    }
  }

  async function accountsOf(connectionId: number): Promise<OnlineAccountView[]> {
    const rows = (await strapi.db.query(UID.account).findMany({
      where: { connection: connectionId },
      populate: { journal: { select: ['id'] } },
      orderBy: { id: 'asc' },
    })) as Array<{
      id: number;
      providerAccountId: string;
      name: string | null;
      accountNumber: string | null;
      currency: string | null;
      balance: string | null;
      journal: { id: number } | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      providerAccountId: row.providerAccountId,
      name: row.name,
      accountNumber: row.accountNumber,
      currency: row.currency,
      balance: row.balance !== null && row.currency ? formatMinorUnits(row.balance, row.currency) : null,
      journalId: row.journal?.id ?? null,
    }));
  }

  async function completeClaimed(
    connectionId: number,
    secret: string,
    params: Record<string, string>,
    adminId: number,
    invalid: () => BankSyncError,
  ): Promise<void> {
    const row = (await connections().findOne({ where: { id: connectionId } })) as { providerData: Record<string, unknown> | null } | null;
    const pending = row?.providerData?.connect as PendingConnect | undefined;
    if (!row || !pending) throw invalid();
    const expected = Buffer.from(pending.stateHash, 'hex');
    const given = Buffer.from(hash(secret), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    if (pending.adminId !== adminId || new Date(pending.expiresAt).getTime() < Date.now()) throw invalid();
    // Single use: the state is gone before the provider is even asked.
    const { connect: _used, ...providerData } = row.providerData ?? {};
    await connections().update({ where: { id: connectionId }, data: { providerData } });

    const { provider, ctx } = await getService(strapi, 'sync').providerFor(connectionId);
    try {
      const result = await provider.completeConnect(ctx, { params, redirectUri: redirectUri() });
      await mergeCredentials(connectionId, result.credentials, ['codeVerifier']);
      await connections().update({
        where: { id: connectionId },
        data: {
          state: 'connected',
          autoSync: true,
          nextSyncAt: new Date(),
          consecutiveFailures: 0,
          lastErrorCode: null,
          lastErrorMessage: null,
          lastErrorReference: null,
          ...(result.consentExpiresAt ? { consentExpiresAt: result.consentExpiresAt } : {}),
          ...(result.providerData ? { providerData: { ...providerData, ...result.providerData } } : {}),
        },
      });
    } catch (error) {
      await providerFailure(connectionId, error);
    }
  }

  return {
    redirectUri,
    accountsOf,

    async institutions(providerId: string, query: { search?: string; country?: string }): Promise<InstitutionView[]> {
      const { provider, ctx } = getService(strapi, 'provider-context').forProvider(providerId);
      try {
        const list = await provider.searchInstitutions(ctx, query);
        return list.map((i) => ({
          id: i.id,
          name: i.name,
          country: i.country,
          providerId,
          beta: Boolean(i.beta),
          deprecated: Boolean(i.deprecated),
          status: i.status ?? null,
        }));
      } catch (error) {
        const failure = provider.classifyError(error);
        throw new BankSyncError('ProviderError', failure.message, { class: failure.class, code: failure.code });
      }
    },

    /** Connect: a pending connection and the URL of the provider's consent page. */
    async start(input: StartInput, adminId: number): Promise<{ connectionId: number; url: string }> {
      getService(strapi, 'providers').get(input.providerId);
      const connection = await getService(strapi, 'connections').create({
        providerId: input.providerId,
        institutionId: input.institutionId,
        institutionName: input.institutionName ?? null,
        institutionCountry: input.institutionCountry ?? null,
        frequencyMinutes: input.frequencyMinutes,
        credentials: input.credentials ?? {},
      });
      const url = await consentUrl(connection.id, input.institutionId, adminId);
      return { connectionId: connection.id, url };
    },

    /** Reconnect: a new consent for an existing connection (same accounts and journals). */
    async reconnect(connectionId: number, adminId: number): Promise<string> {
      const row = (await connections().findOne({ where: { id: connectionId } })) as { institutionId: string | null } | null;
      if (!row) throw notFound('Connection', connectionId);
      return consentUrl(connectionId, row.institutionId ?? '', adminId);
    },

    /** The callback: checks the state, exchanges the code, fetches the accounts. */
    async complete(
      state: string,
      params: Record<string, string>,
      adminId: number,
    ): Promise<{ connection: ConnectionView; accounts: OnlineAccountView[] }> {
      const invalid = () =>
        validationError('This connection link is invalid, already used or expired: start Connect again.', { field: 'state' });
      const [idText, secret] = state.split('.');
      const connectionId = Number(idText);
      if (!Number.isSafeInteger(connectionId) || !secret) throw invalid();
      // One completion at a time: a second request with the same state (a double submit)
      // waits on the lease and then finds the state used.
      const leases = getService(strapi, 'leases');
      if (!(await leases.claim(connectionId))) throw conflict('This connection is being completed or synchronized: retry in a moment.');
      try {
        await completeClaimed(connectionId, secret, params, adminId, invalid);
      } finally {
        await leases.release(connectionId);
      }
      await getService(strapi, 'sync').fetchAccounts(connectionId);
      return { connection: await getService(strapi, 'connections').findOne(connectionId), accounts: await accountsOf(connectionId) };
    },

    /** Update Credentials: checked with the provider first; on success the connection can sync again. */
    /** Update Credentials: checked with the provider first; on success the connection can sync again. */
    async updateCredentials(connectionId: number, credentials: Record<string, string>): Promise<ConnectionView> {
      const { provider, ctx } = await getService(strapi, 'sync').providerFor(connectionId);
      let checked: Record<string, unknown> = credentials;
      if (provider.checkCredentials) {
        try {
          checked = await provider.checkCredentials(ctx, credentials);
        } catch (error) {
          const failure = provider.classifyError(error);
          // Nothing is saved: the old credentials stay as they were.
          throw new BankSyncError('ValidationError', `The provider refused these credentials: ${failure.message}`, {
            field: 'credentials',
            code: failure.code,
          });
        }
      }
      await getService(strapi, 'connections').setCredentials(connectionId, checked);
      const row = (await connections().findOne({ where: { id: connectionId } })) as { state: string; lastErrorCode: string | null };
      const data: Record<string, unknown> = {
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorReference: null,
        consecutiveFailures: 0,
      };
      if (row.state === 'error' || row.state === 'pending') Object.assign(data, { state: 'connected', nextSyncAt: new Date() });
      await connections().update({ where: { id: connectionId }, data });
      return getService(strapi, 'connections').findOne(connectionId);
    },

    /** A link where the admin renews an account's bank consent (Ponto reauthorization request). */
    async reauthorize(connectionId: number, accountId: number | undefined, adminId: number): Promise<string> {
      const { provider, ctx } = await getService(strapi, 'sync').providerFor(connectionId);
      if (!provider.reauthorizationUrl) return this.reconnect(connectionId, adminId);
      let providerAccountId: string | undefined;
      if (accountId) {
        const account = (await strapi.db.query(UID.account).findOne({ where: { id: accountId, connection: connectionId } })) as {
          providerAccountId: string;
        } | null;
        if (!account) throw notFound('Online account', accountId);
        providerAccountId = account.providerAccountId;
      }
      const state = await newState(connectionId, adminId);
      try {
        return await provider.reauthorizationUrl(ctx, { redirectUri: redirectUri(), state, providerAccountId });
      } catch (error) {
        return providerFailure(connectionId, error);
      }
    },

    /** Select accounts: for each, create a journal, link an existing one, or no link. */
    async selectAccounts(connectionId: number, input: SelectInput): Promise<OnlineAccountView[]> {
      const linker = getService(strapi, 'connections');
      const existing = await accountsOf(connectionId);
      for (const choice of input.accounts) {
        const account = existing.find((a) => a.id === choice.accountId);
        if (!account)
          throw validationError(`Account ${choice.accountId} does not belong to connection ${connectionId}`, { field: 'accounts' });
        if (choice.action === 'none') await linker.linkAccount(account.id, null);
        else if (choice.action === 'link') {
          if (!choice.journalId) throw validationError('journalId is required to link a journal', { field: 'journalId' });
          await linker.linkAccount(account.id, choice.journalId);
        } else {
          if (!choice.journal) throw validationError('journal (name, code) is required to create a journal', { field: 'journal' });
          if (!account.currency) throw validationError(`Account ${account.id} has no currency yet: Fetch Accounts first`);
          const journal = await getService(strapi, 'journals').create({
            name: choice.journal.name,
            code: choice.journal.code,
            currency: account.currency,
            bankAccountNumber: account.accountNumber,
          });
          await linker.linkAccount(account.id, journal.id);
        }
      }
      if (input.frequencyMinutes)
        await connections().update({ where: { id: connectionId }, data: { frequencyMinutes: input.frequencyMinutes } });
      return accountsOf(connectionId);
    },
  };
};

export default connect;
export type ConnectService = ReturnType<typeof connect>;
