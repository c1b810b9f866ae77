// @ts-check
/**
 * Self-check for the Yodlee fake: starts it, exercises every endpoint with fetch and asserts
 * the behaviour promised in yodlee-server.js (reference §4, §5). Run: node tests/fakes/yodlee-server.selfcheck.js
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startYodleeFake } = require('./yodlee-server');

const CALLBACK = 'http://localhost:9999/callback?state=st-1';
const V = { 'Api-Version': '1.1' };

/** @param {string} url @param {RequestInit} [init] */
async function call(url, init) {
  const res = await fetch(url, { redirect: 'manual', ...init });
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

/** @param {any} fake @param {string} loginName @param {{ clientId?: string, secret?: string }} [client] */
function tokenCall(fake, loginName, client = {}) {
  return call(`${fake.apiUrl}/auth/token`, {
    method: 'POST',
    headers: { ...V, loginName, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      clientId: client.clientId ?? 'yodlee-client-id',
      secret: client.secret ?? 'yodlee-client-secret',
    }).toString(),
  });
}
/** @param {any} fake @param {string} loginName @returns {Promise<string>} */
async function token(fake, loginName) {
  const answer = await tokenCall(fake, loginName);
  assert.equal(answer.status, 201);
  return answer.body.token.accessToken;
}
/** @param {string} t */
const auth = (t) => ({ headers: { ...V, Authorization: `Bearer ${t}` } });

/** The admin's browser through FastLink. @param {any} fake @param {string} t @param {Record<string, string>} extra */
async function fastlink(fake, t, extra) {
  const q = new URLSearchParams({
    accessToken: `Bearer ${t}`,
    extraParams: new URLSearchParams({ configName: 'Aggregation', callback: CALLBACK, ...extra }).toString(),
  });
  return call(`${fake.fastlinkUrl}?${q}`);
}

