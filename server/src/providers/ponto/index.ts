import { toMinorUnits } from '../../domain/money';
import { partition } from '../validate';
import { ProviderError, type BankProvider, type Institution, type ProviderContext, type TransactionPage } from '../types';
import { PontoClient } from './client';
import { pontoConfigSchema, readPontoConfig, type PontoConfig, type PontoCredentials } from './config';
import { zodProblems } from '../zod-problems';
import { classifyPonto, PontoHttpError } from './errors';
import { mapPontoTransaction, type PontoTransaction } from './mapper';
import { pkcePair } from './pkce';
import { checkSignature } from './webhook';

interface JsonApiList<T> {
  data: T[];
  links?: { first?: string; next?: string | null; prev?: string | null };
  meta?: { paging?: { limit?: number; before?: string | null; after?: string | null } };
}

interface PontoAccount {
  id: string;
  attributes: {
    reference?: string;
    description?: string;
    currency: string;
    currentBalance?: number | string | null;
    currentBalanceReferenceDate?: string | null;
    currentBalanceChangedAt?: string | null;
    authorizationExpirationExpectedAt?: string | null;
    deprecated?: boolean;
  };
}

/** Where a transaction listing stands: which phase, the next page, the newest id seen. */
interface PontoCursor {
  phase: 'new' | 'history';
  url: string | null;
  newestId: string | null;
}

const DEPRECATED_TOKEN_MESSAGE =
  "This connection uses Ponto's old single API token, which Ponto has deprecated: it is no longer synchronized. " +
  'Open Update Credentials and enter the Client ID and Secret of your Ponto Connect integration.';

function setup(ctx: ProviderContext): { config: PontoConfig; client: PontoClient } {
  const config = readPontoConfig(ctx.config);
  const creds = (ctx.credentials ?? {}) as PontoCredentials;
  if (creds.apiToken && !creds.clientId) {
    throw new ProviderError({ class: 'config', code: 'ponto_deprecated_token', message: DEPRECATED_TOKEN_MESSAGE });
  }
  return { config, client: new PontoClient(config, ctx) };
}

const institutionCache = new Map<string, { at: number; list: Institution[] }>();
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* pages<T>(client: PontoClient, first: string, params: Record<string, unknown> | undefined, follow: 'next' | 'prev') {
  let url: string | null = first;
  let query = params;
  while (url) {
    const page: JsonApiList<T> = await client.request<JsonApiList<T>>('GET', url, { params: query });
    query = undefined; // links carry their own query
    url = page.links?.[follow] ?? null;
    yield { page, nextUrl: url };
  }
}

