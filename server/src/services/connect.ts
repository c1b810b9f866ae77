import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { InstitutionView, OnlineAccountView, selectAccountsBody, startConnectBody } from '../../../shared/contracts/connect';
import type { ConnectionView } from '../../../shared/contracts/connections';
import { transactionWithRetry } from '../database/sql';
import { conflict, validationError } from '../domain/errors';
import type { BankProvider, Institution, ProviderContext } from '../providers/types';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { onlineAccountRepository } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';

type StartInput = z.output<typeof startConnectBody>;
type SelectInput = z.output<typeof selectAccountsBody>;

interface PendingConnect {
  stateHash: string;
  adminId: number;
  expiresAt: string;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/** A logo the admin may show: https, or a small inline image; anything else is left out. */
function safeLogoUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  if (/^https:\/\/[^\s"'<>]+$/i.test(url) && url.length <= 2048) return url;
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(url) && url.length <= 200_000) return url;
  return null;
}

/**
 * Connecting a bank: Connect (a pending connection and the provider's consent URL, with a
 * `state` bound to the admin who started it, single use, valid `connect.stateMinutes`),
 * the callback completion (code -> credentials, then the accounts), Update Credentials
 * (checked with the provider before saving), Reconnect and re-authorization. Every provider
 * failure is recorded on the connection with a BKS- reference (services/failures).
 */
const connect = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const connections = () => connectionRepository(strapi);
  const accounts = () => onlineAccountRepository(strapi);
  const contexts = () => getService(strapi, 'provider-context');
  const failures = () => getService(strapi, 'failures');

  function redirectUri(): string {
    const configured = settings().connect.redirectUri;
    if (configured) return configured;
    const admin = String(strapi.config.get('admin.absoluteUrl') ?? '/admin').replace(/\/+$/, '');
    return `${admin}/plugins/bank-sync/connect/callback`;
  }

  /** Calls the provider for a connection; a failure is recorded on it and thrown as a 502 with its reference. */
  async function withProvider<T>(
    connection: ConnectionRow,
    action: string,
    work: (provider: BankProvider, ctx: ProviderContext) => Promise<T>,
  ): Promise<T> {
    let provider: BankProvider | null = null;
    try {
      const context = await contexts().forConnection(connection);
      provider = context.provider;
      return await work(context.provider, context.ctx);
    } catch (error) {
      throw await failures().report(error, { action, provider, connection, record: 'error' });
    }
  }

