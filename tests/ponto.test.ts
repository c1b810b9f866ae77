import { INSTITUTION_SEARCHES_KEPT } from '../server/src/providers/ponto/institutions';
import type { BankProvider, ProviderContext } from '../server/src/providers/types';
import { startPontoFake } from './fakes/ponto-server';
import { captureLogs } from './helpers/admin-api';
import { startTestApp, type TestApp } from './helpers/strapi';

type Fake = Awaited<ReturnType<typeof startPontoFake>>;

const REDIRECT = 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback';
const END = '2026-04-15';
let fake: Fake;
let app: TestApp;
let auth: string;

beforeAll(async () => {
  fake = await startPontoFake({
    host: '127.0.0.1',
    port: 0,
    scenario: { accounts: 2, transactionsPerAccount: 120, pendingPerAccount: 2, endDate: END, days: 60 },
  });
  app = await startTestApp({
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        connect: { redirectUri: REDIRECT },
        webhooks: { enabled: true },
        providers: {
          ponto: {
            apiUrl: fake.apiUrl,
            authorizationUrl: fake.authorizationUrl,
            clientId: 'ponto-client-id',
            clientSecret: 'ponto-client-secret',
            synchronize: true,
            syncPollMs: 10,
            webhookAudience: 'ponto-application-id',
          },
        },
      }),
    },
  });
  auth = `Bearer ${await app.adminToken()}`;
  // Everything the plugin logs during this file, to check no secret ever gets there.
  captureLogs(app, ['error', 'warn', 'info', 'http', 'debug'], logged);
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const logged: string[] = [];

const get = (url: string) => app.http().get(url).set('Authorization', auth);
const post = (url: string, body: object = {}) => app.http().post(url).set('Authorization', auth).send(body);
const put = (url: string, body: object) => app.http().put(url).set('Authorization', auth).send(body);
const connectionRow = (id: number) => app.strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });
const credentials = (id: number) => app.strapi.plugin('bank-sync').service('connections').readCredentials(id);
let codeSeq = 0;

