import crypto from 'node:crypto';
import { startSaltEdgeFake } from './fakes/saltedge-server';
import { captureLogs } from './helpers/admin-api';
import { startTestApp, type TestApp } from './helpers/strapi';

/**
 * Salt Edge behaviour the conformance kit does not cover: institutions, the customer and
 * connect sessions, the return without a connection id, a foreign connection, refresh and its
 * limits, consent ends and Reconnect, incremental reads by id, duplicates, malformed records,
 * throttling, request signatures, the v5 API, callbacks, Update Credentials, no secret logged.
 */

type Fake = Awaited<ReturnType<typeof startSaltEdgeFake>>;

const REDIRECT = 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback';
const CALLBACK_URL = 'https://app.example/api/bank-sync/webhooks/saltedge';
const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const SIGNING_PEM = String(signing.privateKey.export({ type: 'pkcs8', format: 'pem' }));

let fake: Fake;
let app: TestApp;
let auth: string;
let baseConfig: Record<string, unknown>;
const logged: string[] = [];

beforeAll(async () => {
  fake = await startSaltEdgeFake({ host: '127.0.0.1', port: 0, scenario: { accounts: 0, refreshPolls: 1 } });
  baseConfig = {
    apiUrl: fake.apiUrl,
    clientId: 'saltedge-app-id',
    clientSecret: 'saltedge-secret',
    includeFakeProviders: true,
    refresh: false,
    refreshPollMs: 10,
    callbackPublicKey: fake.callbackPublicKey,
    callbackUrl: CALLBACK_URL,
  };
  app = await startTestApp({
    database: 'bks_saltedge_provider',
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        connect: { redirectUri: REDIRECT },
        webhooks: { enabled: true },
        sync: { maxRetryWaitSeconds: 2 },
        providers: { saltedge: baseConfig },
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
afterEach(() => configure({}));

/** Sets providers.saltedge to the base configuration with these changes. */
function configure(changes: Record<string, unknown>) {
  app.strapi.config.set('plugin::bank-sync.providers.saltedge', { ...baseConfig, ...changes });
  app.strapi.plugin('bank-sync').service('settings').reload();
}

const get = (url: string) => app.http().get(url).set('Authorization', auth);
const post = (url: string, body: object = {}) => app.http().post(url).set('Authorization', auth).send(body);
const put = (url: string, body: object) => app.http().put(url).set('Authorization', auth).send(body);
const connectionRow = (id: number) => app.strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });
const sync = async (connectionId: number, body: object = {}) => {
  const res = await post(`/bank-sync/connections/${connectionId}/sync`, body);
  expect(res.status).toBe(200);
  return res.body.data as {
    status: string;
    imported: number;
    duplicates: number;
    invalid: number;
    pendingSkipped: number;
    error: { class: string; code: string; message: string } | null;
  };
};
const lines = async (accountId: number) =>
  (await app.strapi.db
    .connection('bks_statement_lines')
    .select('provider_transaction_id', 'amount', 'label')
    .where({ online_account_id: accountId })
    .orderBy('id')) as Array<{ provider_transaction_id: string; amount: unknown; label: string | null }>;

let seq = 0;

/** A bank of `accounts` EUR accounts with `count` posted transactions each, booked over the last weeks. */
function bank(count: number, options: { accounts?: number; pending?: number; consentDays?: number | null } = {}) {
  seq += 1;
  const accounts = Array.from({ length: options.accounts ?? 1 }, (_, i) => ({
    key: `s${seq}a${i}`,
    name: `Account ${seq}.${i}`,
    currency: 'EUR',
    balanceCents: 100_000,
  }));
  const transactions = accounts.flatMap((a) => [
    ...Array.from({ length: count }, (_, i) => ({
      key: `${a.key}t${i}`,
      account: a.key,
      date: isoDay(-30 + i),
      amountCents: (i % 2 ? 1 : -1) * (1000 + i),
      label: `Invoice ${i}`,
      counterparty: 'Office Supplies BV',
      status: 'posted' as const,
    })),
    ...Array.from({ length: options.pending ?? 0 }, (_, i) => ({
      key: `${a.key}p${i}`,
      account: a.key,
      date: isoDay(0),
      amountCents: -50,
      label: 'Card',
      counterparty: null,
      status: 'pending' as const,
    })),
  ]);
  const consentDays = options.consentDays === undefined ? 90 : options.consentDays;
  const ids = fake.setBank({
    accounts,
    transactions,
    consentExpiresAt: consentDays === null ? null : new Date(Date.now() + consentDays * DAY).toISOString(),
  });
  return { keys: accounts.map((a) => a.key), ids };
}

/** Connect through the admin API and the fake's consent page; returns the callback's parameters too. */
async function startConnect(institutionId = 'fakebank_simple_xf') {
  const start = await post('/bank-sync/connect', { providerId: 'saltedge', institutionId });
  expect(start.status).toBe(200);
  const answer = await fetch(start.body.data.url as string, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  return {
    connectionId: start.body.data.connectionId as number,
    params: Object.fromEntries(new URL(answer.headers.get('location')!).searchParams),
  };
}

async function connect(count = 5, options: Parameters<typeof bank>[1] = {}) {
  const made = bank(count, options);
  const { params } = await startConnect();
  const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
  expect(complete.status).toBe(200);
  const connectionId = complete.body.data.connection.id as number;
  const listed = complete.body.data.accounts as Array<{ id: number }>;
  const select = await put(`/bank-sync/connections/${connectionId}/accounts`, {
    accounts: listed.map((a, i) => ({
      accountId: a.id,
      action: 'create',
      journal: { name: `Salt Edge ${seq}.${i}`, code: `SE${seq}X${i}` },
    })),
  });
  expect(select.status).toBe(200);
  for (const a of listed) {
    await app.strapi.db.query('plugin::bank-sync.online-account').update({ where: { id: a.id }, data: { firstFetchDate: isoDay(-400) } });
  }
  const row = await connectionRow(connectionId);
  return {
    connectionId,
    accounts: select.body.data as Array<{ id: number; providerAccountId: string }>,
    saltEdgeId: row.externalId as string,
    ...made,
  };
}

describe('Salt Edge', () => {
  it('lists the banks of a country, fake banks only when configured, with logos and disabled ones deprecated', async () => {
    const be = await get('/bank-sync/institutions?providerId=saltedge&country=BE');
    expect(be.status).toBe(200);
    expect(be.body.data.length).toBeGreaterThan(1);
    expect(be.body.data.every((i: { country: string }) => i.country === 'BE')).toBe(true);
    expect(be.body.data[0].logoUrl).toMatch(/^https:\/\//);
    const fakes = await get('/bank-sync/institutions?providerId=saltedge&search=fake%20bank');
    expect(fakes.body.data.map((i: { id: string }) => i.id)).toContain('fakebank_simple_xf');
    const de = await get('/bank-sync/institutions?providerId=saltedge&country=DE');
    expect(de.body.data.find((i: { id: string }) => i.id === 'old_savings_bank_de').deprecated).toBe(true);
    configure({ includeFakeProviders: false, institutionsCacheSeconds: 0 });
    const real = await get('/bank-sync/institutions?providerId=saltedge&search=fake%20bank');
    expect(real.body.data).toEqual([]);
  });

  it('keeps a country list for institutionsCacheSeconds', async () => {
    fake.clearRequests();
    await get('/bank-sync/institutions?providerId=saltedge&country=ES&search=santander');
    await get('/bank-sync/institutions?providerId=saltedge&country=ES&search=other');
    expect(fake.countRequests('GET', '/providers')).toBe(1);
  });

  it('connects: one customer, a connect session for the chosen bank, the state carried through return_to, the consent end', async () => {
    fake.clearRequests();
    const { connectionId, saltEdgeId, accounts, ids } = await connect(3);
    const row = await connectionRow(connectionId);
    expect([row.state, row.institutionName]).toEqual(['connected', 'Fake Bank Simple']);
    expect(saltEdgeId).toMatch(/^\d{18}$/);
    expect(row.providerData).toMatchObject({ connectionId: saltEdgeId, customerId: expect.stringMatching(/^\d{18}$/) });
    expect(fake.connection(saltEdgeId)!.customer_id).toBe(row.providerData.customerId);
    expect(Math.abs(new Date(row.consentExpiresAt).getTime() - (Date.now() + 90 * DAY))).toBeLessThan(DAY);
    expect(accounts.map((a) => a.providerAccountId)).toEqual(ids);
    expect(fake.countRequests('POST', '/customers')).toBe(1);
    expect(fake.countRequests('POST', '/connections/connect')).toBe(1);
    // Nothing secret is kept: Salt Edge is called with the plugin's App-id and Secret.
    expect(await app.strapi.plugin('bank-sync').service('connections').readCredentials(connectionId)).toEqual({});
    expect((await sync(connectionId)).imported).toBe(3);
  });

  it('says the consent was refused at the bank, and connects nothing', async () => {
    bank(1);
    fake.setScenario({ denyConsent: true });
    try {
      const { connectionId, params } = await startConnect();
      expect(params.error_class).toBe('ProviderAccessNotGranted');
      const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
      expect(complete.status).toBe(502);
      expect(complete.body.error.message).toMatch(/refused at the bank/);
      expect((await connectionRow(connectionId)).state).toBe('pending');
    } finally {
      fake.setScenario({ denyConsent: false });
    }
  });

  it('finds the connection of a return without connection_id, and refuses another customer’s connection', async () => {
    bank(2);
    const { params } = await startConnect();
    const { connection_id: made, ...withoutId } = params;
    const complete = await post('/bank-sync/connect/complete', { state: params.state, params: withoutId });
    expect(complete.status).toBe(200);
    expect((await connectionRow(complete.body.data.connection.id)).externalId).toBe(made);

    const other = await connect(1);
    bank(1);
    const second = await startConnect();
    const forged = await post('/bank-sync/connect/complete', {
      state: second.params.state,
      params: { ...second.params, connection_id: other.saltEdgeId },
    });
    expect(forged.status).toBe(502);
    expect(JSON.stringify(forged.body)).toContain('saltedge_foreign_connection');
  });

  it('reads by id after the first run: only what is new, a late posting included; Fetch Transactions from a day reads again', async () => {
    const { connectionId, accounts, keys } = await connect(4);
    expect((await sync(connectionId)).imported).toBe(4);
    const newest = fake.idOf(`${keys[0]}t3`)!;
    // Booked long ago but learnt of now: a higher id.
    const late = fake.addTransaction(keys[0]!, { key: 'late', date: isoDay(-60), amountCents: -777, label: 'Late', counterparty: 'X' });
    fake.clearRequests();
    const second = await sync(connectionId);
    expect([second.imported, second.duplicates]).toEqual([1, 0]);
    const asked = fake.requests.filter((r) => r.path.endsWith('/transactions'));
    expect(asked.map((r) => r.query.from_id)).toEqual([newest]);
    expect((await lines(accounts[0]!.id)).map((l) => l.provider_transaction_id)).toContain(late);
    fake.clearRequests();
    const again = await sync(connectionId, { from: isoDay(-100) });
    expect([again.imported, again.duplicates]).toEqual([0, 5]);
    expect(fake.requests.filter((r) => r.path.endsWith('/transactions')).map((r) => r.query.from_id)).toEqual([undefined]);
  });

  it('leaves out transactions Salt Edge marks duplicated, and counts a record of another shape as invalid', async () => {
    const { connectionId, accounts, keys } = await connect(3);
    fake.markDuplicated(fake.idOf(`${keys[0]}t1`)!);
    fake.addTransaction(keys[0]!, { key: 'bad', date: isoDay(-1), amountCents: 100, label: 'Bad', counterparty: null }, 'posted', {
      amount: '1.00',
    });
    const run = await sync(connectionId);
    expect([run.imported, run.invalid]).toEqual([2, 1]);
    expect((await lines(accounts[0]!.id)).map((l) => l.provider_transaction_id)).not.toContain(fake.idOf(`${keys[0]}t1`));
  });

  it('labels a line with its description and counterparty, amounts exact', async () => {
    const { connectionId, accounts } = await connect(2);
    await sync(connectionId);
    const rows = (await app.strapi.db
      .connection('bks_statement_lines')
      .select('amount', 'label', 'counterparty_name')
      .where({ online_account_id: accounts[0]!.id })
      .orderBy('id')) as Array<{ amount: unknown; label: string; counterparty_name: string }>;
    expect(rows.map((r) => [String(r.amount), r.label, r.counterparty_name])).toEqual([
      ['-1000', 'Invoice 0', 'Office Supplies BV'],
      ['1001', 'Invoice 1', 'Office Supplies BV'],
    ]);
  });

  it('an answer that is no Salt Edge document is a retry, not a crash', async () => {
    const { connectionId } = await connect(2);
    fake.setScenario({ failNextListing: 'html' });
    const run = await sync(connectionId);
    expect(run.error).toMatchObject({ class: 'retry', code: 'saltedge_malformed_response' });
  });

  describe('refresh', () => {
    beforeEach(() => configure({ refresh: true }));

    it('refreshes once per run for all accounts, then puts the next refresh off until Salt Edge allows it', async () => {
      fake.setScenario({ refreshIntervalSeconds: 3600 });
      const { connectionId, saltEdgeId } = await connect(3, { accounts: 2 });
      fake.clearRequests();
      const first = await sync(connectionId);
      expect([first.status, first.imported]).toEqual(['success', 6]);
      expect(fake.countRequests('POST', '/refresh')).toBe(1);
      let row = await connectionRow(connectionId);
      expect(row.refreshDeferredUntil).toBeNull();
      // Later (the reuse window past), Salt Edge does not allow one yet.
      configure({ refresh: true, refreshReuseSeconds: 0 });
      const second = await sync(connectionId);
      expect(second.status).toBe('success');
      expect(fake.countRequests('POST', '/refresh')).toBe(1);
      row = await connectionRow(connectionId);
      expect(row.refreshDeferredCode).toBe('saltedge_refresh_not_allowed_yet');
      expect(new Date(row.refreshDeferredUntil).toISOString()).toBe(fake.connection(saltEdgeId)!.next_refresh_possible_at);
    });

    it('reads what Salt Edge has when it refuses a refresh (ConnectionCannotBeRefreshed, the daily limit)', async () => {
      fake.setScenario({ refreshIntervalSeconds: 0, backgroundFetchesPerDay: 0 });
      try {
        const { connectionId } = await connect(2);
        const run = await sync(connectionId);
        expect([run.status, run.imported]).toEqual(['success', 2]);
        expect((await connectionRow(connectionId)).refreshDeferredCode).toBe('saltedge_background_fetch_limit');
      } finally {
        fake.setScenario({ backgroundFetchesPerDay: 4, refreshIntervalSeconds: 3600 });
      }
    });

    it('asks to reconnect when the bank refuses the refresh, and when a connection is inactive for that reason', async () => {
      fake.setScenario({ refreshIntervalSeconds: 0, refreshFailsWith: 'InvalidCredentials' });
      try {
        const { connectionId } = await connect(2);
        const run = await sync(connectionId);
        expect(run.error).toMatchObject({ class: 'reauth', code: 'saltedge_InvalidCredentials' });
        expect((await connectionRow(connectionId)).state).toBe('expired');
        // Without refresh, the inactive connection says the same on reading.
        configure({ refresh: false });
        await app.strapi.db
          .query('plugin::bank-sync.online-connection')
          .update({ where: { id: connectionId }, data: { state: 'connected' } });
        expect((await sync(connectionId)).error).toMatchObject({ class: 'reauth', code: 'saltedge_InvalidCredentials' });
      } finally {
        fake.setScenario({ refreshFailsWith: null, refreshIntervalSeconds: 3600 });
      }
    });
  });

  it('asks to reconnect when the consent has ended; Reconnect renews it on the same Salt Edge connection', async () => {
    const { connectionId, saltEdgeId, accounts } = await connect(3);
    expect((await sync(connectionId)).imported).toBe(3);
    fake.expireConsent(saltEdgeId);
    const run = await sync(connectionId);
    expect(run.error).toMatchObject({ class: 'reauth', code: 'saltedge_consent_expired' });
    expect((await connectionRow(connectionId)).state).toBe('expired');
    fake.clearRequests();
    const again = await post(`/bank-sync/connections/${connectionId}/reconnect`);
    expect(again.status).toBe(200);
    expect(fake.countRequests('POST', `/connections/${saltEdgeId}/reconnect`)).toBe(1);
    expect(fake.countRequests('POST', '/customers')).toBe(0);
    const answer = await fetch(again.body.data.url as string, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(answer.headers.get('location')!).searchParams);
    expect(params.connection_id).toBe(saltEdgeId);
    expect((await post('/bank-sync/connect/complete', { state: params.state, params })).status).toBe(200);
    const row = await connectionRow(connectionId);
    expect(row.state).toBe('connected');
    expect(new Date(row.consentExpiresAt).getTime()).toBeGreaterThan(Date.now() + 80 * DAY);
    fake.addTransaction(accounts[0]!.providerAccountId, {
      key: 'after',
      date: isoDay(0),
      amountCents: 5,
      label: 'After',
      counterparty: null,
    });
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 1 });
  });

  it('waits out a short 429 within the run; a long one ends the run classified backoff until then', async () => {
    const { connectionId } = await connect(2);
    fake.setScenario({ rateLimitNext: 1, retryAfterSeconds: 1 });
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 2 });
    fake.setScenario({ rateLimitNext: 1, retryAfterSeconds: 7200 });
    const run = await sync(connectionId);
    expect(run.error).toMatchObject({ class: 'backoff', code: 'saltedge_RateLimitExceeded' });
    expect(new Date((await connectionRow(connectionId)).nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    fake.setScenario({ rateLimitNext: 0 });
  });

  it('signs every request when a key is configured; a key Salt Edge does not know is a configuration error', async () => {
    fake.setScenario({ clientPublicKey: String(signing.publicKey.export({ type: 'spki', format: 'pem' })) });
    try {
      configure({ signingKey: SIGNING_PEM });
      fake.clearRequests();
      const { connectionId } = await connect(2);
      expect((await sync(connectionId)).imported).toBe(2);
      expect(fake.requests.length).toBeGreaterThan(5);
      expect(fake.requests.every((r) => r.signed)).toBe(true);
      const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
      configure({ signingKey: String(stranger) });
      const run = await sync(connectionId);
      expect(run.error).toMatchObject({ class: 'config', code: 'saltedge_SignatureNotMatch' });
    } finally {
      fake.setScenario({ clientPublicKey: null });
    }
  });

  it('speaks v5: connect sessions, PUT refresh, customers by id', async () => {
    configure({ apiUrl: fake.apiUrlV5, apiVersion: 'v5', refresh: true });
    fake.setScenario({ refreshIntervalSeconds: 3600 });
    fake.clearRequests();
    const { connectionId } = await connect(3);
    expect(fake.countRequests('POST', '/api/v5/connect_sessions/create')).toBe(1);
    expect(fake.countRequests('POST', '/api/v5/customers')).toBe(1);
    expect(await sync(connectionId)).toMatchObject({ status: 'success', imported: 3 });
    expect(fake.countRequests('PUT', '/refresh')).toBe(1);
  });

  it('checks new App-id and Secret with Salt Edge before Update Credentials saves them', async () => {
    const { connectionId } = await connect(1);
    const refused = await put(`/bank-sync/connections/${connectionId}/credentials`, {
      credentials: { clientId: 'saltedge-app-id', clientSecret: 'not-the-secret' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('saltedge_ApiKeyNotFound');
    const accepted = await put(`/bank-sync/connections/${connectionId}/credentials`, {
      credentials: { clientId: 'saltedge-app-id', clientSecret: 'saltedge-secret' },
    });
    expect(accepted.status).toBe(200);
    expect(await app.strapi.plugin('bank-sync').service('connections').readCredentials(connectionId)).toEqual({
      clientId: 'saltedge-app-id',
      clientSecret: 'saltedge-secret',
    });
  });

  describe('callbacks', () => {
    const send = (body: string, signature: string) =>
      app.http().post('/api/bank-sync/webhooks/saltedge').set('Content-Type', 'application/json').set('Signature', signature).send(body);
    const webhookRuns = (connectionId: number) =>
      app.strapi.db
        .query('plugin::bank-sync.sync-run')
        .findMany({ where: { connectionId, trigger: 'webhook', status: { $ne: 'running' } } });

    async function waitForRun(connectionId: number) {
      for (let i = 0; i < 200; i += 1) {
        const runs = await webhookRuns(connectionId);
        if (runs.length) return runs[0];
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no callback run');
    }

    it('runs the connection on a success callback signed by Salt Edge', async () => {
      const { connectionId, saltEdgeId, accounts } = await connect(2);
      await sync(connectionId);
      fake.addTransaction(accounts[0]!.providerAccountId, {
        key: 'cb',
        date: isoDay(0),
        amountCents: 42,
        label: 'New',
        counterparty: null,
      });
      const { body, signature } = fake.callback('success', saltEdgeId, CALLBACK_URL);
      expect((await send(body, signature)).status).toBe(202);
      const run = await waitForRun(connectionId);
      expect([run.status, run.importedCount]).toEqual(['success', 1]);
    });

    it('refuses a tampered, foreign, replayed or old callback; a fail or notify callback runs nothing', async () => {
      const { connectionId, saltEdgeId } = await connect(1);
      const tampered = fake.callback('success', saltEdgeId, CALLBACK_URL, { tamper: true });
      expect((await send(tampered.body, tampered.signature)).status).toBe(401);
      const foreign = fake.callback('success', saltEdgeId, CALLBACK_URL, { foreignKey: true });
      expect((await send(foreign.body, foreign.signature)).status).toBe(401);
      const elsewhere = fake.callback('success', saltEdgeId, 'https://other.example/callback');
      expect((await send(elsewhere.body, elsewhere.signature)).status).toBe(401);
      const old = fake.callback('success', saltEdgeId, CALLBACK_URL, { time: new Date(Date.now() - 3_600_000).toISOString() });
      expect((await send(old.body, old.signature)).status).toBe(401);
      expect((await send(tampered.body, '')).status).toBe(401);
      const fail = fake.callback('fail', saltEdgeId, CALLBACK_URL);
      expect((await send(fail.body, fail.signature)).status).toBe(202);
      const notify = fake.callback('notify', saltEdgeId, CALLBACK_URL);
      expect((await send(notify.body, notify.signature)).status).toBe(202);
      expect(await webhookRuns(connectionId)).toHaveLength(0);
      const good = fake.callback('success', saltEdgeId, CALLBACK_URL);
      expect((await send(good.body, good.signature)).status).toBe(202);
      await waitForRun(connectionId);
      expect((await send(good.body, good.signature)).status).toBe(401);
    });
  });

  it('never logs a secret: the Secret or the signing key', () => {
    expect(logged.length).toBeGreaterThan(5);
    const secrets = ['saltedge-secret', 'not-the-secret', SIGNING_PEM.split('\n')[1]!];
    for (const line of logged) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
