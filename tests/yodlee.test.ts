import yodleeProvider from '../server/src/providers/yodlee';
import { YodleeHttpError } from '../server/src/providers/yodlee/errors';
import { startYodleeFake } from './fakes/yodlee-server';
import { memoryContext } from './helpers/provider-context';
import { captureLogs } from './helpers/admin-api';
import { startTestApp, type TestApp } from './helpers/strapi';

type Fake = Awaited<ReturnType<typeof startYodleeFake>>;

/** Yodlee's behaviour the conformance kit does not cover (tests/conformance/yodlee.test.ts does the rest). */
const REDIRECT = 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback';
const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

let fake: Fake;
let app: TestApp;
let auth: string;
const logged: string[] = [];

beforeAll(async () => {
  fake = await startYodleeFake({ host: '127.0.0.1', port: 0 });
  app = await startTestApp({
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        connect: { redirectUri: REDIRECT },
        sync: { maxRetryWaitSeconds: 2 },
        providers: {
          yodlee: {
            apiUrl: fake.apiUrl,
            fastlinkUrl: fake.fastlinkUrl,
            fastlinkParamsIn: 'query',
            clientId: 'yodlee-client-id',
            clientSecret: 'yodlee-client-secret',
            adminLoginName: 'yodlee-admin',
            refresh: true,
            refreshPollMs: 10,
            pageSize: 50,
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

const get = (url: string) => app.http().get(url).set('Authorization', auth);
const post = (url: string, body: object = {}) => app.http().post(url).set('Authorization', auth).send(body);
const put = (url: string, body: object) => app.http().put(url).set('Authorization', auth).send(body);
const connectionRow = (id: number) => app.strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });
const credentials = (id: number) => app.strapi.plugin('bank-sync').service('connections').readCredentials(id);

let seq = 0;
let nextTx = 40_000_001;

interface BankTx {
  id: number;
  date: string;
  amountCents: number;
  label: string;
  counterparty: string | null;
  pending?: boolean;
}
const txs = (n: number, extra: Partial<BankTx> = {}): BankTx[] =>
  Array.from({ length: n }, (_, i) => ({
    id: nextTx++,
    date: isoDay(-1 - (i % 20)),
    amountCents: (i % 3 === 0 ? 1 : -1) * (1000 + i),
    label: `PAYMENT REF ${i}`,
    counterparty: 'Office Supplies Inc',
    ...extra,
  }));

/** A bank of a checking account and a credit card; the account ids are new for each bank. */
function setBank(checking: BankTx[], card: BankTx[] = []) {
  seq += 1;
  const ids = { checking: 50_000_000 + seq * 10, card: 50_000_001 + seq * 10 };
  fake.setBank([
    { id: ids.checking, name: 'Business Checking', number: 'xxxx1111', currency: 'USD', balanceCents: 1_000_000, transactions: checking },
    {
      id: ids.card,
      name: 'Business Card',
      number: 'xxxx2222',
      container: 'creditCard',
      currency: 'USD',
      balanceCents: -45_000,
      transactions: card,
    },
  ]);
  return ids;
}

/** Add a Bank Account through the admin API and the fake's FastLink page. */
async function connect(institutionId = '16441') {
  const start = await post('/bank-sync/connect', { providerId: 'yodlee', institutionId });
  expect(start.status).toBe(200);
  const answer = await fetch(start.body.data.url as string, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
  const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
  return { start, params, complete };
}

async function connectAndSelect(institutionId = '16441') {
  const { complete, start, params } = await connect(institutionId);
  expect(complete.status).toBe(200);
  const connectionId = complete.body.data.connection.id as number;
  const accounts = complete.body.data.accounts as Array<{
    id: number;
    providerAccountId: string;
    currency: string;
    balance: string | null;
  }>;
  const select = await put(`/bank-sync/connections/${connectionId}/accounts`, {
    accounts: accounts.map((a, i) => ({
      accountId: a.id,
      action: 'create',
      journal: { name: `Yodlee ${seq}.${i}`, code: `YO${seq}X${i}` },
    })),
  });
  expect(select.status).toBe(200);
  for (const a of accounts) {
    await app.strapi.db.query('plugin::bank-sync.online-account').update({ where: { id: a.id }, data: { firstFetchDate: isoDay(-400) } });
  }
  return { connectionId, accounts, start, params, providerAccountId: Number(params.providerAccountId) };
}

const sync = async (connectionId: number) => {
  const res = await post(`/bank-sync/connections/${connectionId}/sync`);
  expect(res.status).toBe(200);
  return res.body.data as {
    status: string;
    imported: number;
    fetched: number;
    invalid: number;
    pendingSkipped: number;
    error: { class: string; code: string } | null;
  };
};

const lines = async (accountId: number) =>
  (await app.strapi.db
    .connection('bks_statement_lines')
    .select('provider_transaction_id', 'amount', 'label', 'counterparty_name')
    .where({ online_account_id: accountId })) as Array<{
    provider_transaction_id: string;
    amount: unknown;
    label: string;
    counterparty_name: string | null;
  }>;

describe('Yodlee', () => {
  it('searches institutions with Beta and country, and finds one by id', async () => {
    const found = await get('/bank-sync/institutions?providerId=yodlee&search=dag');
    expect(found.status).toBe(200);
    const list = found.body.data as Array<{ id: string; name: string; country: string; beta: boolean; logoUrl: string | null }>;
    expect(list.map((i) => [i.id, i.name, i.country, i.beta])).toEqual([
      ['16441', 'Dag Site', 'US', false],
      ['16442', 'Dag OAuth', 'US', true],
    ]);
    expect(list[0]!.logoUrl).toMatch(/^https:\/\//);
    const british = await get('/bank-sync/institutions?providerId=yodlee&search=b&country=gb');
    expect((british.body.data as Array<{ name: string }>).map((i) => i.name).sort()).toEqual(['Barclays', 'HSBC UK']);
    // The name of an institution given by id only comes from GET /providers/{id}.
    setBank([]);
    const { complete } = await connect('9749');
    expect(complete.status).toBe(200);
    const row = await connectionRow(complete.body.data.connection.id);
    expect([row.institutionName, row.institutionCountry]).toEqual(['Barclays', 'GB']);
  });

  it('links the bank in FastLink for a Yodlee user of its own, and keeps only the user and the link', async () => {
    const ids = setBank(txs(3), txs(2));
    fake.clearRequests();
    const first = await connectAndSelect();
    const url = new URL(first.start.body.data.url);
    expect(url.origin + url.pathname).toBe(fake.fastlinkUrl);
    expect(url.searchParams.get('accessToken')).toMatch(/^Bearer \S+$/);
    const extra = new URLSearchParams(url.searchParams.get('extraParams')!);
    expect(extra.get('configName')).toBe('Aggregation');
    expect([extra.get('flow'), extra.get('providerId')]).toEqual(['add', '16441']);
    expect(new URL(extra.get('callback')!).origin + new URL(extra.get('callback')!).pathname).toBe(REDIRECT);
    // Every call named its API version.
    expect(fake.requests.filter((r) => r.path.startsWith('/ysl')).every((r) => r.headers['api-version'] === '1.1')).toBe(true);

    const creds = await credentials(first.connectionId);
    expect(creds.loginName).toMatch(/^banksync-[0-9a-f]{24}$/);
    expect(creds.providerAccountId).toBe(String(first.providerAccountId));
    expect(creds).not.toHaveProperty('clientSecret');
    const row = await connectionRow(first.connectionId);
    expect([row.state, row.externalId]).toEqual(['connected', String(first.providerAccountId)]);

    // The accounts: the card's balance is owed (negative), both in USD.
    const byId = new Map(first.accounts.map((a) => [a.providerAccountId, a]));
    expect(byId.get(String(ids.checking))!.balance).toBe('10000.00');
    expect(byId.get(String(ids.card))!.balance).toBe('-450.00');

    // A second connection is a second Yodlee user.
    setBank(txs(1));
    const second = await connectAndSelect();
    expect((await credentials(second.connectionId)).loginName).not.toBe(creds.loginName);
  });

  it('imports signed amounts, labels and merchants; a FAILED one is left out and a malformed one counted invalid', async () => {
    const checking = txs(6);
    const ids = setBank(checking);
    const { connectionId, accounts } = await connectAndSelect();
    fake.patchTransaction(checking[4]!.id, { status: 'FAILED' });
    fake.patchTransaction(checking[5]!.id, { amount: { amount: 'twelve', currency: 'USD' } });
    const run = await sync(connectionId);
    // A rejected record makes the run partial (the admin sees why); the rest is imported.
    expect(run).toMatchObject({ status: 'partial', imported: 4, invalid: 1 });
    const account = accounts.find((a) => a.providerAccountId === String(ids.checking))!;
    const imported = await lines(account.id);
    expect(imported.map((l) => [l.provider_transaction_id, String(l.amount)]).sort()).toEqual(
      checking
        .slice(0, 4)
        .map((t) => [`bank:${t.id}`, String(t.amountCents)])
        .sort(),
    );
    expect(imported.every((l) => l.label.startsWith('PAYMENT REF') && l.counterparty_name === 'Office Supplies Inc')).toBe(true);
  });

  it('refreshes the bank before reading and waits for Yodlee to finish', async () => {
    setBank(txs(3));
    const { connectionId, providerAccountId } = await connectAndSelect();
    fake.setScenario({ refreshPolls: 2 });
    fake.clearRequests();
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 3 });
    fake.setScenario({ refreshPolls: 1 });
    // One refresh for the provider account, though both its accounts are read.
    expect(fake.countRequests('PUT', '/providerAccounts')).toBe(1);
    expect(fake.providerAccounts.get(providerAccountId)!.status).toBe('SUCCESS');
    const row = await connectionRow(connectionId);
    expect(row.refreshDeferredCode).toBeNull();
  });

  it('reads what Yodlee has when it allows no refresh now, and says until when', async () => {
    setBank(txs(2));
    const { connectionId, providerAccountId } = await connectAndSelect();
    const next = new Date(Date.now() + 5 * 3600_000).toISOString();
    fake.setLinkStatus(providerAccountId, { updateEligibility: 'DISALLOW_UPDATE', nextUpdateScheduled: next });
    fake.clearRequests();
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 2 });
    expect(fake.countRequests('PUT', '/providerAccounts')).toBe(0);
    const row = await connectionRow(connectionId);
    expect(row.refreshDeferredCode).toBe('yodlee_refresh_not_allowed');
    expect(new Date(row.refreshDeferredUntil).toISOString()).toBe(next);
    const view = await get(`/bank-sync/connections/${connectionId}`);
    expect(JSON.stringify(view.body)).toContain('refresh_limited');
  });

  it('reads what Yodlee has while a refresh is still running', async () => {
    setBank(txs(2));
    const { connectionId, providerAccountId } = await connectAndSelect();
    fake.setLinkStatus(providerAccountId, { status: 'IN_PROGRESS', additionalStatus: 'DATA_RETRIEVAL_IN_PROGRESS', refreshPolls: 1000 });
    fake.clearRequests();
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 2 });
    expect(fake.countRequests('PUT', '/providerAccounts')).toBe(0);
    const row = await connectionRow(connectionId);
    expect([row.refreshDeferredCode, row.refreshDeferredUntil]).toEqual(['yodlee_refresh_in_progress', null]);
  });

  it('asks to reconnect when the consent expired, and FastLink edit repairs the same link', async () => {
    const checking = txs(4);
    const ids = setBank(checking);
    const { connectionId, providerAccountId, accounts } = await connectAndSelect();
    fake.setLinkStatus(providerAccountId, { status: 'FAILED', additionalStatus: 'CONSENT_EXPIRED' });
    const failed = await sync(connectionId);
    expect(failed.status).not.toBe('success');
    expect(failed.error).toMatchObject({ class: 'reauth', code: 'yodlee_consent_expired' });
    const row = await connectionRow(connectionId);
    expect(row.state).toBe('expired');
    expect(row.lastErrorMessage).toMatch(/Reconnect/);

    const again = await post(`/bank-sync/connections/${connectionId}/reconnect`);
    expect(again.status).toBe(200);
    const extra = new URLSearchParams(new URL(again.body.data.url).searchParams.get('extraParams')!);
    expect([extra.get('flow'), extra.get('providerAccountId')]).toEqual(['edit', String(providerAccountId)]);
    const answer = await fetch(again.body.data.url as string, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
    expect(complete.status).toBe(200);
    expect((await connectionRow(connectionId)).state).toBe('connected');
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 4 });
    const account = accounts.find((a) => a.providerAccountId === String(ids.checking))!;
    expect((await lines(account.id)).length).toBe(4);
  });

  it('asks for the user again when the bank wants MFA, and says to synchronize by hand', async () => {
    setBank(txs(1));
    const { connectionId, providerAccountId } = await connectAndSelect();
    fake.setLinkStatus(providerAccountId, { status: 'USER_INPUT_REQUIRED', additionalStatus: 'ADDL_AUTHENTICATION_REQUIRED' });
    const failed = await sync(connectionId);
    expect(failed.error).toMatchObject({ class: 'reauth', code: 'yodlee_user_input_required' });
    expect((await connectionRow(connectionId)).lastErrorMessage).toMatch(/auto-sync off/);
  });

  it('says nothing was connected when FastLink is closed, and keeps the connection unlinked', async () => {
    setBank(txs(1));
    fake.setScenario({ fastlink: 'closed' });
    try {
      const { complete, start } = await connect();
      expect(complete.status).toBe(502);
      expect(JSON.stringify(complete.body)).toContain('yodlee_fastlink_closed');
      const connectionId = start.body.data.connectionId as number;
      expect((await connectionRow(connectionId)).state).not.toBe('connected');
      expect((await credentials(connectionId)).providerAccountId).toBeUndefined();
    } finally {
      fake.setScenario({ fastlink: 'success' });
    }
  });

  it('refuses a callback naming a provider account of another Yodlee user', async () => {
    setBank(txs(1));
    const other = await connectAndSelect();
    const start = await post('/bank-sync/connect', { providerId: 'yodlee', institutionId: '16441' });
    const answer = await fetch(start.body.data.url as string, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    const forged = { ...params, providerAccountId: String(other.providerAccountId) };
    const complete = await post('/bank-sync/connect/complete', { state: params.state, params: forged });
    expect(complete.status).toBe(502);
    expect(JSON.stringify(complete.body)).toContain('yodlee_unknown_provider_account');
  });

  it('resumes an interrupted run at its offset, without counting or reading the first pages again', async () => {
    const checking = txs(120);
    const ids = setBank(checking);
    const { connectionId, accounts } = await connectAndSelect();
    const account = accounts.find((a) => a.providerAccountId === String(ids.checking))!;
    fake.failOnce({ afterPages: 1, status: 503, errorCode: 'Y902', errorMessage: 'Oops some issue at our end' });
    const failed = await sync(connectionId);
    expect(failed.status).not.toBe('success');
    expect((await lines(account.id)).length).toBe(50);
    fake.clearRequests();
    const resumed = await sync(connectionId);
    expect(resumed).toMatchObject({ status: 'success', imported: 70 });
    const listings = fake.requests.filter((r) => r.path === '/ysl/transactions' && r.query.accountId === String(ids.checking));
    expect(listings.map((r) => r.query.skip)).toEqual(['50', '100']);
    expect(fake.requests.filter((r) => r.path === '/ysl/transactions/count' && r.query.accountId === String(ids.checking))).toHaveLength(0);
    expect((await lines(account.id)).length).toBe(120);
  });

  it('waits out a short 429 within the run', async () => {
    setBank(txs(5));
    const { connectionId } = await connectAndSelect();
    fake.setScenario({ rateLimitNext: 1, retryAfterSeconds: 1 });
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 5 });
    expect(fake.scenario.rateLimitNext).toBe(0);
  });

  it('never logs a secret: client secret or access tokens', () => {
    expect(logged.length).toBeGreaterThan(3);
    const secrets = ['yodlee-client-secret', ...fake.tokens.keys()];
    for (const line of logged) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});