export const pontoProvider: BankProvider = {
  id: 'ponto',
  displayName: 'Ponto',
  capabilities: { refresh: true, pending: true, webhooks: true, reauthorization: true },

  async searchInstitutions(ctx, { search, country }) {
    const config = readPontoConfig(ctx.config);
    const client = new PontoClient(config, ctx);
    const key = `${config.apiUrl}|${search ?? ''}`;
    const cached = institutionCache.get(key);
    let list: Institution[];
    if (cached && Date.now() - cached.at < config.institutionsCacheSeconds * 1000) list = cached.list;
    else {
      list = [];
      const params: Record<string, unknown> = { 'page[limit]': 100 };
      if (search?.trim()) params['filter[name][contains]'] = search.trim();
      let url: string | null = '/financial-institutions';
      let query: Record<string, unknown> | undefined = params;
      while (url) {
        const page: JsonApiList<{ id: string; attributes: Record<string, unknown> }> = await client.publicGet(url, query);
        query = undefined;
        for (const fi of page.data) {
          const a = fi.attributes;
          list.push({
            id: fi.id,
            name: String(a.name ?? fi.id),
            country: (a.country as string | null) ?? null,
            status: (a.status as string | undefined) ?? undefined,
            beta: a.status === 'beta',
            deprecated: Boolean(a.deprecated),
          });
        }
        url = page.links?.next ?? null;
      }
      institutionCache.set(key, { at: Date.now(), list });
    }
    return country ? list.filter((i) => i.country === country.toUpperCase()) : list;
  },

  async startConnect(ctx, { redirectUri, state }) {
    const { config, client } = setup(ctx);
    const { clientId } = client.client();
    const { verifier, challenge } = pkcePair();
    const url = new URL(config.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: config.scope,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), credentials: { codeVerifier: verifier } };
  },

  async completeConnect(ctx, { params, redirectUri }) {
    const { client } = setup(ctx);
    if (params.error) {
      throw new ProviderError({
        class: 'reauth',
        code: `ponto_${params.error}`,
        message:
          params.error === 'access_denied' ? 'The consent was refused at Ponto: nothing was connected.' : `Ponto answered ${params.error}.`,
      });
    }
    const verifier = (ctx.credentials as PontoCredentials | null)?.codeVerifier;
    if (!params.code || !verifier) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'ponto_no_code',
        message: 'The Ponto callback has no authorization code.',
      });
    }
    try {
      const credentials = await client.exchangeCode(params.code, redirectUri, verifier);
      return { credentials: credentials as Record<string, unknown> };
    } catch (error) {
      if (error instanceof PontoHttpError && error.codes.includes('invalid_grant')) {
        throw new ProviderError({
          class: 'invalid-request',
          code: 'ponto_invalid_code',
          message:
            'Ponto refused the authorization code (expired, already used, or issued for another redirect URI than the configured one): start Connect again.',
          providerReference: error.requestId,
        });
      }
      throw error;
    }
  },

  async checkCredentials(ctx, credentials) {
    const config = readPontoConfig(ctx.config);
    const { clientId, clientSecret } = credentials as PontoCredentials;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'ponto_missing_client',
        message: 'Enter both the Client ID and the Client Secret.',
      });
    }
    const client = new PontoClient(config, { ...ctx, credentials: { clientId, clientSecret } });
    await client.token({ grant_type: 'client_credentials' }, { clientId, clientSecret });
    // New client credentials replace the old ones and the deprecated token; tokens start anew.
    return { clientId, clientSecret };
  },

  async fetchAccounts(ctx) {
    const { client } = setup(ctx);
    const accounts: PontoAccount[] = [];
    for await (const { page } of pages<PontoAccount>(client, '/accounts', { 'page[limit]': 100 }, 'next')) accounts.push(...page.data);
    return accounts.map((account) => {
      const a = account.attributes;
      let balance: bigint | null = null;
      try {
        balance = a.currentBalance === null || a.currentBalance === undefined ? null : toMinorUnits(a.currentBalance, a.currency);
      } catch {
        balance = null;
      }
      const balanceAt = a.currentBalanceReferenceDate ?? a.currentBalanceChangedAt;
      return {
        providerAccountId: account.id,
        name: a.description ?? a.reference ?? null,
        accountNumber: a.reference ?? null,
        currency: a.currency,
        balance,
        balanceDate: balanceAt ? new Date(balanceAt) : null,
        consentExpiresAt: a.authorizationExpirationExpectedAt ? new Date(a.authorizationExpirationExpectedAt) : null,
      };
    });
  },

  async requestRefresh(ctx, { providerAccountId }) {
    const { config, client } = setup(ctx);
    if (!config.synchronize) return;
    let sync: { data: { id: string; attributes: { status: string; errors?: Array<{ code?: string; detail?: string }> } } };
    try {
      sync = await client.request('POST', '/synchronizations', {
        data: {
          data: {
            type: 'synchronization',
            attributes: { resourceType: 'account', resourceId: providerAccountId, subtype: 'accountTransactions' },
          },
        },
      });
    } catch (error) {
      const info = classifyPonto(error);
      if (info.code === 'ponto_accountRecentlySynchronized' || String((error as Error).message).includes('accountRecentlySynchronized')) {
        ctx.log.debug('account recently synchronized at Ponto: reading what is there');
        return;
      }
      throw error;
    }
    const deadline = Date.now() + config.syncTimeoutMs;
    let status = sync.data.attributes.status;
    while (status !== 'success' && status !== 'error') {
      if (Date.now() > deadline) {
        ctx.log.warn(`Ponto synchronization ${sync.data.id} still ${status} after ${config.syncTimeoutMs} ms: reading what is there`);
        return;
      }
      await sleep(config.syncPollMs);
      sync = await client.request('GET', `/synchronizations/${sync.data.id}`);
      status = sync.data.attributes.status;
    }
    if (status === 'error') {
      const errors = sync.data.attributes.errors ?? [];
      if (errors.some((e) => e.code === 'authorizationInvalid' || e.code === 'authorizationExpired')) {
        throw new ProviderError({
          class: 'reauth',
          code: 'ponto_authorizationInvalid',
          message:
            "The bank refused Ponto's access to this account: its consent must be renewed (Reconnect, or re-authorize the account at Ponto — banks ask for it every 180 days).",
        });
      }
      ctx.log.warn(`Ponto synchronization failed (${errors.map((e) => e.code).join(', ')}): reading what is there`);
    }
  },

  async *fetchTransactions(ctx, { providerAccountId, since, resume, previous }) {
    const { config, client } = setup(ctx);
    const base = `/accounts/${encodeURIComponent(providerAccountId)}`;
    const limit = config.pageLimit;
    const toPage = (data: PontoTransaction[], cursor: PontoCursor): TransactionPage => ({
      ...partition(data.map((t) => ({ mapped: mapPontoTransaction(t, config.bookingDate), raw: t }))),
      cursor,
    });
    const resumeAt = resume as PontoCursor | null;
    let newestId = resumeAt?.newestId ?? (previous as PontoCursor | null)?.newestId ?? null;

    if (!resumeAt) {
      // Consent: an account whose authorization has ended cannot be read.
      const { data: account } = await client.request<{ data: PontoAccount }>('GET', base);
      const expires = account.attributes.authorizationExpirationExpectedAt;
      if (expires && new Date(expires).getTime() < Date.now()) {
        throw new ProviderError({
          class: 'reauth',
          code: 'ponto_authorization_expired',
          message: `The bank link of account ${account.attributes.reference ?? providerAccountId} expired on ${day(expires)}: it must be re-authorized at Ponto (Reconnect), as banks require every 180 days.`,
        });
      }
      // Pending transactions are reported (and counted), never imported.
      for await (const { page } of pages<PontoTransaction>(client, `${base}/pending-transactions`, { 'page[limit]': limit }, 'next')) {
        yield toPage(page.data, { phase: 'new', url: null, newestId });
        const oldest = page.data[page.data.length - 1]?.attributes;
        if (oldest && day(oldest.executionDate ?? oldest.valueDate) < since) break;
      }
    }

    // 1. Incremental: what is newer than the newest id seen, following links.prev.
    if ((resumeAt?.phase === 'new' && resumeAt.url) || (!resumeAt && newestId)) {
      const first = resumeAt?.url ?? `${base}/transactions`;
      const params = resumeAt?.url ? undefined : { 'page[limit]': limit, 'page[before]': newestId };
      try {
        for await (const { page, nextUrl } of pages<PontoTransaction>(client, first, params, 'prev')) {
          if (page.data[0]) newestId = page.data[0].id;
          yield toPage(page.data, { phase: 'new', url: nextUrl, newestId });
        }
      } catch (error) {
        // The newest id seen is gone at Ponto (400/404 on page[before]): read the history instead.
        if (!(error instanceof PontoHttpError) || (error.status !== 400 && error.status !== 404)) throw error;
        ctx.log.warn(`incremental read refused (${error.message}); reading the history window instead`);
      }
    }

    // 2. History from the newest back to `since` (the first run, and the overlap window
    //    that catches late postings), following links.next.
    const historyStart = resumeAt?.phase === 'history' ? resumeAt.url : `${base}/transactions`;
    if (historyStart) {
      const params = resumeAt?.phase === 'history' ? undefined : { 'page[limit]': limit };
      let firstPage = resumeAt?.phase !== 'history';
      for await (const { page, nextUrl } of pages<PontoTransaction>(client, historyStart, params, 'next')) {
        if (firstPage && page.data[0]) newestId = page.data[0].id;
        firstPage = false;
        const oldest = page.data[page.data.length - 1]?.attributes;
        const done = !oldest || day(oldest.executionDate ?? oldest.valueDate) < since;
        yield toPage(page.data, { phase: 'history', url: done ? null : nextUrl, newestId });
        if (done) break;
      }
    }
  },

  async reauthorizationUrl(ctx, { redirectUri, providerAccountId }) {
    const { client } = setup(ctx);
    if (!providerAccountId) {
      throw new ProviderError({ class: 'invalid-request', code: 'ponto_no_account', message: 'Choose the account to re-authorize.' });
    }
    const answer = await client.request<{ data: { links: { redirect: string } } }>(
      'POST',
      `/accounts/${encodeURIComponent(providerAccountId)}/reauthorization-requests`,
      { data: { data: { type: 'reauthorizationRequest', attributes: { redirectUri } } } },
    );
    return answer.data.links.redirect;
  },

  async verifyWebhook(ctx, request) {
    const config = readPontoConfig(ctx.config);
    const client = new PontoClient(config, {
      config: ctx.config,
      credentials: null,
      providerData: {},
      saveCredentials: async () => undefined,
      saveProviderData: async () => undefined,
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
      waitForRetry: async () => false,
    });
    const header = request.headers.signature;
    const refused = await checkSignature(
      client,
      config.apiUrl,
      Array.isArray(header) ? header[0] : header,
      request.rawBody ?? '',
      config.webhookAudience,
    );
    if (refused) return null;
    const body = request.body as { data?: { type?: string; relationships?: { account?: { data?: { id?: string } } } } };
    const event = body?.data?.type;
    if (!event) return null;
    const action = /\.account\.(transactionsCreated|transactionsUpdated)$/.test(event)
      ? 'sync'
      : event.endsWith('.account.reauthorized')
        ? 'reauthorized'
        : 'ignore';
    return { event, action, providerAccountId: body.data?.relationships?.account?.data?.id };
  },

  classifyError: classifyPonto,

  validateConfig(config) {
    return zodProblems(pontoConfigSchema.safeParse(config));
  },
};

export default pontoProvider;
