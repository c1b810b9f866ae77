// @ts-check
/**
 * Self-check for the Plaid fake: starts it, exercises every endpoint with fetch and asserts
 * the behaviour promised in plaid-server.js (reference §2, §5). Run: node tests/fakes/plaid-server.selfcheck.js
 */
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startPlaidFake } = require('./plaid-server');

const KEYS = { 'PLAID-CLIENT-ID': 'plaid-client-id', 'PLAID-SECRET': 'plaid-secret' };
const COMPLETION = 'http://localhost:9999/callback?state=st-1';

/** @param {string} base @param {string} route @param {Record<string, unknown>} body @param {Record<string, string>} [headers] */
async function post(base, route, body, headers = KEYS) {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: /** @type {any} */ (await res.json()) };
}

/** Links the fake's bank through Hosted Link: the access token. @param {any} fake */
async function link(fake, extra = {}) {
  const created = await post(fake.apiUrl, '/link/token/create', {
    client_name: 'Bank Sync',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'user-1' },
    products: ['transactions'],
    hosted_link: { completion_redirect_uri: COMPLETION },
    ...extra,
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.match(created.body.link_token, /^link-sandbox-/);
  const page = await fetch(created.body.hosted_link_url, { redirect: 'manual' });
  assert.equal(page.status, 302);
  assert.equal(page.headers.get('location'), COMPLETION);
  const got = await post(fake.apiUrl, '/link/token/get', { link_token: created.body.link_token });
  assert.equal(got.status, 200);
  const publicToken = got.body.link_sessions[0].results.item_add_results[0].public_token;
  assert.match(publicToken, /^public-sandbox-/);
  const exchanged = await post(fake.apiUrl, '/item/public_token/exchange', { public_token: publicToken });
  assert.equal(exchanged.status, 200);
  assert.match(exchanged.body.access_token, /^access-sandbox-/);
  const again = await post(fake.apiUrl, '/item/public_token/exchange', { public_token: publicToken });
  assert.equal(again.status, 400);
  assert.equal(again.body.error_code, 'INVALID_PUBLIC_TOKEN');
  return exchanged.body;
}

/** Every page of a stream from `cursor`: added, modified and removed ids, the final cursor. @param {any} fake @param {string} token @param {string} account @param {string} cursor @param {number} count */
async function readAll(fake, token, account, cursor, count) {
  const out = {
    added: /** @type {any[]} */ ([]),
    modified: /** @type {any[]} */ ([]),
    removed: /** @type {string[]} */ ([]),
    cursor,
    pages: 0,
  };
  for (;;) {
    const r = await post(fake.apiUrl, '/transactions/sync', {
      access_token: token,
      cursor: out.cursor || undefined,
      count,
      options: { account_id: account, include_original_description: true },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.pages += 1;
    out.added.push(...r.body.added);
    out.modified.push(...r.body.modified);
    out.removed.push(...r.body.removed.map((/** @type {any} */ x) => x.transaction_id));
    out.cursor = r.body.next_cursor;
    if (!r.body.has_more) return out;
  }
}

const day = (/** @type {number} */ n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const fake = await startPlaidFake({ port: 0, scenario: { accounts: 1, transactionsPerAccount: 0, pendingPerAccount: 0 } });
  try {
    // Keys: headers or body; missing and wrong ones refused with a PlaidError.
    const missing = await post(fake.apiUrl, '/institutions/search', { query: 'plat', country_codes: ['US'] }, {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error_type, 'INVALID_REQUEST');
    assert.equal(missing.body.error_code, 'MISSING_FIELDS');
    const wrong = await post(
      fake.apiUrl,
      '/institutions/search',
      { query: 'plat', country_codes: ['US'] },
      { 'PLAID-CLIENT-ID': 'plaid-client-id', 'PLAID-SECRET': 'nope' },
    );
    assert.equal(wrong.body.error_code, 'INVALID_API_KEYS');
    for (const key of ['error_type', 'error_code', 'error_message', 'display_message', 'request_id']) assert.ok(key in wrong.body, key);
    const inBody = await post(
      fake.apiUrl,
      '/institutions/search',
      { client_id: 'plaid-client-id', secret: 'plaid-secret', query: 'platypus', country_codes: ['US'], products: ['transactions'] },
      {},
    );
    assert.equal(inBody.status, 200);
    assert.deepEqual(
      inBody.body.institutions.map((/** @type {any} */ i) => i.institution_id),
      ['ins_109508'],
    );
    const get = await fetch(`${fake.apiUrl}/accounts/get`);
    assert.equal(get.status, 405);
    const byId = await post(fake.apiUrl, '/institutions/get_by_id', { institution_id: 'nope', country_codes: ['US'] });
    assert.equal(byId.body.error_code, 'INVALID_INSTITUTION');

    // A bank of one account; Link; accounts with balances and the consent end.
    const A = 'acct-A';
    fake.setBank({
      accounts: [
        {
          account_id: A,
          name: 'Checking',
          official_name: null,
          mask: '0000',
          type: 'depository',
          subtype: 'checking',
          currency: 'USD',
          balanceCents: 100_000,
        },
      ],
      txns: Array.from({ length: 7 }, (_, i) => ({
        id: `t${i + 1}`,
        account: A,
        date: day(-10 + i),
        amountCents: -(100 + i),
        label: `Purchase ${i + 1}`,
        counterparty: 'Shop',
        pending: false,
      })),
    });
    const item = await link(fake);
    const accounts = await post(fake.apiUrl, '/accounts/get', { access_token: item.access_token });
    assert.equal(accounts.body.accounts[0].balances.current, 1000);
    assert.equal(accounts.body.item.item_id, item.item_id);
    assert.ok(accounts.body.item.consent_expiration_time);
    const badToken = await post(fake.apiUrl, '/accounts/get', { access_token: 'access-sandbox-nope' });
    assert.equal(badToken.body.error_code, 'INVALID_ACCESS_TOKEN');

    // Sync: count checked, pages of `count`, amounts positive = money out, opaque cursor.
    const badCount = await post(fake.apiUrl, '/transactions/sync', { access_token: item.access_token, count: 501 });
    assert.equal(badCount.body.error_code, 'INVALID_FIELD');
    const first = await readAll(fake, item.access_token, A, '', 3);
    assert.equal(first.pages, 3);
    assert.deepEqual(
      first.added.map((t) => t.transaction_id),
      ['t1', 't2', 't3', 't4', 't5', 't6', 't7'],
    );
    assert.equal(first.added[0].amount, 1);
    assert.equal(first.added[0].original_description, 'Purchase 1');
    const nothing = await readAll(fake, item.access_token, A, first.cursor, 3);
    assert.deepEqual([nothing.added.length, nothing.modified.length, nothing.removed.length], [0, 0, 0]);

    // Pending -> posted: the pending id removed, the posted one added with pending_transaction_id; modified; removed.
    fake.addTransaction({ id: 'p1', account: A, date: day(-1), amountCents: -500, label: 'Pending', counterparty: null, pending: true });
    const withPending = await readAll(fake, item.access_token, A, first.cursor, 10);
    assert.equal(withPending.added[0].pending, true);
    fake.settle('p1', {
      id: 'p1-posted',
      account: A,
      date: day(0),
      amountCents: -500,
      label: 'Posted',
      counterparty: null,
      pending: false,
    });
    fake.modify('t1', { label: 'Purchase 1 (fixed)' });
    fake.remove('t2');
    const changes = await readAll(fake, item.access_token, A, withPending.cursor, 10);
    assert.deepEqual(
      changes.added.map((t) => [t.transaction_id, t.pending_transaction_id]),
      [['p1-posted', 'p1']],
    );
    assert.deepEqual(
      changes.modified.map((t) => [t.transaction_id, t.original_description]),
      [['t1', 'Purchase 1 (fixed)']],
    );
    assert.deepEqual(changes.removed.sort(), ['p1', 't2']);

    // Data changed between the pages of a loop: TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION; restarting from the first cursor works.
    const p1 = await post(fake.apiUrl, '/transactions/sync', { access_token: item.access_token, count: 2, options: { account_id: A } });
    assert.equal(p1.body.has_more, true);
    fake.addTransaction({ id: 'late', account: A, date: day(-3), amountCents: 900, label: 'Late', counterparty: null, pending: false });
    const p2 = await post(fake.apiUrl, '/transactions/sync', {
      access_token: item.access_token,
      count: 2,
      cursor: p1.body.next_cursor,
      options: { account_id: A },
    });
    assert.equal(p2.status, 400);
    assert.equal(p2.body.error_type, 'TRANSACTIONS_ERROR');
    assert.equal(p2.body.error_code, 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
    const restarted = await readAll(fake, item.access_token, A, '', 2);
    assert.ok(restarted.added.some((t) => t.transaction_id === 'late'));

    // ITEM_LOGIN_REQUIRED stays until update-mode Link; the access token stays the same.
    fake.failOnce({ afterPages: 0, status: 400, type: 'ITEM_ERROR', code: 'ITEM_LOGIN_REQUIRED' });
    for (let i = 0; i < 2; i += 1) {
      const r = await post(fake.apiUrl, '/transactions/sync', { access_token: item.access_token, options: { account_id: A } });
      assert.equal(r.body.error_code, 'ITEM_LOGIN_REQUIRED');
    }
    const update = await post(fake.apiUrl, '/link/token/create', {
      client_name: 'Bank Sync',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'user-1' },
      access_token: item.access_token,
      hosted_link: { completion_redirect_uri: COMPLETION },
    });
    assert.equal(update.status, 200);
    assert.equal((await fetch(update.body.hosted_link_url, { redirect: 'manual' })).status, 302);
    const session = (await post(fake.apiUrl, '/link/token/get', { link_token: update.body.link_token })).body.link_sessions[0];
    assert.ok(session.finished_at);
    assert.equal(session.results, null);
    assert.equal(
      (await post(fake.apiUrl, '/transactions/sync', { access_token: item.access_token, options: { account_id: A } })).status,
      200,
    );

    // A refused consent: the session ends with `exit`, no public token.
    fake.setScenario({ denyConsent: true });
    const refused = await post(fake.apiUrl, '/link/token/create', {
      client_name: 'Bank Sync',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      products: ['transactions'],
      hosted_link: { completion_redirect_uri: COMPLETION },
    });
    await fetch(refused.body.hosted_link_url, { redirect: 'manual' });
    const exitSession = (await post(fake.apiUrl, '/link/token/get', { link_token: refused.body.link_token })).body.link_sessions[0];
    assert.ok(exitSession.exit);
    assert.equal(exitSession.results, null);
    fake.setScenario({ denyConsent: false });

    // Rate limit: RATE_LIMIT_EXCEEDED with status 429, no Retry-After.
    fake.setScenario({ limits: { '/accounts/get': 2 } });
    const fresh = await link(fake);
    // A cursor belongs to its Item (and account): another Item's is refused.
    const foreign = await post(fake.apiUrl, '/transactions/sync', {
      access_token: fresh.access_token,
      cursor: first.cursor,
      options: { account_id: A },
    });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error_code, 'INVALID_FIELD');
    await post(fake.apiUrl, '/accounts/get', { access_token: fresh.access_token });
    await post(fake.apiUrl, '/accounts/get', { access_token: fresh.access_token });
    const limited = await fetch(`${fake.apiUrl}/accounts/get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...KEYS },
      body: JSON.stringify({ access_token: fresh.access_token }),
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), null);
    assert.equal(/** @type {any} */ (await limited.json()).error_type, 'RATE_LIMIT_EXCEEDED');

    // Webhooks: a Plaid-Verification JWT (ES256, kid) whose key /webhook_verification_key/get gives, over the body's SHA-256.
    const body = { webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE', item_id: item.item_id };
    const signed = fake.signWebhook(body);
    const [head, claims, signature] = signed.headers['Plaid-Verification'].split('.');
    const header = JSON.parse(Buffer.from(head, 'base64url').toString());
    assert.equal(header.alg, 'ES256');
    const key = await post(fake.apiUrl, '/webhook_verification_key/get', { key_id: header.kid });
    assert.equal(key.status, 200);
    const publicKey = crypto.createPublicKey({
      key: { kty: key.body.key.kty, crv: key.body.key.crv, x: key.body.key.x, y: key.body.key.y },
      format: 'jwk',
    });
    assert.ok(
      crypto.verify(
        'sha256',
        Buffer.from(`${head}.${claims}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    );
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
    assert.equal(payload.request_body_sha256, crypto.createHash('sha256').update(signed.rawBody).digest('hex'));
    assert.equal(
      (await post(fake.apiUrl, '/webhook_verification_key/get', { key_id: 'other' })).body.error_code,
      'INVALID_WEBHOOK_VERIFICATION_KEY_ID',
    );
  } finally {
    await fake.close();
  }

  // State file: an Item linked before a restart still answers after it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plaid-fake-'));
  const stateFile = path.join(dir, 'state.json');
  const one = await startPlaidFake({ port: 0, stateFile });
  const kept = await link(one);
  await one.close();
  const two = await startPlaidFake({ port: 0, stateFile });
  try {
    const r = await post(two.apiUrl, '/accounts/get', { access_token: kept.access_token });
    assert.equal(r.status, 200);
    assert.equal(r.body.item.item_id, kept.item_id);
    assert.equal(r.body.accounts.length, 2);
  } finally {
    await two.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Run directly: PLAID_FAKE_PORT (0 = a free port).
  const child = spawn(process.execPath, [path.join(__dirname, 'plaid-server.js')], { env: { ...process.env, PLAID_FAKE_PORT: '0' } });
  try {
    const line = await new Promise((resolve, reject) => {
      child.stdout.once('data', (d) => resolve(String(d)));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    assert.match(/** @type {string} */ (line), /plaid fake listening on http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    child.kill('SIGTERM');
  }
  process.stdout.write('plaid fake self-check passed\n');
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack}\n`);
  process.exit(1);
});
