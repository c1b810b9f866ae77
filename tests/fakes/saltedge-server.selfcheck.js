// @ts-check
/**
 * Self-check for the Salt Edge fake: starts it, exercises every endpoint with fetch and asserts
 * the behaviour promised in saltedge-server.js (reference §3, §5).
 * Run: node tests/fakes/saltedge-server.selfcheck.js
 */
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startSaltEdgeFake } = require('./saltedge-server');

const KEYS = { 'App-id': 'saltedge-app-id', Secret: 'saltedge-secret' };
const RETURN_TO = 'http://localhost:9999/callback?state=st-1';

/** @param {string} url @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [init] */
async function call(url, init = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...KEYS, ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  /** @type {any} */
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body };
}

/** Connects the fake's bank for a new customer: customer, session, consent page. @param {string} api @param {string} version */
async function connect(api, version) {
  const customer = await call(`${api}/customers`, { method: 'POST', body: { data: { identifier: `id-${crypto.randomUUID()}` } } });
  assert.equal(customer.status, 200);
  const customerId = version === 'v5' ? customer.body.data.id : customer.body.data.customer_id;
  assert.match(customerId, /^\d{18}$/);
  const body = {
    data: {
      customer_id: customerId,
      consent: { scopes: ['account_details', 'transactions_details'], from_date: '2025-01-01' },
      attempt: { return_to: RETURN_TO, fetch_scopes: ['accounts', 'transactions'] },
      ...(version === 'v5'
        ? { provider_code: 'fakebank_simple_xf', include_fake_providers: true }
        : { provider: { code: 'fakebank_simple_xf', include_sandboxes: true } }),
    },
  };
  const session = await call(`${api}/${version === 'v5' ? 'connect_sessions/create' : 'connections/connect'}`, { method: 'POST', body });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  assert.ok(session.body.data.expires_at);
  const page = await call(session.body.data.connect_url);
  assert.equal(page.status, 302);
  const back = new URL(String(page.headers.get('location')));
  assert.equal(back.origin + back.pathname, 'http://localhost:9999/callback');
  assert.equal(back.searchParams.get('state'), 'st-1', "return_to's own query is kept");
  // The session is single use.
  assert.equal((await call(session.body.data.connect_url)).status, 410);
  return { customerId, connectionId: String(back.searchParams.get('connection_id')), body };
}