/** The whole Add a Bank Account flow through the admin API and the fake's consent page. */
async function connectPonto(scenario?: Record<string, unknown>) {
  if (scenario) fake.setScenario(scenario);
  codeSeq += 1;
  const start = await post('/bank-sync/connect', { providerId: 'ponto', institutionId: 'kbc', institutionName: 'KBC Brussels' });
  expect(start.status).toBe(200);
  const consent = new URL(start.body.data.url);
  expect(consent.origin + consent.pathname).toBe(fake.authorizationUrl);
  expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
  expect(consent.searchParams.get('redirect_uri')).toBe(REDIRECT);
  // The admin's browser at the consent page, redirected back with code and state.
  const answer = await fetch(start.body.data.url, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location') as string);
  const params = Object.fromEntries(back.searchParams);
  const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
  expect(complete.status).toBe(200);
  const connectionId = complete.body.data.connection.id as number;
  const accounts = complete.body.data.accounts as Array<{ id: number; currency: string }>;
  const select = await put(`/bank-sync/connections/${connectionId}/accounts`, {
    accounts: accounts.map((a, i) => ({
      accountId: a.id,
      action: 'create',
      journal: { name: `Ponto ${codeSeq}.${i}`, code: `PO${codeSeq}X${i}` },
    })),
  });
  expect(select.status).toBe(200);
  for (const a of accounts) {
    await app.strapi.db.query('plugin::bank-sync.online-account').update({ where: { id: a.id }, data: { firstFetchDate: '2025-01-01' } });
  }
  return {
    connectionId,
    accounts: select.body.data as Array<{ id: number; journalId: number; providerAccountId: string }>,
    state: params.state,
  };
}

async function lineCount(accountId: number) {
  const row = await app.strapi.db.connection('bks_statement_lines').where({ online_account_id: accountId }).count({ n: '*' });
  return Number(row[0].n);
}

describe('Ponto', () => {
  it('searches institutions with their beta and deprecated flags', async () => {
    const res = await get('/bank-sync/institutions?providerId=ponto&search=kbc');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((i: { name: string }) => /kbc/i.test(i.name))).toBe(true);
    const all = await get('/bank-sync/institutions?providerId=ponto');
    expect(all.body.data.some((i: { beta: boolean }) => i.beta)).toBe(true);
    expect(all.body.data.some((i: { deprecated: boolean }) => i.deprecated)).toBe(true);
  });

  it('keeps institution searches for institutionsCacheSeconds, and only the latest ones', async () => {
    const search = (text: string) => get(`/bank-sync/institutions?providerId=ponto&search=${encodeURIComponent(text)}`);
    const asked = (text: string) =>
      fake.requests.filter(
        (r: { path: string; query: Record<string, string> }) =>
          r.path.endsWith('/financial-institutions') && r.query['filter[name][contains]'] === text,
      ).length;
    fake.clearRequests();
    expect((await search('bel')).body.data.map((i: { name: string }) => i.name)).toEqual(['ING Belgium', 'Belfius']);
    await search('bel');
    expect(asked('bel')).toBe(1);
    // As many other searches as the cache keeps push the first one out.
    for (let i = 0; i < INSTITUTION_SEARCHES_KEPT; i += 1) expect((await search(`other ${i}`)).status).toBe(200);
    await search('bel');
    expect(asked('bel')).toBe(2);
    // With no cache time, every search asks Ponto.
    const ponto = app.strapi.config.get('plugin::bank-sync.providers.ponto') as Record<string, unknown>;
    app.strapi.config.set('plugin::bank-sync.providers.ponto', { ...ponto, institutionsCacheSeconds: 0 });
    app.strapi.plugin('bank-sync').service('settings').reload();
    try {
      await search('bel');
      await search('bel');
      expect(asked('bel')).toBe(4);
    } finally {
      app.strapi.config.set('plugin::bank-sync.providers.ponto', ponto);
      app.strapi.plugin('bank-sync').service('settings').reload();
    }
  });

  it('finds one institution by its id, and answers null for an id Ponto does not know', async () => {
    const { provider, ctx } = app.strapi.plugin('bank-sync').service('provider-context').forProvider('ponto') as {
      provider: BankProvider;
      ctx: ProviderContext;
    };
    const kbc = (await get('/bank-sync/institutions?providerId=ponto&search=kbc')).body.data[0];
    fake.clearRequests();
    expect(await provider.findInstitution!(ctx, kbc.id)).toEqual({
      id: kbc.id,
      name: 'KBC Brussels',
      country: 'BE',
      status: 'stable',
      beta: false,
      deprecated: false,
    });
    expect(fake.countRequests('GET', `/financial-institutions/${kbc.id}`)).toBe(1);
    expect(await provider.findInstitution!(ctx, 'no-such-institution')).toBeNull();
  });

  it('connects with OAuth2 + PKCE, selects accounts and synchronizes through the admin routes', async () => {
    const { connectionId, accounts, state } = await connectPonto();
    const creds = await credentials(connectionId);
    expect(creds.refreshToken).toBeTruthy();
    expect(creds.codeVerifier).toBeUndefined();
    // The state is single use.
    const again = await post('/bank-sync/connect/complete', { state, params: { code: 'x', state } });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/invalid, already used or expired/);

    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(run.status).toBe(200);
    expect(run.body.data).toMatchObject({ status: 'success', imported: 240, pendingSkipped: 4, invalid: 0 });
    for (const account of accounts) expect(await lineCount(account.id)).toBe(120);
    // A synchronization was asked and polled before reading.
    expect(fake.requests.some((r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/synchronizations'))).toBe(
      true,
    );
    // The structured remittance is kept verbatim.
    const structured = await app.strapi.db.connection('bks_statement_lines').where('label', 'like', '+++%').first();
    expect(structured?.label).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    const view = (await get(`/bank-sync/connections/${connectionId}`)).body.data;
    expect(view.state).toBe('connected');
    expect(view.consentExpiresAt).toBeTruthy();

    // Incremental: only the new transactions, asked with page[before] = the newest id seen.
    fake.addTransactions(accounts[0].providerAccountId, 7);
    fake.clearRequests();
    const next = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(next.body.data).toMatchObject({ status: 'success', imported: 7 });
    expect(await lineCount(accounts[0].id)).toBe(127);
    expect(fake.requests.some((r: { query: Record<string, string> }) => r.query['page[before]'])).toBe(true);
  });

  it('refreshes an expired access token in the middle of a run and stores the rotated refresh token', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 1000, pendingPerAccount: 0, days: 200 });
    const before = (await credentials(connectionId)).refreshToken;
    fake.setScenario({ latencyMs: 30 });
    fake.clearRequests();
    // The access token dies while the run is reading its pages: after the second page.
    const watch = setInterval(() => {
      if (fake.requests.filter((r: { path: string }) => r.path.endsWith('/transactions')).length >= 2) {
        fake.expireAccessTokens();
        clearInterval(watch);
      }
    }, 2);
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    clearInterval(watch);
    fake.setScenario({ latencyMs: 0 });
    expect(run.body.data).toMatchObject({ status: 'success', imported: 1000 });
    expect(await lineCount(accounts[0].id)).toBe(1000);
    const paths = fake.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`);
    const refresh = paths.lastIndexOf('POST /ponto-connect/oauth2/token');
    const pagesBefore = paths.slice(0, refresh).filter((p: string) => p.endsWith('/transactions')).length;
    const pagesAfter = paths.slice(refresh).filter((p: string) => p.endsWith('/transactions')).length;
    expect(pagesBefore).toBeGreaterThan(0);
    expect(pagesAfter).toBeGreaterThan(0);
    const after = (await credentials(connectionId)).refreshToken;
    expect(after).not.toBe(before);
    // The old refresh token no longer works at Ponto; the stored one does.
    expect(fake.tokens.refreshTokens.get(before)?.valid).toBe(false);
    expect(fake.tokens.refreshTokens.get(after)?.valid).toBe(true);
  });

  it('imports 5,000 transactions over 50 pages exactly once', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 5000, pendingPerAccount: 0, days: 300 });
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(run.body.data).toMatchObject({ status: 'success', imported: 5000, duplicates: 0 });
    const pages = fake.requests.filter((r: { path: string }) => r.path.endsWith(`/accounts/${accounts[0].providerAccountId}/transactions`));
    expect(pages.length).toBeGreaterThanOrEqual(50);
    const again = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(again.body.data.imported).toBe(0);
    expect(await lineCount(accounts[0].id)).toBe(5000);
    const ids = await app.strapi.db
      .connection('bks_statement_lines')
      .where({ online_account_id: accounts[0].id })
      .countDistinct({ n: 'provider_transaction_id' });
    expect(Number(ids[0].n)).toBe(5000);
  });

  it.each([
    ['a 5xx', { failAtPage: 1, failStatus: 503 }, 'error', 'ponto_unavailable'],
    ['a 429', { rateLimitNext: 50, retryAfterSeconds: 1800 }, 'error', 'ponto_rate_limited'],
    ['a synchronization refused by the bank', { sync: 'error' }, 'expired', 'ponto_authorizationInvalid'],
    ['an expired bank authorization', { consentDays: -1 }, 'expired', 'ponto_authorization_expired'],
    ['an HTML page answered with 200', { failAtPage: 1, failWith: 'html' }, 'error', 'ponto_malformed_response'],
    ['a list whose data is no array', { failAtPage: 1, failWith: 'not-array' }, 'error', 'ponto_malformed_response'],
  ] as const)('maps %s to the right state', async (_name, failure, state, code) => {
    const { connectionId } = await connectPonto({
      accounts: 1,
      transactionsPerAccount: 30,
      pendingPerAccount: 0,
      days: 30,
      failAtPage: null,
      failWith: 'error',
      rateLimitNext: 0,
      sync: 'success',
      consentDays: 90,
    });
    fake.setScenario(failure);
    const before = Date.now();
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    fake.setScenario({ failAtPage: null, failWith: 'error', rateLimitNext: 0, sync: 'success', consentDays: 90 });
    expect(run.body.data.status).toBe('failed');
    const row = await connectionRow(connectionId);
    expect([row.state, row.lastErrorCode]).toEqual([state, code]);
    if (code === 'ponto_unavailable') expect(row.lastErrorMessage).toMatch(/provider request id [0-9a-f-]{36}/);
    if (code === 'ponto_rate_limited') expect(new Date(row.nextSyncAt).getTime() - before).toBeGreaterThan(29 * 60_000);
    if (code === 'ponto_authorization_expired') expect(row.lastErrorMessage).toMatch(/re-authorized at Ponto.*180 days/);
    if (state === 'expired') expect(Boolean(row.autoSync)).toBe(false);
    if (code === 'ponto_malformed_response') {
      expect(row.lastErrorMessage).toMatch(/^Ponto answered GET \/ponto-connect\/accounts\/[^/]+\/transactions with /);
      expect(row.lastErrorMessage).toMatch(
        'failWith' in failure && failure.failWith === 'html'
          ? /a text or HTML page instead of JSON/
          : /data: Expected array, received object/,
      );
      // Class retry: the next attempt comes soon, not at the usual frequency.
      expect(new Date(row.nextSyncAt).getTime() - before).toBeLessThan(6 * 60_000);
    }
  });

  it('counts a transaction of another shape as invalid, names the field, and imports the rest', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 10, pendingPerAccount: 0, days: 10 });
    expect((await post(`/bank-sync/connections/${connectionId}/sync`)).body.data).toMatchObject({ status: 'success', imported: 10 });
    fake.addTransactions(accounts[0].providerAccountId, 1, { remittanceInformation: { structured: '+++090/9337/55493+++' } });
    fake.addTransactions(accounts[0].providerAccountId, 2);
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(run.body.data).toMatchObject({ status: 'partial', imported: 2, invalid: 1 });
    expect(run.body.data.error.message).toMatch(/^1 records rejected: not a Ponto transaction: attributes\.remittanceInformation: /);
    expect(await lineCount(accounts[0].id)).toBe(12);
  });

  it('waits out a short 429 within the run and imports every transaction once', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 1000, pendingPerAccount: 0, days: 200 });
    fake.setScenario({ latencyMs: 20 });
    fake.clearRequests();
    // Ponto asks to slow down for a second, twice, once the run is reading its pages.
    const watch = setInterval(() => {
      if (fake.countRequests('GET', '/transactions') >= 2) {
        fake.setScenario({ rateLimitNext: 2, retryAfterSeconds: 1 });
        clearInterval(watch);
      }
    }, 2);
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    clearInterval(watch);
    fake.setScenario({ latencyMs: 0, rateLimitNext: 0, retryAfterSeconds: 30 });
    expect(run.body.data).toMatchObject({ status: 'success', fetched: 1000, imported: 1000, duplicates: 0 });
    expect(await lineCount(accounts[0].id)).toBe(1000);
    // Both 429s were served, to one page that was then asked a third time.
    expect(fake.scenario.rateLimitNext).toBe(0);
    const asked = new Map<string, number>();
    for (const r of fake.requests as Array<{ path: string; query: Record<string, string> }>) {
      if (!r.path.endsWith('/transactions')) continue;
      const key = `${r.path}?${new URLSearchParams(r.query)}`;
      asked.set(key, (asked.get(key) ?? 0) + 1);
    }
    expect(Math.max(...asked.values())).toBe(3);
  });

  it('ends the run classified backoff when Ponto asks to wait an hour, without asking again', async () => {
    const { connectionId } = await connectPonto({ accounts: 1, transactionsPerAccount: 10, pendingPerAccount: 0, days: 10 });
    fake.setScenario({ rateLimitNext: 5, retryAfterSeconds: 3600 });
    const before = Date.now();
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    const left = fake.scenario.rateLimitNext;
    fake.setScenario({ rateLimitNext: 0, retryAfterSeconds: 30 });
    expect(run.body.data.status).toBe('failed');
    expect(left).toBe(4); // one request, not repeated
    const row = await connectionRow(connectionId);
    expect([row.state, row.lastErrorCode]).toEqual(['error', 'ponto_rate_limited']);
    const wait = new Date(row.nextSyncAt).getTime() - before;
    expect(wait).toBeGreaterThan(59 * 60_000);
    expect(wait).toBeLessThan(61 * 60_000);
  });

  it('spends one token call on a many-page run when access tokens live 20 seconds', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 800, pendingPerAccount: 0, days: 150 });
    fake.setScenario({ accessTokenTtl: 20 });
    try {
      // The token of the connect flow is due: the run starts by refreshing it.
      const creds = await credentials(connectionId);
      await app.strapi
        .plugin('bank-sync')
        .service('connections')
        .setCredentials(connectionId, { ...creds, accessTokenExpiresAt: 0 });
      fake.clearRequests();
      const run = await post(`/bank-sync/connections/${connectionId}/sync`);
      expect(run.body.data).toMatchObject({ status: 'success', imported: 800 });
      expect(fake.countRequests('GET', `/accounts/${accounts[0].providerAccountId}/transactions`)).toBeGreaterThanOrEqual(8);
      expect(fake.countRequests('POST', '/oauth2/token')).toBe(1);
    } finally {
      fake.setScenario({ accessTokenTtl: 1799 });
    }
  });

  it('counts a transaction read by both the incremental and the overlap pass of a run once', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 50, pendingPerAccount: 0, days: 20 });
    expect((await post(`/bank-sync/connections/${connectionId}/sync`)).body.data).toMatchObject({ status: 'success', imported: 50 });
    fake.addTransactions(accounts[0].providerAccountId, 5);
    fake.clearRequests();
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    // The overlap window (one page) holds the 5 new ones and the 50 others.
    expect(fake.countRequests('GET', '/transactions')).toBe(2); // incremental, then one overlap page
    // The account's consent is known from the run's account listing: not asked for again.
    expect(fake.countRequests('GET', '/accounts')).toBe(1);
    expect(fake.countRequests('GET', `/accounts/${accounts[0].providerAccountId}`)).toBe(0);
    expect(run.body.data).toMatchObject({ status: 'success', fetched: 55, imported: 5, duplicates: 50 });
    expect(await lineCount(accounts[0].id)).toBe(55);
  });

  it('resumes an interrupted run from its last committed page, asking nothing twice', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 1000, pendingPerAccount: 0, days: 200 });
    const id = accounts[0].providerAccountId;
    fake.setScenario({ failAtPage: 4 });
    const failed = await post(`/bank-sync/connections/${connectionId}/sync`);
    fake.setScenario({ failAtPage: null });
    expect(failed.body.data).toMatchObject({ status: 'failed', imported: 300 });
    expect(await lineCount(accounts[0].id)).toBe(300);

    fake.clearRequests();
    const resumed = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(resumed.body.data).toMatchObject({ status: 'success', fetched: 700, imported: 700, duplicates: 0 });
    expect(await lineCount(accounts[0].id)).toBe(1000);
    // Pages 4 to 10 only: no first page again, no consent check, no pending transactions, no synchronization.
    expect(fake.countRequests('GET', `/accounts/${id}/transactions`)).toBe(7);
    const listings = (fake.requests as Array<{ path: string; query: Record<string, string> }>).filter((r) =>
      r.path.endsWith('/transactions'),
    );
    expect(listings.every((r) => r.query['page[after]'])).toBe(true);
    expect(fake.countRequests('GET', `/accounts/${id}`)).toBe(0);
    expect(fake.countRequests('GET', '/pending-transactions')).toBe(0);
    expect(fake.countRequests('POST', '/synchronizations')).toBe(0);
  });

  it('treats accountRecentlySynchronized as no failure and reads what is there', async () => {
    const { connectionId } = await connectPonto({
      accounts: 1,
      transactionsPerAccount: 20,
      pendingPerAccount: 0,
      days: 20,
      sync: 'recent',
    });
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    fake.setScenario({ sync: 'success' });
    expect(run.body.data).toMatchObject({ status: 'success', imported: 20 });
  });

  it('asks to reconnect when Ponto refuses the refresh token (invalid_grant)', async () => {
    const { connectionId } = await connectPonto({ accounts: 1, transactionsPerAccount: 10, pendingPerAccount: 0, days: 10 });
    const creds = await credentials(connectionId);
    // The refresh token dies at Ponto (revoked), and the access token expires.
    await fetch(`${fake.apiUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('ponto-client-id:ponto-client-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ token: creds.refreshToken }).toString(),
    });
    fake.expireAccessTokens();
    const run = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(run.body.data.status).toBe('failed');
    const row = await connectionRow(connectionId);
    expect([row.state, row.lastErrorCode]).toEqual(['expired', 'ponto_invalid_grant']);
    expect(row.lastErrorMessage).toMatch(/Reconnect/);
    const reconnect = await post(`/bank-sync/connections/${connectionId}/reconnect`);
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.data.url).toContain(fake.authorizationUrl);
  });

  it('binds the Connect state to the admin who started it, for 10 minutes', async () => {
    const start = await post('/bank-sync/connect', { providerId: 'ponto', institutionId: 'kbc' });
    const answer = await fetch(start.body.data.url, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    // Another admin cannot complete it.
    const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
    await app.strapi.service('admin::user').create({
      email: 'other@example.com',
      firstname: 'Other',
      password: 'Other2026pass',
      roles: [superAdmin.id],
      isActive: true,
      registrationToken: null,
    });
    const login = await app.http().post('/admin/login').send({ email: 'other@example.com', password: 'Other2026pass' });
    const other = await app
      .http()
      .post('/bank-sync/connect/complete')
      .set('Authorization', `Bearer ${login.body.data.token}`)
      .send({ state: params.state, params });
    expect(other.status).toBe(400);
    // An expired state is refused too.
    const id = start.body.data.connectionId;
    const row = await connectionRow(id);
    await app.strapi.db.query('plugin::bank-sync.online-connection').update({
      where: { id },
      data: {
        providerData: {
          ...row.providerData,
          connect: { ...row.providerData.connect, expiresAt: new Date(Date.now() - 1000).toISOString() },
        },
      },
    });
    const late = await post('/bank-sync/connect/complete', { state: params.state, params });
    expect(late.status).toBe(400);
    expect((await connectionRow(id)).state).toBe('pending');
    // A forged state never reaches the provider.
    expect((await post('/bank-sync/connect/complete', { state: `${id}.forged-secret-value`, params })).status).toBe(400);
  });

  it('completes a Connect once when the callback is submitted twice at the same time', async () => {
    const start = await post('/bank-sync/connect', { providerId: 'ponto', institutionId: 'kbc' });
    const answer = await fetch(start.body.data.url, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    const [a, b] = await Promise.all([
      post('/bank-sync/connect/complete', { state: params.state, params }),
      post('/bank-sync/connect/complete', { state: params.state, params }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].every((s) => s === 200 || s === 400 || s === 409)).toBe(true);
    const row = await connectionRow(start.body.data.connectionId);
    expect([row.state, row.lastErrorCode]).toEqual(['connected', null]);
  });

  it('gives the link to renew an account consent at Ponto', async () => {
    const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 5, pendingPerAccount: 0, days: 5 });
    const res = await post(`/bank-sync/connections/${connectionId}/reauthorize`, { accountId: accounts[0].id });
    expect(res.status).toBe(200);
    expect(res.body.data.url).toContain('/reauthorize');
  });

  it('recognizes a deprecated API token, does not sync it, and syncs normally after Update Credentials', async () => {
    const plugin = app.strapi.plugin('bank-sync');
    fake.setScenario({ accounts: 1, transactionsPerAccount: 15, pendingPerAccount: 0, days: 15 });
    const legacy = await plugin
      .service('connections')
      .create({ providerId: 'ponto', institutionName: 'Old Ponto', credentials: { apiToken: 'legacy-api-token-123' } });
    await app.strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id: legacy.id }, data: { state: 'connected' } });
    fake.clearRequests();
    const run = await post(`/bank-sync/connections/${legacy.id}/sync`);
    expect(run.body.data.status).toBe('failed');
    expect(fake.requests).toHaveLength(0); // the old token is never sent anywhere
    const row = await connectionRow(legacy.id);
    expect([row.state, row.lastErrorCode]).toEqual(['error', 'ponto_deprecated_token']);
    expect(row.lastErrorMessage).toMatch(/deprecated.*Update Credentials.*Client ID and Secret/);

    // Exactly the fields Ponto declares: one missing, or one it does not know, is refused before Ponto is asked.
    const missing = await put(`/bank-sync/connections/${legacy.id}/credentials`, { credentials: { clientId: 'ponto-client-id' } });
    expect([missing.status, missing.body.error.message]).toEqual([400, 'Missing Client secret']);
    const unknown = await put(`/bank-sync/connections/${legacy.id}/credentials`, {
      credentials: { clientId: 'ponto-client-id', clientSecret: 'x', apiToken: 'y' },
    });
    expect([unknown.status, unknown.body.error.message]).toEqual([400, 'Ponto takes no apiToken']);
    expect(fake.requests).toHaveLength(0);

    const wrong = await put(`/bank-sync/connections/${legacy.id}/credentials`, {
      credentials: { clientId: 'ponto-client-id', clientSecret: 'wrong' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/refused these credentials/);
    expect((await credentials(legacy.id)).apiToken).toBe('legacy-api-token-123'); // nothing saved

    const right = await put(`/bank-sync/connections/${legacy.id}/credentials`, {
      credentials: { clientId: 'ponto-client-id', clientSecret: 'ponto-client-secret' },
    });
    expect(right.status).toBe(200);
    expect(right.body.data.state).toBe('connected');
    expect(JSON.stringify(right.body)).not.toContain('ponto-client-secret');
    expect((await credentials(legacy.id)).apiToken).toBeUndefined();
    await plugin.service('sync').fetchAccounts(legacy.id);
    const account = await app.strapi.db.query('plugin::bank-sync.online-account').findOne({ where: { connection: legacy.id } });
    const journal = await plugin.service('journals').create({ name: 'Legacy', code: 'LEG', currency: 'EUR' });
    await plugin.service('connections').linkAccount(account.id, journal.id);
    await app.strapi.db
      .query('plugin::bank-sync.online-account')
      .update({ where: { id: account.id }, data: { firstFetchDate: '2025-01-01' } });
    const healed = await post(`/bank-sync/connections/${legacy.id}/sync`);
    expect(healed.body.data).toMatchObject({ status: 'success', imported: 15 });
  });

  describe('webhooks', () => {
    const send = (body: string, signature: string) =>
      app.http().post('/api/bank-sync/webhooks/ponto').set('Content-Type', 'application/json').set('Signature', signature).send(body);

    async function waitForRun(connectionId: number, trigger: string) {
      for (let i = 0; i < 200; i += 1) {
        const runs = await app.strapi.db
          .query('plugin::bank-sync.sync-run')
          .findMany({ where: { connectionId, trigger, status: { $ne: 'running' } } });
        if (runs.length) return runs[0];
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no webhook run');
    }

    it('runs the connection when Ponto signals new transactions', async () => {
      const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 10, pendingPerAccount: 0, days: 10 });
      await post(`/bank-sync/connections/${connectionId}/sync`);
      fake.addTransactions(accounts[0].providerAccountId, 4);
      const { body, signature } = fake.webhook('pontoConnect.account.transactionsCreated', accounts[0].providerAccountId, {
        audience: 'ponto-application-id',
      });
      const res = await send(body, signature);
      expect(res.status).toBe(202);
      const run = await waitForRun(connectionId, 'webhook');
      expect([run.status, run.importedCount]).toEqual(['success', 4]);
      expect(await lineCount(accounts[0].id)).toBe(14);
      // The same signed request again, within its five minutes: a replay, refused, and no second run.
      expect((await send(body, signature)).status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(await app.strapi.db.query('plugin::bank-sync.sync-run').count({ where: { connectionId, trigger: 'webhook' } })).toBe(1);
    });

    it('refuses a tampered, altered, foreign, stale, missing or oversized request, and nothing runs', async () => {
      const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 3, pendingPerAccount: 0, days: 3 });
      const id = accounts[0].providerAccountId;
      const tampered = fake.webhook('pontoConnect.account.transactionsCreated', id, { audience: 'ponto-application-id', tamper: true });
      expect((await send(tampered.body, tampered.signature)).status).toBe(401);
      const good = fake.webhook('pontoConnect.account.transactionsCreated', id, { audience: 'ponto-application-id' });
      expect((await send(good.body.replace('transactionsCreated', 'transactionsUpdated'), good.signature)).status).toBe(401);
      const foreign = fake.webhook('pontoConnect.account.transactionsCreated', id, { audience: 'someone-else' });
      expect((await send(foreign.body, foreign.signature)).status).toBe(401);
      const old = fake.webhook('pontoConnect.account.transactionsCreated', id, {
        audience: 'ponto-application-id',
        iat: Math.floor(Date.now() / 1000) - 3600,
      });
      expect((await send(old.body, old.signature)).status).toBe(401);
      expect((await send(good.body, '')).status).toBe(401);
      // Oversized (3 MB, well signed): refused before it is read whole.
      const huge = JSON.stringify({ data: { type: 'account', id, attributes: { padding: 'x'.repeat(3_000_000) } } });
      expect((await send(huge, fake.signWebhook(huge, { audience: 'ponto-application-id' }))).status).toBe(413);
      expect(await app.strapi.db.query('plugin::bank-sync.sync-run').count({ where: { connectionId, trigger: 'webhook' } })).toBe(0);
    });

    it('fetches the keys at most once for a flood of signatures by a key Ponto does not publish', async () => {
      const { accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 3, pendingPerAccount: 0, days: 3 });
      const id = accounts[0].providerAccountId;
      fake.clearRequests();
      const flood = Array.from({ length: 20 }, () =>
        fake.webhook('pontoConnect.account.transactionsCreated', id, { audience: 'ponto-application-id', unknownKey: true }),
      );
      const answers = await Promise.all(flood.map(({ body, signature }) => send(body, signature)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(401));
      expect(fake.countRequests('GET', '/webhooks/keys')).toBeLessThanOrEqual(1);
      // The published key still verifies.
      const good = fake.webhook('pontoConnect.account.pendingTransactionsCreated', id, { audience: 'ponto-application-id' });
      expect((await send(good.body, good.signature)).status).toBe(202);
    });

    it('reopens an expired connection on pontoConnect.account.reauthorized', async () => {
      const { connectionId, accounts } = await connectPonto({ accounts: 1, transactionsPerAccount: 3, pendingPerAccount: 0, days: 3 });
      await app.strapi.db
        .query('plugin::bank-sync.online-connection')
        .update({ where: { id: connectionId }, data: { state: 'expired', autoSync: false } });
      const { body, signature } = fake.webhook('pontoConnect.account.reauthorized', accounts[0].providerAccountId, {
        audience: 'ponto-application-id',
      });
      expect((await send(body, signature)).status).toBe(202);
      const run = await waitForRun(connectionId, 'webhook');
      expect(run.status).toBe('success');
      const row = await connectionRow(connectionId);
      expect([row.state, Boolean(row.autoSync)]).toEqual(['connected', true]);
    });

    it('answers 404 when webhooks are not enabled', async () => {
      app.strapi.config.set('plugin::bank-sync.webhooks', { enabled: false });
      app.strapi.plugin('bank-sync').service('settings').reload();
      try {
        const { body, signature } = fake.webhook('pontoConnect.account.transactionsCreated', 'x', { audience: 'ponto-application-id' });
        expect((await send(body, signature)).status).toBe(404);
      } finally {
        app.strapi.config.set('plugin::bank-sync.webhooks', { enabled: true });
        app.strapi.plugin('bank-sync').service('settings').reload();
      }
    });
  });

  it('never logs a secret: client secret, access or refresh tokens', () => {
    expect(logged.length).toBeGreaterThan(5); // the runs above did log (errors, webhooks)
    const secrets = [
      'ponto-client-secret',
      'legacy-api-token-123',
      ...fake.tokens.accessTokens.keys(),
      ...fake.tokens.refreshTokens.keys(),
    ];
    for (const line of logged) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