async function main() {
  const fake = await startYodleeFake({ host: '127.0.0.1', port: 0 });
  const api = fake.apiUrl;
  assert.match(api, /^http:\/\/127\.0\.0\.1:\d+\/ysl$/);

  // --- auth ---
  const noVersion = await call(`${api}/accounts`, { headers: { Authorization: 'Bearer x' } });
  assert.equal(noVersion.status, 400, 'Api-Version is required');
  assert.equal(noVersion.body.errorCode, 'Y800');
  assert.ok(noVersion.body.referenceCode);
  assert.equal((await tokenCall(fake, 'user1', { secret: 'wrong' })).body.errorCode, 'Y301');
  assert.equal((await tokenCall(fake, 'user1', { secret: '' })).body.errorCode, 'Y303');
  const json = await call(`${api}/auth/token`, {
    method: 'POST',
    headers: { ...V, loginName: 'u', 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal(json.status, 400, 'the token endpoint takes a form');
  const issued = await tokenCall(fake, 'user1');
  assert.equal(issued.status, 201);
  assert.equal(issued.body.token.expiresIn, 1800);
  assert.ok(issued.body.token.issuedAt);
  const user = issued.body.token.accessToken;
  assert.equal((await call(`${api}/accounts`, { headers: V })).body.errorCode, 'Y007');
  const bad = await call(`${api}/accounts`, auth('not-a-token'));
  assert.equal(bad.status, 401);
  assert.equal(bad.body.errorCode, 'Y008');

  // --- providers (institutions), with the admin token ---
  const admin = await token(fake, 'yodlee-admin');
  const providers = await call(`${api}/providers?name=dag&top=10`, auth(admin));
  assert.equal(providers.status, 200);
  assert.deepEqual(
    providers.body.provider.map((/** @type {any} */ p) => [p.id, p.status]),
    [
      [16441, 'Supported'],
      [16442, 'Beta'],
    ],
  );
  assert.deepEqual((await call(`${api}/providers?name=nothing-like-it`, auth(admin))).body, {}, 'an empty list is {}');
  assert.equal((await call(`${api}/providers?top=501`, auth(admin))).body.errorCode, 'Y804');
  assert.equal((await call(`${api}/providers/16441`, auth(admin))).body.provider[0].name, 'Dag Site');
  assert.equal((await call(`${api}/providers/1`, auth(admin))).body.errorCode, 'Y807');
  assert.equal((await call(`${api}/accounts`, auth(admin))).status, 401, 'user data needs a user token');

  // --- FastLink links the bank for the user and calls back ---
  assert.equal((await fastlink(fake, admin, { flow: 'add', providerId: '16441' })).status, 401, 'FastLink needs a user token');
  const launcher = await call(fake.fastlinkUrl);
  assert.equal(launcher.status, 200, 'without a query, the page reads the fragment in the browser');
  assert.match(launcher.body, /location\.hash/);
  assert.equal((await fastlink(fake, user, { flow: 'add', providerId: '16441', configName: '' })).status, 400);
  const linked = await fastlink(fake, user, { flow: 'add', providerId: '16441' });
  assert.equal(linked.status, 302);
  const back = new URL(String(linked.headers.get('location')));
  assert.equal(back.origin + back.pathname, 'http://localhost:9999/callback');
  assert.equal(back.searchParams.get('state'), 'st-1');
  assert.equal(back.searchParams.get('status'), 'SUCCESS');
  const providerAccountId = String(back.searchParams.get('providerAccountId'));
  assert.match(providerAccountId, /^\d+$/);

  const links = await call(`${api}/providerAccounts/${providerAccountId}`, auth(user));
  assert.equal(links.body.providerAccount[0].status, 'SUCCESS');
  assert.equal(links.body.providerAccount[0].dataset[0].updateEligibility, 'ALLOW_UPDATE');
  const other = await token(fake, 'user2');
  assert.equal((await call(`${api}/providerAccounts/${providerAccountId}`, auth(other))).body.errorCode, 'Y807', "another user's link");
  assert.deepEqual((await call(`${api}/accounts`, auth(other))).body, {}, 'a user without links has no accounts');

  // --- accounts ---
  const accounts = await call(`${api}/accounts?providerAccountId=${providerAccountId}`, auth(user));
  assert.equal(accounts.body.account.length, 2);
  const [checking, card] = accounts.body.account;
  assert.equal(checking.CONTAINER, 'bank');
  assert.equal(checking.currentBalance.currency, 'USD');
  assert.equal(card.CONTAINER, 'creditCard');
  assert.equal(card.isAsset, false);
  assert.equal((await call(`${api}/accounts?container=creditCard`, auth(user))).body.account.length, 1);

  // --- transactions: count, skip/top, newest first, Y804, filters ---
  const window = `accountId=${checking.id}&fromDate=2000-01-01&toDate=2100-01-01`;
  const count = await call(`${api}/transactions/count?${window}`, auth(user));
  const total = count.body.transaction.TOTAL.count;
  assert.equal(total, 41);
  assert.equal((await call(`${api}/transactions?${window}&top=0`, auth(user))).body.errorCode, 'Y804');
  assert.equal((await call(`${api}/transactions?${window}&top=501`, auth(user))).body.errorCode, 'Y804');
  assert.equal((await call(`${api}/transactions?accountId=abc`, auth(user))).body.errorCode, 'Y800');
  /** @type {any[]} */
  const seen = [];
  for (let skip = 0; ; skip += 10) {
    const page = await call(`${api}/transactions?${window}&skip=${skip}&top=10`, auth(user));
    const list = page.body.transaction ?? [];
    seen.push(...list);
    if (list.length < 10) break;
  }
  assert.equal(seen.length, total);
  assert.equal(new Set(seen.map((t) => t.id)).size, total, 'each transaction once across pages');
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].date >= seen[i].date, 'newest first');
  const pending = seen.filter((t) => t.status === 'PENDING');
  assert.equal(pending.length, 1);
  assert.equal(pending[0].postDate, undefined, 'a pending transaction has no post date');
  const posted = seen.find((t) => t.status === 'POSTED');
  assert.ok(['CREDIT', 'DEBIT'].includes(posted.baseType));
  assert.ok(posted.amount.amount > 0, 'amounts as the bank shows them; the sign is baseType');
  assert.ok(posted.description.original);
  const credits = await call(`${api}/transactions?${window}&baseType=CREDIT`, auth(user));
  assert.ok((credits.body.transaction ?? []).every((/** @type {any} */ t) => t.baseType === 'CREDIT'));

  // --- the pages the fake serves, faults, expiring tokens ---
  fake.setScenario({ pageMax: 5 });
  assert.equal((await call(`${api}/transactions?${window}&top=500`, auth(user))).body.transaction.length, 5);
  fake.failOnce({ afterPages: 1, status: 503, errorCode: 'Y902', errorMessage: 'Oops some issue at our end' });
  assert.equal((await call(`${api}/transactions?${window}`, auth(user))).status, 200);
  const failed = await call(`${api}/transactions?${window}&skip=5`, auth(user));
  assert.equal(failed.status, 503);
  assert.equal(failed.body.errorCode, 'Y902');
  assert.equal((await call(`${api}/transactions?${window}&skip=5`, auth(user))).status, 200, 'once');
  fake.expireTokensAfterPages(1);
  await call(`${api}/transactions?${window}`, auth(user));
  assert.equal((await call(`${api}/transactions?${window}`, auth(user))).body.errorCode, 'Y008');
  const fresh = await token(fake, 'user1');
  fake.setScenario({ rateLimitNext: 1, retryAfterSeconds: 7 });
  const limited = await call(`${api}/accounts`, auth(fresh));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal((await call(`${api}/accounts`, auth(fresh))).status, 200);

  // --- refresh: eligibility, IN_PROGRESS -> SUCCESS ---
  const refresh = await call(`${api}/providerAccounts?providerAccountIds=${providerAccountId}`, { method: 'PUT', ...auth(fresh) });
  assert.equal(refresh.body.providerAccount[0].status, 'IN_PROGRESS');
  assert.equal((await call(`${api}/providerAccounts/${providerAccountId}`, auth(fresh))).body.providerAccount[0].status, 'IN_PROGRESS');
  assert.equal((await call(`${api}/providerAccounts/${providerAccountId}`, auth(fresh))).body.providerAccount[0].status, 'SUCCESS');
  fake.setLinkStatus(Number(providerAccountId), { status: 'FAILED', additionalStatus: 'CONSENT_EXPIRED' });
  const expired = await call(`${api}/providerAccounts/${providerAccountId}`, auth(fresh));
  assert.equal(expired.body.providerAccount[0].dataset[0].additionalStatus, 'CONSENT_EXPIRED');

  // --- FastLink edit repairs the link; closed and failed FastLink ---
  const edited = await fastlink(fake, fresh, { flow: 'edit', providerAccountId });
  assert.equal(new URL(String(edited.headers.get('location'))).searchParams.get('providerAccountId'), providerAccountId);
  assert.equal((await call(`${api}/providerAccounts/${providerAccountId}`, auth(fresh))).body.providerAccount[0].status, 'SUCCESS');
  fake.setScenario({ fastlink: 'closed' });
  const closed = await fastlink(fake, fresh, { flow: 'add', providerId: '16441' });
  assert.equal(new URL(String(closed.headers.get('location'))).searchParams.get('status'), 'ACTION_ABANDONED');
  await fake.close();

  // --- state file: users, links and tokens survive a restart ---
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yodlee-fake-')), 'state.json');
  const first = await startYodleeFake({ port: 0, stateFile: file });
  const kept = await token(first, 'keeper');
  const again = await fastlink(first, kept, { flow: 'add', providerId: '21' });
  const keptLink = new URL(String(again.headers.get('location'))).searchParams.get('providerAccountId');
  await first.close();
  const second = await startYodleeFake({ port: 0, stateFile: file });
  const reread = await call(`${second.apiUrl}/providerAccounts/${keptLink}`, auth(kept));
  assert.equal(reread.status, 200, 'token and link kept');
  assert.equal(reread.body.providerAccount[0].providerId, 21);
  await second.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  process.stdout.write('yodlee fake self-check passed\n');
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack}\n`);
  process.exit(1);
});