async function main() {
  const t0 = Date.now();
  const fake = await startSaltEdgeFake({
    host: '127.0.0.1',
    port: 0,
    scenario: { accounts: 2, transactionsPerAccount: 25, pendingPerAccount: 3, endDate: '2025-03-04', days: 10, refreshPolls: 2 },
  });
  const api = fake.apiUrl;
  const v5 = fake.apiUrlV5;
  assert.match(api, /^http:\/\/127\.0\.0\.1:\d+\/api\/v6$/);

  // --- keys ---
  const noApp = await call(`${api}/countries`, { headers: { 'App-id': '' } });
  assert.equal(noApp.status, 401);
  assert.equal(noApp.body.error.class, 'AppIdNotProvided');
  assert.equal((await call(`${api}/countries`, { headers: { Secret: '' } })).body.error.class, 'SecretNotProvided');
  const wrong = await call(`${api}/countries`, { headers: { Secret: 'nope' } });
  assert.deepEqual([wrong.status, wrong.body.error.class], [401, 'ApiKeyNotFound']);
  assert.ok(wrong.body.error.message && wrong.body.error.documentation_url);
  assert.equal((await call(`${api}/countries`)).status, 200);
  assert.equal((await call(`${api}/nowhere`)).body.error.class, 'RouteNotFound');

  // --- providers: fake banks only when asked, by country, paging by from_id, one by code ---
  const real = await call(`${api}/providers`);
  assert.ok(real.body.data.length > 0 && real.body.data.every((/** @type {any} */ p) => p.country_code !== 'XF'));
  const withFakes = await call(`${api}/providers?include_sandboxes=true`);
  assert.ok(withFakes.body.data.some((/** @type {any} */ p) => p.code === 'fakebank_simple_xf'));
  assert.ok((await call(`${v5}/providers?include_fake_providers=true`)).body.data.some((/** @type {any} */ p) => p.country_code === 'XF'));
  assert.deepEqual(
    (await call(`${api}/providers?country_code=BE`)).body.data.map((/** @type {any} */ p) => p.country_code),
    ['BE', 'BE', 'BE', 'BE'],
  );
  const first = await call(`${api}/providers?per_page=3`);
  assert.equal(first.body.data.length, 3);
  assert.match(first.body.meta.next_id, /^\d+$/);
  assert.match(first.body.meta.next_page, /^\/api\/v6\/providers\?.*from_id=/);
  const second = await call(`${api}/providers?per_page=3&from_id=${first.body.meta.next_id}`);
  assert.equal(second.body.data[0].id, first.body.meta.next_id, 'from_id is inclusive');
  assert.equal((await call(`${api}/providers/belfius_be`)).body.data.name, 'Belfius');
  assert.equal((await call(`${api}/providers/nope`)).body.error.class, 'ProviderNotFound');
  assert.equal((await call(`${api}/providers?per_page=0`)).body.error.class, 'WrongRequestFormat');

  // --- customers ---
  const dup = { method: 'POST', body: { data: { identifier: 'same-one' } } };
  const c5 = await call(`${v5}/customers`, dup);
  assert.ok(c5.body.data.id && c5.body.data.secret && !c5.body.data.customer_id);
  assert.equal((await call(`${api}/customers`, dup)).body.error.class, 'DuplicatedCustomer');
  assert.equal((await call(`${api}/customers`, { method: 'POST', body: '{bad' })).body.error.class, 'JsonParseError');
  assert.equal((await call(`${api}/customers`, { method: 'POST', body: { data: {} } })).body.error.class, 'WrongRequestFormat');
  assert.equal((await call(`${api}/customers/${c5.body.data.id}`)).body.data.customer_id, c5.body.data.id);
  assert.equal((await call(`${api}/customers/1`)).body.error.class, 'CustomerNotFound');

  // --- connect (v6 and v5), sessions checked ---
  const noScopes = await call(`${api}/connections/connect`, {
    method: 'POST',
    body: { data: { customer_id: c5.body.data.id, consent: {}, attempt: { return_to: RETURN_TO } } },
  });
  assert.equal(noScopes.body.error.class, 'WrongRequestFormat');
  const hiddenFake = await call(`${api}/connections/connect`, {
    method: 'POST',
    body: {
      data: {
        customer_id: c5.body.data.id,
        consent: { scopes: ['x'] },
        attempt: { return_to: RETURN_TO },
        provider: { code: 'fakebank_simple_xf' },
      },
    },
  });
  assert.equal(hiddenFake.status, 400, 'a fake bank needs include_sandboxes');
  assert.equal((await call(`${v5}/connections/connect`, { method: 'POST', body: {} })).status, 404, 'v6 path only');
  const { customerId, connectionId, body: sessionBody } = await connect(api, 'v6');
  assert.match(connectionId, /^\d{18}$/);

  const connection = await call(`${api}/connections/${connectionId}`);
  assert.equal(connection.body.data.customer_id, customerId);
  assert.equal(connection.body.data.status, 'active');
  assert.equal(connection.body.data.last_attempt.finished, true);
  assert.ok(connection.body.data.last_consent_id);
  assert.equal((await call(`${api}/connections?customer_id=${customerId}`)).body.data[0].id, connectionId);
  assert.equal((await call(`${api}/connections/1`)).body.error.class, 'ConnectionNotFound');
  const consents = await call(`${api}/consents?connection_id=${connectionId}`);
  assert.equal(consents.body.data.length, 1);
  assert.equal(consents.body.data[0].id, connection.body.data.last_consent_id);
  assert.equal(consents.body.data[0].status, 'active');
  assert.ok(Date.parse(consents.body.data[0].expires_at) > Date.now() + 80 * 86_400_000);

  // --- accounts and transactions ---
  const accounts = await call(`${api}/accounts?connection_id=${connectionId}`);
  assert.equal(accounts.body.data.length, 2);
  const account = accounts.body.data[0];
  assert.ok(account.extra.iban && typeof account.balance === 'number' && account.currency_code === 'EUR');
  assert.equal((await call(`${api}/accounts`)).body.error.class, 'WrongRequestFormat');
  const tq = `connection_id=${connectionId}&account_id=${account.id}`;
  const all = await call(`${api}/transactions?${tq}`);
  assert.equal(all.body.data.length, 25);
  assert.equal(all.body.meta.next_id, null);
  const ids = all.body.data.map((/** @type {any} */ t) => BigInt(t.id));
  assert.ok(
    ids.every((/** @type {bigint} */ id, /** @type {number} */ i) => i === 0 || id > ids[i - 1]),
    'ids grow',
  );
  const t = all.body.data[0];
  assert.equal(t.status, 'posted');
  assert.match(t.made_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(typeof t.amount, 'number');
  assert.ok(t.amount < 0 ? t.extra.payee : t.extra.payer);
  const made = all.body.data.map((/** @type {any} */ x) => x.made_on);
  assert.deepEqual(made, [...made].sort(), 'booked in date order');
  const p1 = await call(`${api}/transactions?${tq}&per_page=10`);
  assert.equal(p1.body.data.length, 10);
  const p2 = await call(`${api}/transactions?${tq}&per_page=10&from_id=${p1.body.meta.next_id}`);
  const p3 = await call(`${api}/transactions?${tq}&per_page=10&from_id=${p2.body.meta.next_id}`);
  assert.deepEqual([p2.body.data.length, p3.body.data.length, p3.body.meta.next_id], [10, 5, null]);
  assert.deepEqual(
    [...p1.body.data, ...p2.body.data, ...p3.body.data].map((/** @type {any} */ x) => x.id),
    all.body.data.map((/** @type {any} */ x) => x.id),
  );
  const pending = await call(`${api}/transactions/pending?${tq}`);
  assert.equal(pending.body.data.length, 3);
  assert.ok(pending.body.data.every((/** @type {any} */ x) => x.status === 'pending'));
  assert.equal((await call(`${api}/transactions?connection_id=${connectionId}&account_id=1`)).body.error.class, 'AccountNotFound');
  fake.setScenario({ pageMax: 7 });
  assert.equal((await call(`${api}/transactions?${tq}&per_page=1000`)).body.data.length, 7);
  fake.setScenario({ pageMax: 1000 });
  const newId = fake.addTransaction(account.id, { key: 'late', date: '2025-02-01', amountCents: -500, label: 'Late', counterparty: 'X' });
  assert.ok(BigInt(newId) > ids[ids.length - 1], 'a transaction learnt later has a higher id, whatever its day');
  const since = await call(`${api}/transactions?${tq}&from_id=${all.body.data[24].id}`);
  assert.deepEqual(
    since.body.data.map((/** @type {any} */ x) => x.id),
    [all.body.data[24].id, newId],
  );
  fake.settle(`${'acc1'}-p1`, {
    key: 'acc1-p1-posted',
    date: '2025-03-04',
    amountCents: -1000,
    label: 'Card payment 1',
    counterparty: 'Delhaize',
  });
  assert.equal((await call(`${api}/transactions/pending?${tq}`)).body.data.length, 2);
  assert.equal(fake.idOf('acc1-p1-posted'), (await call(`${api}/transactions?${tq}`)).body.data.at(-1).id);

  // --- planned failures, 429, HTML ---
  fake.failOnce({ afterPages: 1, status: 406, errorClass: 'ConsentExpired', message: 'expired' });
  assert.equal((await call(`${api}/transactions?${tq}`)).status, 200);
  const failed = await call(`${api}/transactions?${tq}`);
  assert.deepEqual([failed.status, failed.body.error.class], [406, 'ConsentExpired']);
  assert.equal((await call(`${api}/transactions?${tq}`)).status, 200, 'once');
  fake.setScenario({ rateLimitNext: 1, retryAfterSeconds: 7 });
  const limited = await call(`${api}/accounts?connection_id=${connectionId}`);
  assert.deepEqual([limited.status, limited.body.error.class, limited.headers.get('retry-after')], [429, 'RateLimitExceeded', '7']);
  assert.equal((await call(`${api}/accounts?connection_id=${connectionId}`)).status, 200);
  fake.setScenario({ failNextListing: 'html' });
  const html = await call(`${api}/transactions?${tq}`);
  assert.equal(html.status, 200);
  assert.equal(typeof html.body, 'string');

  // --- refresh: an attempt that finishes after polls, then ConnectionCannotBeRefreshed ---
  const refreshed = await call(`${api}/connections/${connectionId}/refresh`, {
    method: 'POST',
    body: {
      data: {
        return_connection_id: false,
        automatic_refresh: true,
        show_widget: false,
        attempt: { fetch_scopes: ['accounts', 'transactions'] },
      },
    },
  });
  assert.equal(refreshed.status, 200);
  const busy = await call(`${api}/connections/${connectionId}/refresh`, { method: 'POST', body: { data: {} } });
  assert.equal(busy.body.error.class, 'ConnectionAlreadyProcessing');
  assert.equal((await call(`${api}/connections/${connectionId}`)).body.data.last_attempt.finished, false);
  const done = await call(`${api}/connections/${connectionId}`);
  assert.equal(done.body.data.last_attempt.finished, true);
  assert.ok(done.body.data.last_attempt.success_at);
  assert.ok(Date.parse(done.body.data.next_refresh_possible_at) > Date.now());
  const early = await call(`${api}/connections/${connectionId}/refresh`, { method: 'POST', body: { data: {} } });
  assert.deepEqual([early.status, early.body.error.class], [406, 'ConnectionCannotBeRefreshed']);
  assert.equal(early.body.next_refresh_possible_at, done.body.data.next_refresh_possible_at);
  assert.equal((await call(`${api}/connections/${connectionId}/refresh`, { method: 'PUT', body: { data: {} } })).status, 404, 'PUT is v5');

  // --- v5: connect sessions, PUT refresh, a refresh the bank refuses, the 4-a-day limit ---
  fake.setScenario({ refreshIntervalSeconds: 0, refreshPolls: 1, refreshFailsWith: 'InvalidCredentials' });
  const five = await connect(v5, 'v5');
  assert.equal(
    (await call(`${v5}/connections/${five.connectionId}/refresh`, { method: 'PUT', body: { data: { attempt: {} } } })).status,
    200,
  );
  const refused = (await call(`${v5}/connections/${five.connectionId}`)).body.data;
  assert.deepEqual([refused.status, refused.last_attempt.fail_error_class], ['inactive', 'InvalidCredentials']);
  fake.setScenario({ refreshFailsWith: null });
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await call(`${v5}/connections/${five.connectionId}/refresh`, { method: 'PUT', body: { data: {} } })).status, 200);
    await call(`${v5}/connections/${five.connectionId}`);
  }
  const limit = await call(`${v5}/connections/${five.connectionId}/refresh`, { method: 'PUT', body: { data: {} } });
  assert.equal(limit.body.error.class, 'BackgroundFetchLimitExceeded');

  // --- reconnect: the same connection, a new consent ---
  const again = await call(`${api}/connections/${connectionId}/reconnect`, {
    method: 'POST',
    body: { data: { ...sessionBody.data, customer_id: undefined } },
  });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  fake.expireConsent(connectionId);
  assert.equal((await call(`${api}/consents?connection_id=${connectionId}`)).body.data[0].status, 'expired');
  const back = new URL(String((await call(again.body.data.connect_url)).headers.get('location')));
  assert.equal(back.searchParams.get('connection_id'), connectionId);
  const renewed = await call(`${api}/consents?connection_id=${connectionId}`);
  assert.equal(renewed.body.data.length, 2);
  assert.equal(renewed.body.data.at(-1).status, 'active');
  assert.equal(renewed.body.data[0].status, 'revoked');
  const v5Again = await call(`${v5}/connect_sessions/reconnect`, {
    method: 'POST',
    body: { data: { connection_id: five.connectionId, consent: { scopes: ['account_details'] }, attempt: { return_to: RETURN_TO } } },
  });
  assert.equal(v5Again.status, 200);

  // --- refused consent ---
  fake.setScenario({ denyConsent: true });
  const denied = await call((await call(`${api}/connections/connect`, { method: 'POST', body: sessionBody })).body.data.connect_url);
  const deniedBack = new URL(String(denied.headers.get('location')));
  assert.equal(deniedBack.searchParams.get('error_class'), 'ProviderAccessNotGranted');
  assert.equal(deniedBack.searchParams.get('state'), 'st-1');
  assert.equal(deniedBack.searchParams.get('connection_id'), null);
  fake.setScenario({ denyConsent: false });

  // --- request signatures ---
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake.setScenario({ clientPublicKey: String(publicKey.export({ type: 'spki', format: 'pem' })) });
  assert.equal((await call(`${api}/countries`)).body.error.class, 'MissingSignature');
  const url = `${api}/countries`;
  /** @param {number} expires @param {import('node:crypto').KeyObject} key */
  const signed = (expires, key) => ({
    'Expires-at': String(expires),
    Signature: crypto.createSign('RSA-SHA256').update(`${expires}|GET|${url}|`).sign(key, 'base64'),
  });
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await call(url, { headers: signed(now + 60, privateKey) })).status, 200);
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  assert.equal((await call(url, { headers: signed(now + 60, other) })).body.error.class, 'SignatureNotMatch');
  assert.equal((await call(url, { headers: signed(now - 10, privateKey) })).body.error.class, 'RequestExpired');
  assert.equal((await call(url, { headers: signed(now + 7200, privateKey) })).body.error.class, 'ExpiresAtInvalid');
  const postBody = JSON.stringify({ data: { identifier: 'signed-one' } });
  const postSig = crypto
    .createSign('RSA-SHA256')
    .update(`${now + 60}|POST|${api}/customers|${postBody}`)
    .sign(privateKey, 'base64');
  assert.equal(
    (await call(`${api}/customers`, { method: 'POST', body: postBody, headers: { 'Expires-at': String(now + 60), Signature: postSig } }))
      .status,
    200,
  );
  fake.setScenario({ clientPublicKey: null });

  // --- callbacks, signed by Salt Edge over "<url>|<body>" ---
  const cbUrl = 'https://app.example/api/bank-sync/webhooks/saltedge';
  const cb = fake.callback('success', connectionId, cbUrl);
  assert.equal(JSON.parse(cb.body).data.stage, 'finish');
  assert.equal(JSON.parse(cb.body).data.connection_id, connectionId);
  assert.ok(crypto.createVerify('RSA-SHA256').update(`${cbUrl}|${cb.body}`).verify(fake.callbackPublicKey, cb.signature, 'base64'));
  const tampered = fake.callback('success', connectionId, cbUrl, { tamper: true });
  assert.ok(
    !crypto.createVerify('RSA-SHA256').update(`${cbUrl}|${tampered.body}`).verify(fake.callbackPublicKey, tampered.signature, 'base64'),
  );
  assert.equal(JSON.parse(fake.callback('fail', connectionId, cbUrl).body).data.error_class, 'InvalidCredentials');

  // --- remove ---
  assert.equal((await call(`${api}/connections/${connectionId}`, { method: 'DELETE' })).body.data.removed, true);
  assert.equal((await call(`${api}/connections/${connectionId}`)).status, 404);
  assert.ok(fake.countRequests('GET', '/transactions') > 5);
  await fake.close();

  // --- the state file: connections survive a restart ---
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saltedge-fake-'));
  const stateFile = path.join(dir, 'state.json');
  const scenario = { accounts: 1, transactionsPerAccount: 5, pendingPerAccount: 0, endDate: '2025-03-04' };
  const firstRun = await startSaltEdgeFake({ port: 0, scenario, stateFile });
  const kept = await connect(firstRun.apiUrl, 'v6');
  await firstRun.close();
  const secondRun = await startSaltEdgeFake({ port: 0, scenario, stateFile });
  const after = await call(`${secondRun.apiUrl}/accounts?connection_id=${kept.connectionId}`);
  assert.equal(after.status, 200);
  assert.equal(after.body.data.length, 1);
  await secondRun.close();
  // Made on an earlier day without an end date (the dev script's case): the next day's start keeps it.
  const { endDate: _given, ...undated } = scenario;
  const thirdRun = await startSaltEdgeFake({ port: 0, scenario: undated, stateFile });
  const later = await call(`${thirdRun.apiUrl}/accounts?connection_id=${kept.connectionId}`);
  assert.equal(later.status, 200);
  assert.equal(later.body.data.length, 1);
  await thirdRun.close();
  fs.rmSync(dir, { recursive: true, force: true });

  // --- run as a script on SALTEDGE_FAKE_PORT ---
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join(__dirname, 'saltedge-server.js')], {
    env: { ...process.env, SALTEDGE_FAKE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake did not start')), 10_000);
    child.stdout.once('data', (d) => {
      clearTimeout(timer);
      resolve(String(d));
    });
    child.once('exit', (code) => reject(new Error(`the fake exited (${code})`)));
  });
  assert.match(String(line), new RegExp(`127\\.0\\.0\\.1:${port}/api/v6`));
  assert.equal((await call(`http://127.0.0.1:${port}/api/v6/countries`)).status, 200);
  child.kill('SIGTERM');

  process.stdout.write(`saltedge fake self-check passed in ${Date.now() - t0} ms\n`);
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack}\n`);
  process.exit(1);
});
