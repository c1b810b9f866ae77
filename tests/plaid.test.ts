import { createHash } from 'node:crypto';
import plaidProvider from '../server/src/providers/plaid';
import { startPlaidFake } from './fakes/plaid-server';
import { memoryContext } from './helpers/provider-context';
import { captureLogs } from './helpers/admin-api';
import { startTestApp, type TestApp } from './helpers/strapi';

type Fake = Awaited<ReturnType<typeof startPlaidFake>>;
type FakeTxn = Parameters<Fake['addTransaction']>[0];

const REDIRECT = 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback';
const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

let fake: Fake;
let app: TestApp;
let auth: string;
const logged: string[] = [];
/** Every access token the fake gave, to check none reaches the log. */
const tokensSeen: string[] = [];

const config = () => ({ apiUrl: fake.apiUrl, clientId: 'plaid-client-id', clientSecret: 'plaid-secret', countryCodes: ['US', 'GB'] });

beforeAll(async () => {
  fake = await startPlaidFake({ host: '127.0.0.1', port: 0, scenario: { accounts: 1, transactionsPerAccount: 0, pendingPerAccount: 0 } });
  app = await startTestApp({
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        connect: { redirectUri: REDIRECT },
        webhooks: { enabled: true },
        sync: { maxRetryWaitSeconds: 2 },
        providers: { plaid: { ...config(), webhookUrl: 'https://books.example/api/bank-sync/webhooks/plaid' } },
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
const syncCalls = () => fake.requests.filter((r) => r.path === '/transactions/sync');

const ACCOUNT = 'vokyE5Rn6vHKqDLRXEn5fne7LwbKPLIXGK98d';
let seq = 0;

function txns(n: number, prefix: string, extra: Partial<FakeTxn> = {}): FakeTxn[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i + 1}`,
    account: ACCOUNT,
    date: isoDay(-30 + (i % 25)),
    amountCents: (i % 3 === 0 ? 1 : -1) * (1000 + i),
    label: `CARD PAYMENT ${prefix}${i + 1}`,
    counterparty: 'Office Depot',
    pending: false,
    ...extra,
  }));
}

/** A fresh bank of one USD account, linked through the admin API and Hosted Link, its journal made. */
async function connectPlaid(transactions: FakeTxn[], options: { type?: string; consentExpiresAt?: string | null } = {}) {
  fake.setBank({
    accounts: [
      {
        account_id: ACCOUNT,
        name: 'Plaid Checking',
        official_name: 'Plaid Gold Standard 0% Interest Checking',
        mask: '0000',
        type: options.type ?? 'depository',
        subtype: 'checking',
        currency: 'USD',
        balanceCents: 110_00,
      },
    ],
    txns: transactions,
    consentExpiresAt: options.consentExpiresAt,
  });
  seq += 1;
  const start = await post('/bank-sync/connect', { providerId: 'plaid', institutionId: 'ins_109508' });
  expect(start.status).toBe(200);
  const page = await fetch(start.body.data.url as string, { redirect: 'manual' });
  expect(page.status).toBe(302);
  const params = Object.fromEntries(new URL(page.headers.get('location') as string).searchParams);
  const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
  expect(complete.status).toBe(200);
  tokensSeen.push(...fake.items().map((i) => i.access_token));
  const connectionId = complete.body.data.connection.id as number;
  const accounts = complete.body.data.accounts as Array<{ id: number }>;
  const select = await put(`/bank-sync/connections/${connectionId}/accounts`, {
    accounts: accounts.map((a, i) => ({
      accountId: a.id,
      action: 'create',
      journal: { name: `Plaid ${seq}.${i}`, code: `PL${seq}X${i}` },
    })),
  });
  expect(select.status).toBe(200);
  const account = (select.body.data as Array<{ id: number; journalId: number }>)[0]!;
  await app.strapi.db
    .query('plugin::bank-sync.online-account')
    .update({ where: { id: account.id }, data: { firstFetchDate: isoDay(-60) } });
  return { connectionId, account, start: start.body.data as { url: string; connectionId: number } };
}

const sync = async (connectionId: number, body: object = {}) => {
  const res = await post(`/bank-sync/connections/${connectionId}/sync`, body);
  expect(res.status).toBe(200);
  return res.body.data as Record<string, unknown> & { status: string; error: { class: string; code: string; message: string } | null };
};

const lines = async (accountId: number) =>
  (await app.strapi.db
    .connection('bks_statement_lines')
    .select('provider_transaction_id', 'amount', 'label', 'kind')
    .where({ online_account_id: accountId })) as Array<{
    provider_transaction_id: string;
    amount: unknown;
    label: string | null;
    kind: string | null;
  }>;

describe('Plaid', () => {
  it('searches institutions offering transactions in the configured countries, and finds one by id', async () => {
    const all = await get('/bank-sync/institutions?providerId=plaid&search=platypus');
    expect(all.status).toBe(200);
    expect((all.body.data as Array<{ id: string; country: string }>).map((i) => `${i.id} ${i.country}`).sort()).toEqual([
      'ins_109508 US',
      'ins_116834 GB',
    ]);
    const gb = await get('/bank-sync/institutions?providerId=plaid&search=platypus&country=gb');
    expect((gb.body.data as Array<{ id: string }>).map((i) => i.id)).toEqual(['ins_116834']);
    // A country Plaid is not configured for has none, and asks nothing.
    const before = fake.requests.length;
    const fr = await get('/bank-sync/institutions?providerId=plaid&search=platypus&country=FR');
    expect(fr.body.data).toEqual([]);
    expect(fake.requests.length).toBe(before);
    const ctx = memoryContext(config());
    expect(await plaidProvider.findInstitution!(ctx, 'ins_117650')).toMatchObject({ name: 'Royal Bank of Plaid', country: 'GB' });
    expect(await plaidProvider.findInstitution!(ctx, 'ins_404')).toBeNull();
  });

  it('opens Hosted Link for the chosen institution, with our callback and state, keys in headers only', async () => {
    const { connectionId, start } = await connectPlaid(txns(2, 'h'));
    const create = fake.requests.filter((r) => r.path === '/link/token/create').at(-1)!;
    const body = create.body as {
      products: string[];
      institution_id: string;
      transactions: { days_requested: number };
      webhook: string;
      user: { client_user_id: string };
      hosted_link: { completion_redirect_uri: string };
    };
    expect(body.products).toEqual(['transactions']);
    expect(body.institution_id).toBe('ins_109508');
    expect(body.transactions.days_requested).toBe(730);
    expect(body.webhook).toBe('https://books.example/api/bank-sync/webhooks/plaid');
    expect(body.user.client_user_id).toBe(`bank-sync-connection-${start.connectionId}`);
    const completion = new URL(body.hosted_link.completion_redirect_uri);
    expect(completion.origin + completion.pathname).toBe(REDIRECT);
    expect(completion.searchParams.get('state')).toMatch(new RegExp(`^${connectionId}\\.`));
    expect(new Set(fake.requests.map((r) => r.keysIn))).toEqual(new Set(['headers']));
    expect(new Set(fake.requests.map((r) => r.version))).toEqual(new Set(['2020-09-14']));
    // The Item's id is the connection's external id; the Link token is gone once used.
    const row = await connectionRow(connectionId);
    expect(row.externalId).toBe(fake.items().at(-1)!.item_id);
    const stored = await credentials(connectionId);
    expect(stored.accessToken).toBe(fake.items().at(-1)!.access_token);
    expect(stored.linkToken ?? null).toBeNull();
  });

  it('connects nothing when the consent is refused in Link', async () => {
    fake.setScenario({ denyConsent: true });
    try {
      const start = await post('/bank-sync/connect', { providerId: 'plaid', institutionId: 'ins_109508' });
      const page = await fetch(start.body.data.url as string, { redirect: 'manual' });
      const params = Object.fromEntries(new URL(page.headers.get('location') as string).searchParams);
      const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
      expect(complete.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(complete.body)).toMatch(/not linked at Plaid/);
      expect((await connectionRow(start.body.data.connectionId)).state).not.toBe('connected');
    } finally {
      fake.setScenario({ denyConsent: false });
    }
  });

  it("reads the account's name, masked number, exact balance (a credit card's owed balance negative) and the consent end", async () => {
    const consent = new Date(Date.now() + 30 * DAY).toISOString();
    await connectPlaid([], { type: 'credit', consentExpiresAt: consent });
    const ctx = memoryContext(config(), { credentials: { accessToken: fake.items().at(-1)!.access_token } });
    const [account] = await plaidProvider.fetchAccounts(ctx);
    expect(account).toMatchObject({
      providerAccountId: ACCOUNT,
      name: 'Plaid Gold Standard 0% Interest Checking',
      accountNumber: '•••• 0000',
      currency: 'USD',
      balance: -11000n,
    });
    expect(account!.consentExpiresAt!.toISOString()).toBe(consent);
  });

  it('maps amounts (Plaid positive = money out), the bank text before Plaid’s name, and rejects what is not exact', async () => {
    const { connectionId, account } = await connectPlaid([
      { ...txns(1, 'out')[0]!, amountCents: -7210, label: 'CARD PAYMENT OFFICE DEPOT 0123' },
      { ...txns(1, 'in')[0]!, amountCents: 250000, label: 'PAYROLL ACME', counterparty: null },
      { ...txns(1, 'odd')[0]!, extra: { amount: 10.123 } },
      { ...txns(1, 'nocur')[0]!, extra: { iso_currency_code: null } },
    ]);
    const run = await sync(connectionId);
    expect(run).toMatchObject({ status: 'partial', imported: 2, invalid: 2 });
    expect(run.error!.message).toMatch(/missing or inexact amount \(1\)/);
    expect(run.error!.message).toMatch(/no currency \(neither iso_currency_code nor unofficial_currency_code\) \(1\)/);
    const byId = Object.fromEntries((await lines(account.id)).map((l) => [l.provider_transaction_id, l]));
    expect([String(byId.out1!.amount), byId.out1!.label]).toEqual(['-7210', 'CARD PAYMENT OFFICE DEPOT 0123']);
    expect(String(byId.in1!.amount)).toBe('250000');
    expect(byId.odd1).toBeUndefined();
  });

  it('restarts a loop whose data changed between its pages, and imports each transaction once', async () => {
    const { connectionId, account } = await connectPlaid(txns(9, 'mu'));
    fake.setScenario({ pageMax: 2 });
    // The bank books a transaction while the run is between its pages.
    fake.onSyncPage = (page) => {
      if (page === 2) {
        fake.onSyncPage = null;
        fake.addTransaction({ ...txns(1, 'late')[0]!, date: isoDay(-2) });
      }
    };
    const before = syncCalls().length;
    const logFrom = logged.length;
    try {
      const run = await sync(connectionId);
      expect(run).toMatchObject({ status: 'success', imported: 10, duplicates: 0 });
    } finally {
      fake.onSyncPage = null;
      fake.setScenario({ pageMax: 500 });
    }
    const ids = (await lines(account.id)).map((l) => l.provider_transaction_id);
    expect(ids.length).toBe(10);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toContain('late1');
    // Plaid refused the third page, and the loop began again from its first cursor (the beginning).
    expect(logged.slice(logFrom).some((l) => l.includes('Plaid data changed during pagination'))).toBe(true);
    const calls = syncCalls().slice(before);
    expect(calls.map((r) => r.body.cursor === undefined)).toEqual([true, false, false, true, false, false, false, false]);
  });

  it('goes on after an interrupted run from its last committed page, asking no page again', async () => {
    const { connectionId } = await connectPlaid(txns(8, 'ir'));
    fake.setScenario({ pageMax: 2 });
    try {
      fake.failOnce({ afterPages: 2, status: 500, type: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' });
      const failed = await sync(connectionId);
      expect(failed.error).toMatchObject({ class: 'retry', code: 'plaid_internal_server_error' });
      const before = syncCalls().length;
      const cursorsBefore = new Set(syncCalls().map((r) => String(r.body.cursor)));
      expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 4 });
      const after = syncCalls().slice(before);
      expect(after.length).toBe(2);
      // The first call of the new run continues with the second page's cursor: a cursor already used once, by the failed call.
      expect(after[0]!.body.cursor).toBeDefined();
      expect(cursorsBefore.has(String(after[0]!.body.cursor))).toBe(true);
    } finally {
      fake.setScenario({ pageMax: 500 });
    }
  });

  it('renews the consent in Link update mode on Reconnect, and links the bank anew when Plaid no longer has the Item', async () => {
    const { connectionId } = await connectPlaid(txns(3, 'rc'));
    const first = (await credentials(connectionId)).accessToken as string;
    fake.resetLogin(first);
    expect((await sync(connectionId)).error).toMatchObject({ class: 'reauth', code: 'plaid_item_login_required' });
    expect((await connectionRow(connectionId)).state).toBe('expired');
    const reconnect = async () => {
      const again = await post(`/bank-sync/connections/${connectionId}/reconnect`);
      expect(again.status).toBe(200);
      const page = await fetch(again.body.data.url as string, { redirect: 'manual' });
      const params = Object.fromEntries(new URL(page.headers.get('location') as string).searchParams);
      expect((await post('/bank-sync/connect/complete', { state: params.state, params })).status).toBe(200);
      return fake.requests.filter((r) => r.path === '/link/token/create').at(-1)!.body as { access_token?: string; products?: string[] };
    };
    // Update mode: the Item's token, no products; the same token afterwards.
    expect(await reconnect()).toMatchObject({ access_token: first });
    expect((await credentials(connectionId)).accessToken).toBe(first);
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 3 });

    // The Item removed at Plaid: gone; Reconnect links the bank anew, with a new token and Item.
    const itemBefore = (await connectionRow(connectionId)).externalId;
    const removed = await fetch(`${fake.apiUrl}/item/remove`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': 'plaid-client-id', 'PLAID-SECRET': 'plaid-secret' },
      body: JSON.stringify({ access_token: first }),
    });
    expect(removed.status).toBe(200);
    expect((await sync(connectionId)).error).toMatchObject({ class: 'gone', code: 'plaid_invalid_access_token' });
    const created = await reconnect();
    expect(created.access_token).toBeUndefined();
    expect(created.products).toEqual(['transactions']);
    tokensSeen.push(...fake.items().map((i) => i.access_token));
    expect((await credentials(connectionId)).accessToken).not.toBe(first);
    expect((await connectionRow(connectionId)).externalId).not.toBe(itemBefore);
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 0, duplicates: 3 });
  });

  it('backs off an hour on a rate limit, asking once, when the run may not wait a minute', async () => {
    const { connectionId } = await connectPlaid(txns(3, 'rl'));
    fake.failOnce({ afterPages: 0, status: 429, type: 'RATE_LIMIT_EXCEEDED', code: 'TRANSACTIONS_SYNC_LIMIT' });
    const before = syncCalls().length;
    const started = Date.now();
    const run = await sync(connectionId);
    expect(run.error).toMatchObject({ class: 'backoff', code: 'plaid_transactions_sync_limit' });
    expect(syncCalls().length - before).toBe(1);
    const wait = new Date((await connectionRow(connectionId)).nextSyncAt).getTime() - started;
    expect(wait).toBeGreaterThan(59 * 60_000);
    expect(wait).toBeLessThan(62 * 60_000);
  });

  it('reads again from the beginning for Fetch Transactions from a date before the first read, importing nothing twice', async () => {
    const { connectionId, account } = await connectPlaid(txns(5, 'rr'));
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 5 });
    const before = syncCalls().length;
    const again = await sync(connectionId, { from: isoDay(-90) });
    expect(again).toMatchObject({ status: 'success', imported: 0, duplicates: 5 });
    expect(syncCalls()[before]!.body.cursor).toBeUndefined();
    // Then the stream goes on: a new transaction comes once.
    fake.addTransaction({ ...txns(1, 'rr-new')[0]!, date: isoDay(0) });
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 1, duplicates: 0 });
    expect((await lines(account.id)).length).toBe(6);
  });

  it('asks Plaid to refresh once per run when refresh is on, and not when it is off', async () => {
    const { connectionId } = await connectPlaid(txns(1, 'rf'));
    expect(await sync(connectionId)).toMatchObject({ status: 'success' });
    expect(fake.refreshes.length).toBe(0);
    const current = app.strapi.config.get('plugin::bank-sync.providers') as Record<string, Record<string, unknown>>;
    app.strapi.config.set('plugin::bank-sync.providers', { ...current, plaid: { ...current.plaid, refresh: true } });
    app.strapi.plugin('bank-sync').service('settings').reload();
    try {
      expect(await sync(connectionId)).toMatchObject({ status: 'success' });
      expect(fake.refreshes).toEqual([fake.items().at(-1)!.item_id]);
      // Other provider data is kept beside the time of the refresh.
      expect((await connectionRow(connectionId)).providerData).toMatchObject({ plaidInstitutionId: 'ins_109508' });
    } finally {
      app.strapi.config.set('plugin::bank-sync.providers', current);
      app.strapi.plugin('bank-sync').service('settings').reload();
    }
  });

  it('takes new API keys with Update Credentials only when Plaid accepts them on the Item, and keeps the access token', async () => {
    const { connectionId } = await connectPlaid(txns(2, 'uc'));
    const token = (await credentials(connectionId)).accessToken;
    const refused = await put(`/bank-sync/connections/${connectionId}/credentials`, {
      credentials: { clientId: 'plaid-client-id', clientSecret: 'wrong-secret' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/INVALID_API_KEYS/);
    expect(JSON.stringify(refused.body)).not.toContain('wrong-secret');
    expect((await credentials(connectionId)).clientSecret).toBeUndefined();

    fake.setKeys([
      { clientId: 'plaid-client-id', secret: 'plaid-secret' },
      { clientId: 'other-client', secret: 'other-secret' },
    ]);
    try {
      const accepted = await put(`/bank-sync/connections/${connectionId}/credentials`, {
        credentials: { clientId: 'other-client', clientSecret: 'other-secret' },
      });
      expect(accepted.status).toBe(200);
      expect(await credentials(connectionId)).toMatchObject({ clientId: 'other-client', clientSecret: 'other-secret', accessToken: token });
      const before = fake.requests.length;
      expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 2 });
      expect(new Set(fake.requests.slice(before).map((r) => r.clientId))).toEqual(new Set(['other-client']));
    } finally {
      fake.setKeys([{ clientId: 'plaid-client-id', secret: 'plaid-secret' }]);
    }
  });

  it('removes the Item at Plaid on Disconnect, so Plaid stops reading and billing; says so when Plaid cannot be told', async () => {
    const first = await connectPlaid(txns(2, 'dc'));
    const token = ((await credentials(first.connectionId)) as { accessToken: string }).accessToken;
    const res = await app.http().delete(`/bank-sync/connections/${first.connectionId}`).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.data.provider).toEqual({ ended: true, error: null });
    expect(res.body.data.connection.state).toBe('disconnected');
    expect(fake.items().some((i) => i.access_token === token)).toBe(false);

    // Plaid refuses (our keys no longer valid): disconnected here all the same, and the admin is told, with a reference.
    const second = await connectPlaid(txns(2, 'dd'));
    fake.setKeys([{ clientId: 'plaid-client-id', secret: 'another-secret' }]);
    try {
      const refused = await app.http().delete(`/bank-sync/connections/${second.connectionId}`).set('Authorization', auth);
      expect(refused.status).toBe(200);
      expect(refused.body.data.connection.state).toBe('disconnected');
      expect(refused.body.data.provider.ended).toBe(false);
      expect(refused.body.data.provider.error.reference).toMatch(/^BKS-/);
      expect(refused.body.text ?? refused.text).not.toContain('plaid-secret');
    } finally {
      fake.setKeys([{ clientId: 'plaid-client-id', secret: 'plaid-secret' }]);
    }
  });

  it('checks its configuration at start: key by key', () => {
    expect(plaidProvider.validateConfig!({ clientName: 'x'.repeat(31), countryCodes: ['us'], pageCount: 501, foo: 1 })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clientName: /),
        expect.stringMatching(/^countryCodes\.0: /),
        expect.stringMatching(/^pageCount: /),
        expect.stringMatching(/unknown key\(s\) foo/),
      ]),
    );
    expect(plaidProvider.validateConfig!(config())).toEqual([]);
  });

  describe('webhooks', () => {
    const send = (rawBody: string, headers: Record<string, string>) => {
      const req = app.http().post('/api/bank-sync/webhooks/plaid');
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return req.send(rawBody);
    };

    async function waitForRun(connectionId: number) {
      for (let i = 0; i < 200; i += 1) {
        const runs = await app.strapi.db
          .query('plugin::bank-sync.sync-run')
          .findMany({ where: { connectionId, trigger: 'webhook', status: { $ne: 'running' } } });
        if (runs.length) return runs[0];
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no webhook run');
    }

    it('runs the Item’s connection on SYNC_UPDATES_AVAILABLE, and refuses the same signed request twice', async () => {
      const { connectionId, account } = await connectPlaid(txns(3, 'wh'));
      expect(await sync(connectionId)).toMatchObject({ imported: 3 });
      fake.addTransaction({ ...txns(1, 'wh-new')[0]!, date: isoDay(0) });
      const itemId = fake.items().at(-1)!.item_id;
      const signed = fake.signWebhook({
        webhook_type: 'TRANSACTIONS',
        webhook_code: 'SYNC_UPDATES_AVAILABLE',
        item_id: itemId,
        initial_update_complete: true,
        historical_update_complete: true,
        environment: 'sandbox',
      });
      const res = await send(signed.rawBody, signed.headers);
      expect(res.status).toBe(202);
      const run = await waitForRun(connectionId);
      expect([run.status, run.importedCount]).toEqual(['success', 1]);
      expect((await lines(account.id)).length).toBe(4);
      expect((await send(signed.rawBody, signed.headers)).status).toBe(401);
    });

    it('refuses a tampered body, an old signature, another algorithm or no signature, and nothing runs', async () => {
      const { connectionId } = await connectPlaid(txns(1, 'wb'));
      const body = { webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE', item_id: fake.items().at(-1)!.item_id };
      const tampered = fake.signWebhook(body, { tamper: true });
      expect((await send(tampered.rawBody, tampered.headers)).status).toBe(401);
      const old = fake.signWebhook(body, { iat: Math.floor(Date.now() / 1000) - 3600 });
      expect((await send(old.rawBody, old.headers)).status).toBe(401);
      const good = fake.signWebhook(body);
      const [, claims, signature] = good.headers['Plaid-Verification'].split('.');
      const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'x', typ: 'JWT' })).toString('base64url');
      expect((await send(good.rawBody, { ...good.headers, 'Plaid-Verification': `${hs}.${claims}.${signature}` })).status).toBe(401);
      expect((await send(good.rawBody, { 'Content-Type': 'application/json' })).status).toBe(401);
      expect(await app.strapi.db.query('plugin::bank-sync.sync-run').count({ where: { connectionId, trigger: 'webhook' } })).toBe(0);
      // The request body hash is the SHA-256 of the bytes sent.
      const payload = JSON.parse(Buffer.from(claims!, 'base64url').toString()) as { request_body_sha256: string };
      expect(payload.request_body_sha256).toBe(createHash('sha256').update(good.rawBody).digest('hex'));
    });

    it('asks Plaid once for a key it does not publish, whatever the flood of signatures by it', async () => {
      const { connectionId } = await connectPlaid(txns(1, 'fl'));
      const body = { webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE', item_id: fake.items().at(-1)!.item_id };
      const before = fake.requests.filter((r) => r.path === '/webhook_verification_key/get').length;
      const flood = Array.from({ length: 20 }, () => fake.signWebhook(body, { unknownKey: true }));
      const answers = await Promise.all(flood.map((s) => send(s.rawBody, s.headers)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(401));
      expect(fake.requests.filter((r) => r.path === '/webhook_verification_key/get').length - before).toBe(1);
      expect(await app.strapi.db.query('plugin::bank-sync.sync-run').count({ where: { connectionId, trigger: 'webhook' } })).toBe(0);
      // The published key still verifies.
      const good = fake.signWebhook(body);
      expect((await send(good.rawBody, good.headers)).status).toBe(202);
      expect((await waitForRun(connectionId)).status).toBe('success');
    });

    it('reopens an expired connection on ITEM LOGIN_REPAIRED', async () => {
      const { connectionId } = await connectPlaid(txns(1, 'lr'));
      await app.strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id: connectionId }, data: { state: 'expired' } });
      const signed = fake.signWebhook({
        webhook_type: 'ITEM',
        webhook_code: 'LOGIN_REPAIRED',
        item_id: fake.items().at(-1)!.item_id,
        environment: 'sandbox',
      });
      expect((await send(signed.rawBody, signed.headers)).status).toBe(202);
      expect((await waitForRun(connectionId)).status).toBe('success');
      expect((await connectionRow(connectionId)).state).toBe('connected');
    });
  });

  it('never logs a secret: the API secret or an access token', () => {
    expect(logged.length).toBeGreaterThan(3);
    const secrets = ['plaid-secret', 'other-secret', 'wrong-secret', ...tokensSeen];
    expect(tokensSeen.length).toBeGreaterThan(5);
    for (const line of logged) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