describe('Yodlee provider module', () => {
  const config = () => ({
    apiUrl: fake.apiUrl,
    fastlinkUrl: fake.fastlinkUrl,
    fastlinkParamsIn: 'query',
    clientId: 'yodlee-client-id',
    clientSecret: 'yodlee-client-secret',
    adminLoginName: 'yodlee-admin',
  });

  it('classifies Yodlee errors by their code and status', () => {
    const classOf = (status: number, code: string | null, retryAfter?: Date) =>
      yodleeProvider.classifyError(new YodleeHttpError(status, code, 'detail', 'ref-1', retryAfter));
    expect(classOf(400, 'Y301')).toMatchObject({ class: 'config', code: 'yodlee_Y301', providerReference: 'ref-1' });
    expect(classOf(401, 'Y003').class).toBe('config');
    expect(classOf(401, 'Y006').class).toBe('gone');
    expect(classOf(400, 'Y807').class).toBe('gone');
    expect(classOf(400, 'Y804').class).toBe('invalid-request');
    expect(classOf(400, 'Y824').class).toBe('invalid-request');
    expect(classOf(401, 'Y008').class).toBe('retry');
    expect(classOf(503, 'Y902').class).toBe('retry');
    expect(classOf(0, null).class).toBe('retry');
    const until = new Date(Date.now() + 3_600_000);
    expect(classOf(429, null, until)).toMatchObject({ class: 'backoff', until });
  });

  it('puts the user token in the FastLink URL fragment by default, where no server log gets it', async () => {
    const { url } = await yodleeProvider.startConnect(memoryContext({ ...config(), fastlinkParamsIn: undefined }), {
      institutionId: '16441',
      redirectUri: REDIRECT,
      state: 'st-9',
    });
    const parsed = new URL(url);
    expect(parsed.search).toBe('');
    const launch = new URLSearchParams(parsed.hash.slice(1));
    expect(launch.get('accessToken')).toMatch(/^Bearer \S+$/);
    expect(new URL(new URLSearchParams(launch.get('extraParams')!).get('callback')!).searchParams.get('state')).toBe('st-9');
  });

  /** A connection made through the fake's FastLink, as a ProviderContext in memory. */
  async function linked() {
    const start = await yodleeProvider.startConnect(memoryContext(config()), { institutionId: '16441', redirectUri: REDIRECT, state: 's' });
    const answer = await fetch(start.url, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    const ctx = memoryContext(config(), { credentials: start.credentials });
    const done = await yodleeProvider.completeConnect(ctx, { params, redirectUri: REDIRECT });
    ctx.credentials = done.credentials;
    return { ctx, params, loginName: start.credentials!.loginName as string };
  }

  async function readAll(ctx: ReturnType<typeof memoryContext>, accountId: number, between?: (page: number) => void) {
    const ids: string[] = [];
    let page = 0;
    const input = { providerAccountId: String(accountId), currency: 'USD', since: isoDay(-100), resume: null, previous: null };
    for await (const p of yodleeProvider.fetchTransactions(ctx, input)) {
      ids.push(...p.transactions.map((t) => t.providerTransactionId));
      page += 1;
      between?.(page);
    }
    return { ids, pages: page };
  }

  it('gives each transaction once when the list shifts during the read, and every one it counted', async () => {
    const checking = txs(9);
    const ids = setBank(checking);
    const { ctx } = await linked();
    fake.setScenario({ pageMax: 3 });
    try {
      const newer = txs(2, { date: isoDay(0) });
      const read = await readAll(ctx, ids.checking, (page) => {
        if (page === 1) for (const t of newer) fake.addTransaction(ids.checking, t);
      });
      expect(new Set(read.ids).size).toBe(read.ids.length);
      for (const t of checking) expect(read.ids).toContain(`bank:${t.id}`);
    } finally {
      fake.setScenario({ pageMax: 500 });
    }
  });

  it('reads until an empty page when Yodlee gives no count, and stops when it serves the same page again', async () => {
    const checking = txs(7);
    const ids = setBank(checking);
    const { ctx } = await linked();
    fake.setScenario({ pageMax: 3, countAs: 'none' });
    try {
      const read = await readAll(ctx, ids.checking);
      expect(read.ids.sort()).toEqual(checking.map((t) => `bank:${t.id}`).sort());
      expect(read.pages).toBe(4); // 3 + 3 + 1, then the empty page that ends it
      fake.setScenario({ ignoreSkip: true });
      const stuck = await readAll(ctx, ids.checking);
      expect(stuck.ids).toHaveLength(3);
      expect(ctx.logged.some((l) => l.includes('same page again'))).toBe(true);
    } finally {
      fake.setScenario({ pageMax: 500, countAs: 'total', ignoreSkip: false });
    }
  });

  it('checks its configuration: unknown keys and a page size Yodlee refuses', () => {
    expect(yodleeProvider.validateConfig!(config())).toEqual([]);
    const problems = yodleeProvider.validateConfig!({ ...config(), pageSize: 501, secret: 'x' });
    expect(problems.some((p) => p.startsWith('pageSize:'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown key(s) secret'))).toBe(true);
  });

  it('lists no institution where Yodlee is not set up, and refuses to connect without FastLink', async () => {
    fake.clearRequests();
    expect(await yodleeProvider.searchInstitutions(memoryContext({}), { search: 'dag' })).toEqual([]);
    expect(await yodleeProvider.findInstitution!(memoryContext({}), '16441')).toBeNull();
    expect(fake.requests).toHaveLength(0);
    const noFastlink = { ...config(), fastlinkUrl: undefined };
    await expect(
      yodleeProvider.startConnect(memoryContext(noFastlink), { institutionId: '16441', redirectUri: REDIRECT, state: 's' }),
    ).rejects.toMatchObject({ info: { class: 'config', code: 'yodlee_no_fastlink' } });
  });

  it("keeps the connection's token with its credentials, and takes a new one once when Yodlee refuses it", async () => {
    setBank(txs(2));
    const { ctx, params, loginName } = await linked();
    fake.clearRequests();
    await yodleeProvider.fetchAccounts(ctx);
    await yodleeProvider.fetchAccounts(ctx);
    expect(fake.countRequests('POST', '/auth/token')).toBe(0);
    fake.expireAccessTokens();
    expect(await yodleeProvider.fetchAccounts(ctx)).toHaveLength(2);
    expect(fake.countRequests('POST', '/auth/token')).toBe(1);
    expect(fake.countRequests('GET', '/accounts')).toBe(4);
    expect(ctx.credentials).toMatchObject({ loginName, providerAccountId: params.providerAccountId });
  });
});