  /** A new `state` for the provider's redirect: `<connection id>.<secret>`, only its hash kept. */
  async function newState(connection: ConnectionRow, adminId: number): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    const pending: PendingConnect = {
      stateHash: hash(secret),
      adminId,
      expiresAt: new Date(Date.now() + settings().connect.stateMinutes * 60_000).toISOString(),
    };
    connection.providerData = { ...(connection.providerData ?? {}), connect: pending };
    await connections().saveProviderData(connection.id, connection.providerData);
    return `${connection.id}.${secret}`;
  }

  async function mergeCredentials(connectionId: number, patch: Record<string, unknown>, drop: string[] = []) {
    const service = getService(strapi, 'connections');
    const next: Record<string, unknown> = { ...((await service.readCredentials(connectionId)) ?? {}), ...patch };
    for (const key of drop) delete next[key];
    await service.setCredentials(connectionId, next);
  }

  async function consentUrl(connection: ConnectionRow, adminId: number): Promise<string> {
    const state = await newState(connection, adminId);
    return withProvider(connection, 'connect', async (provider, ctx) => {
      const result = await provider.startConnect(ctx, { institutionId: connection.institutionId ?? '', redirectUri: redirectUri(), state });
      if (result.credentials) await mergeCredentials(connection.id, result.credentials);
      return result.url;
    });
  }

  /** The institution's name and country, from the provider, when Connect gave only its id. */
  async function lookUpInstitution(providerId: string, institutionId: string): Promise<Institution | null> {
    const { provider, ctx } = contexts().forProvider(providerId);
    try {
      if (provider.findInstitution) return await provider.findInstitution(ctx, institutionId);
      return (await provider.searchInstitutions(ctx, {})).find((i) => i.id === institutionId) ?? null;
    } catch (error) {
      // Connecting does not depend on it: the connection is made without a name.
      await failures().report(error, { action: `institution ${institutionId} lookup`, provider });
      return null;
    }
  }

  async function completeClaimed(
    connectionId: number,
    secret: string,
    params: Record<string, string>,
    adminId: number,
    invalid: () => Error,
  ): Promise<void> {
    const connection = await connections().find(connectionId);
    const pending = connection.providerData?.connect as PendingConnect | undefined;
    if (!pending) throw invalid();
    const expected = Buffer.from(pending.stateHash, 'hex');
    const given = Buffer.from(hash(secret), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    if (pending.adminId !== adminId || new Date(pending.expiresAt).getTime() < Date.now()) throw invalid();
    // Single use: the state is gone before the provider is even asked.
    const { connect: _used, ...providerData } = connection.providerData ?? {};
    connection.providerData = providerData;
    await connections().saveProviderData(connectionId, providerData);

    await withProvider(connection, 'connect callback', async (provider, ctx) => {
      const result = await provider.completeConnect(ctx, { params, redirectUri: redirectUri() });
      await mergeCredentials(connectionId, result.credentials, ['codeVerifier']);
      await connections().markConnected(connectionId, {
        consentExpiresAt: result.consentExpiresAt ?? null,
        externalId: result.externalId,
        ...(result.providerData ? { providerData: { ...providerData, ...result.providerData } } : {}),
      });
    });
  }

  return {
    redirectUri,

    accountsOf: (connectionId: number): Promise<OnlineAccountView[]> => accounts().views(connectionId),

    async institutions(providerId: string, query: { search?: string; country?: string }): Promise<InstitutionView[]> {
      const { provider, ctx } = contexts().forProvider(getService(strapi, 'providers').known(providerId));
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
          logoUrl: safeLogoUrl(i.logoUrl),
        }));
      } catch (error) {
        throw await failures().report(error, { action: 'institution search', provider });
      }
    },

    /** Connect: a pending connection and the URL of the provider's consent page. */
    async start(input: StartInput, adminId: number): Promise<{ connectionId: number; url: string }> {
      getService(strapi, 'providers').known(input.providerId);
      const found =
        input.institutionName && input.institutionCountry ? null : await lookUpInstitution(input.providerId, input.institutionId);
      const created = await getService(strapi, 'connections').create({
        providerId: input.providerId,
        institutionId: input.institutionId,
        institutionName: input.institutionName ?? found?.name ?? null,
        institutionCountry: input.institutionCountry ?? found?.country ?? null,
        frequencyMinutes: input.frequencyMinutes,
        credentials: input.credentials ?? {},
      });
      const url = await consentUrl(await connections().find(created.id), adminId);
      return { connectionId: created.id, url };
    },

    /** Reconnect: a new consent for an existing connection (same accounts and journals). */
    async reconnect(connectionId: number, adminId: number): Promise<string> {
      return consentUrl(await connections().find(connectionId), adminId);
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
      if (!Number.isSafeInteger(connectionId) || connectionId <= 0 || !secret) throw invalid();
      // One completion at a time: a second request with the same state (a double submit)
      // waits on the lease and then finds the state used.
      if (!(await connections().claim(connectionId)))
        throw conflict('This connection is being completed or synchronized: retry in a moment.');
      try {
        await completeClaimed(connectionId, secret, params, adminId, invalid);
      } finally {
        await connections().release(connectionId);
      }
      const fetched = await getService(strapi, 'sync').fetchAccounts(connectionId);
      return { connection: await getService(strapi, 'connections').findOne(connectionId), accounts: fetched };
    },

    /** Update Credentials: checked with the provider first (nothing saved on refusal); the connection can sync again. */
    async updateCredentials(connectionId: number, credentials: Record<string, string>): Promise<ConnectionView> {
      const connection = await connections().find(connectionId);
      const { provider, ctx } = await contexts().forConnection(connection);
      // Exactly what the provider asks for: nothing missing, nothing it would not know.
      const fields = provider.credentialFields ?? [];
      if (fields.length === 0) {
        throw validationError(`${provider.displayName} connections take no credentials typed by hand: use Reconnect`, {
          field: 'credentials',
        });
      }
      const missing = fields.filter((f) => typeof credentials[f.key] !== 'string' || credentials[f.key]!.trim() === '');
      if (missing.length) {
        throw validationError(`Missing ${missing.map((f) => f.label).join(', ')}`, {
          field: 'credentials',
          missing: missing.map((f) => f.key),
        });
      }
      const unknown = Object.keys(credentials).filter((key) => !fields.some((f) => f.key === key));
      if (unknown.length) {
        throw validationError(`${provider.displayName} takes no ${unknown.join(', ')}`, { field: 'credentials', unknown });
      }
      let checked: Record<string, unknown> = credentials;
      if (provider.checkCredentials) {
        try {
          checked = await provider.checkCredentials(ctx, credentials);
        } catch (error) {
          const failure = failures().classify(provider, error);
          throw validationError(`The provider refused these credentials: ${failure.message}`, { field: 'credentials', code: failure.code });
        }
      }
      await getService(strapi, 'connections').setCredentials(connectionId, checked);
      await connections().markCredentialsUpdated(connection);
      return getService(strapi, 'connections').findOne(connectionId);
    },

    /** A link where the admin renews an account's bank consent (Ponto reauthorization request). */
    async reauthorize(connectionId: number, accountId: number | undefined, adminId: number): Promise<string> {
      const connection = await connections().find(connectionId);
      const provider = getService(strapi, 'providers').get(connection.providerId);
      if (!provider.reauthorizationUrl) return consentUrl(connection, adminId);
      const providerAccountId = accountId ? (await accounts().findInConnection(accountId, connectionId)).providerAccountId : undefined;
      const state = await newState(connection, adminId);
      return withProvider(connection, 'reauthorization', (p, ctx) =>
        p.reauthorizationUrl!(ctx, { redirectUri: redirectUri(), state, providerAccountId }),
      );
    },

    /**
     * Select accounts (the end of Add a Bank Account): for each, create a journal (name, code,
     * time zone, statement periodicity), link an existing one, or no link; and optionally the
     * first date to import.
     */
    async selectAccounts(connectionId: number, input: SelectInput): Promise<OnlineAccountView[]> {
      // All or nothing: a refusal on one account (a journal code taken, a journal linked
      // meanwhile) undoes the journals created and the links made for the others.
      await transactionWithRetry(strapi, () => this.applyAccountChoices(connectionId, input));
      return accounts().views(connectionId);
    },

    async applyAccountChoices(connectionId: number, input: SelectInput): Promise<void> {
      const linker = getService(strapi, 'connections');
      const existing = await accounts().views(connectionId);
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
            ...choice.journal,
            currency: account.currency,
            bankAccountNumber: account.accountNumber,
          });
          await linker.linkAccount(account.id, journal.id);
        }
        if (choice.firstFetchDate) await accounts().setFirstFetchDate(account.id, choice.firstFetchDate);
      }
      if (input.frequencyMinutes) await connections().setFrequency(connectionId, input.frequencyMinutes);
    },
  };
};

export default connect;
