// @ts-check
/**
 * Self-check for the Ponto Connect fake: starts it, exercises every endpoint with fetch and
 * asserts the behaviour promised in ponto-server.js. Run: node tests/fakes/ponto-server.selfcheck.js
 */
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startPontoFake } = require('./ponto-server');

const CLIENT = 'ponto-client-id';
const SECRET = 'ponto-client-secret';
const BASIC = 'Basic ' + Buffer.from(`${CLIENT}:${SECRET}`).toString('base64');
const REDIRECT = 'http://localhost:9999/callback';

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
/** @param {string} token */
const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
/** @param {Record<string, string>} form @param {string} [auth] */
const formPost = (form, auth = BASIC) => ({
  method: 'POST',
  headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(form).toString(),
});
/** @param {string} token @param {unknown} body */
const jsonPost = (token, body) => ({
  method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Runs the browser consent page and the code exchange. @param {any} fake */
async function authorize(fake) {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'offline_access ai pi',
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const consent = await call(`${fake.authorizationUrl}?${q}`);
  assert.equal(consent.status, 302);
  const location = new URL(String(consent.headers.get('location')));
  assert.equal(location.origin + location.pathname, REDIRECT);
  assert.equal(location.searchParams.get('state'), 'st-1');
  const code = String(location.searchParams.get('code'));
  return { verifier, challenge, code, q };
}

async function main() {
  const t0 = Date.now();
  const fake = await startPontoFake({
    host: '127.0.0.1',
    port: 0,
    scenario: { transactionsPerAccount: 25, pendingPerAccount: 3, endDate: '2025-03-04', days: 10 },
  });
  const api = fake.apiUrl;
  assert.match(api, /^http:\/\/127\.0\.0\.1:\d+\/ponto-connect$/);
  assert.match(fake.authorizationUrl, /^http:\/\/127\.0\.0\.1:\d+\/oauth2\/auth$/);

  // --- financial institutions (public, paging, filter) ---
  const fi = await call(`${api}/financial-institutions?page[limit]=5`);
  assert.equal(fi.status, 200);
  assert.ok(fi.headers.get('ibanity-request-id'));
  assert.match(String(fi.headers.get('content-type')), /application\/vnd\.api\+json/);
  assert.equal(fi.body.data.length, 5);
  assert.equal(fi.body.data[0].type, 'financialInstitution');
  assert.deepEqual(fi.body.meta.paging, { limit: 5, before: null, after: null });
  assert.equal(fi.body.links.prev, undefined);
  const fi2 = await call(fi.body.links.next);
  assert.equal(fi2.body.data.length, 5);
  assert.ok(fi2.body.links.prev && fi2.body.links.next);
  const fiBack = await call(fi2.body.links.prev);
  assert.deepEqual(
    fiBack.body.data.map((/** @type {any} */ d) => d.id),
    fi.body.data.map((/** @type {any} */ d) => d.id),
  );
  const allFi = (await call(`${api}/financial-institutions?page[limit]=50`)).body.data;
  assert.equal(allFi.length, 12);
  assert.equal(allFi.filter((/** @type {any} */ d) => d.attributes.status === 'beta').length, 2);
  assert.equal(allFi.filter((/** @type {any} */ d) => d.attributes.deprecated).length, 1);
  assert.deepEqual(new Set(allFi.map((/** @type {any} */ d) => d.attributes.country)), new Set(['BE', 'NL', 'FR', 'DE']));
  const filtered = await call(`${api}/financial-institutions?filter[name][contains]=BEL`);
  assert.deepEqual(filtered.body.data.map((/** @type {any} */ d) => d.attributes.name).sort(), ['Belfius', 'ING Belgium']);
  assert.equal((await call(`${api}/financial-institutions/${allFi[0].id}`)).body.data.id, allFi[0].id);
  assert.equal((await call(`${api}/financial-institutions?page[limit]=0`)).status, 400);

  // --- consent page ---
  const badClient = await call(
    `${fake.authorizationUrl}?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&code_challenge=x&code_challenge_method=S256`,
  );
  assert.equal(badClient.status, 400);
  const plain = await call(
    `${fake.authorizationUrl}?client_id=${CLIENT}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&code_challenge=x&code_challenge_method=plain`,
  );
  assert.equal(plain.status, 400);
  fake.setScenario({ denyConsent: true });
  const denied = await call(
    `${fake.authorizationUrl}?client_id=${CLIENT}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&code_challenge=x&code_challenge_method=S256&state=s9`,
  );
  const deniedLoc = new URL(String(denied.headers.get('location')));
  assert.equal(deniedLoc.searchParams.get('error'), 'access_denied');
  assert.equal(deniedLoc.searchParams.get('state'), 's9');
  assert.equal(deniedLoc.searchParams.get('code'), null);
  fake.setScenario({ denyConsent: false });

  // --- token endpoint ---
  const { verifier, code } = await authorize(fake);
  const tokenUrl = `${api}/oauth2/token`;
  const exchange = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT, code_verifier: verifier };
  const wrongSecret = await call(tokenUrl, formPost(exchange, 'Basic ' + Buffer.from(`${CLIENT}:bad`).toString('base64')));
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, 'invalid_client');
  assert.equal(
    (await call(tokenUrl, { ...formPost(exchange), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status,
    401,
  );
  const badVerifier = await call(tokenUrl, formPost({ ...exchange, code_verifier: 'x'.repeat(43) }));
  assert.equal(badVerifier.status, 400);
  assert.equal(badVerifier.body.error, 'invalid_grant');
  assert.equal((await call(tokenUrl, formPost({ ...exchange, redirect_uri: 'http://localhost:9999/other' }))).body.error, 'invalid_grant');
  const tok = await call(tokenUrl, formPost(exchange));
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  assert.match(String(tok.headers.get('content-type')), /json/);
  assert.equal(tok.body.expires_in, 1799);
  assert.equal(tok.body.token_type, 'bearer');
  assert.equal(tok.body.scope, 'offline_access ai pi');
  assert.ok(tok.body.access_token && tok.body.refresh_token);
  const reused = await call(tokenUrl, formPost(exchange));
  assert.equal(reused.status, 400);
  assert.equal(reused.body.error, 'invalid_grant');
  assert.equal((await call(tokenUrl, formPost({ grant_type: 'password' }))).body.error, 'unsupported_grant_type');
  const cc = await call(tokenUrl, formPost({ grant_type: 'client_credentials' }));
  assert.equal(cc.status, 200);
  assert.equal(cc.body.refresh_token, undefined);
  let access = tok.body.access_token;
  assert.equal(fake.tokens.accessTokens.get(access)?.clientId, CLIENT);

  // --- auth on API ---
  const noTok = await call(`${api}/accounts`);
  assert.equal(noTok.status, 401);
  assert.equal(noTok.body.errors[0].code, 'unauthorized');
  assert.equal((await call(`${api}/accounts`, bearer('garbage'))).status, 401);
  const me = await call(`${api}/userinfo`, bearer(access));
  assert.equal(me.status, 200);
  assert.ok(me.body.sub);

  // --- accounts ---
  const accs = await call(`${api}/accounts`, bearer(access));
  assert.equal(accs.status, 200);
  assert.equal(accs.body.data.length, 2);
  const acc = accs.body.data[0];
  assert.equal(acc.type, 'account');
  assert.match(acc.attributes.reference, /^BE\d{14}$/);
  assert.equal(acc.attributes.referenceType, 'IBAN');
  assert.equal(acc.attributes.currency, 'EUR');
  assert.equal(acc.attributes.subtype, 'checking');
  assert.equal(acc.attributes.description, 'Ponto account 1');
  assert.equal(acc.attributes.holderName, 'ACME SRL');
  assert.equal(typeof acc.attributes.currentBalance, 'number');
  assert.equal(Math.round(acc.attributes.currentBalance * 100), acc.attributes.currentBalance * 100);
  const expiryDays = (Date.parse(acc.attributes.authorizationExpirationExpectedAt) - Date.now()) / 86400000;
  assert.ok(expiryDays > 89.9 && expiryDays <= 90);
  assert.equal(acc.meta.availability, 'available');
  assert.equal(acc.meta.latestSynchronization.type, 'synchronization');
  assert.equal(acc.relationships.transactions.links.related, `${api}/accounts/${acc.id}/transactions`);
  assert.equal((await call(`${api}/accounts/${acc.id}`, bearer(access))).body.data.id, acc.id);
  const missing = await call(`${api}/accounts/00000000-0000-4000-8000-000000000000`, bearer(access));
  assert.equal(missing.status, 404);
  assert.equal(missing.body.errors[0].code, 'resourceNotFound');
  assert.equal((await call(`${api}/accounts/nope/transactions`, bearer(access))).status, 404);

  // --- transactions: paging forward with links.next ---
  const txUrl = `${api}/accounts/${acc.id}/transactions`;
  /** @type {any[]} */
  const all = [];
  let next = `${txUrl}?page[limit]=10`;
  let pages = 0;
  while (next) {
    const page = await call(next, bearer(access));
    assert.equal(page.status, 200);
    assert.equal(page.body.meta.paging.limit, 10);
    assert.ok(page.body.meta.synchronizedAt);
    assert.equal(page.body.links.first, `${txUrl}?page[limit]=10`);
    all.push(...page.body.data);
    next = page.body.links.next;
    pages++;
  }
  assert.equal(pages, 3);
  assert.equal(all.length, 25);
  assert.equal(new Set(all.map((t) => t.id)).size, 25);
  for (let i = 1; i < all.length; i++) {
    assert.ok(all[i - 1].attributes.executionDate >= all[i].attributes.executionDate, 'newest first');
  }
  for (const [i, t] of all.entries()) {
    const a = t.attributes;
    assert.equal(t.type, 'transaction');
    assert.equal(t.relationships.account.data.id, acc.id);
    assert.notEqual(a.amount, 0);
    assert.equal(Math.round(a.amount * 100) / 100, a.amount);
    assert.match(a.executionDate, /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    assert.match(a.valueDate, /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    assert.ok(a.executionDate >= '2025-02-23' && a.executionDate.slice(0, 10) <= '2025-03-04', `in window: ${a.executionDate}`);
    assert.equal(a.currency, 'EUR');
    assert.equal(a.bankTransactionCode, 'PMNT-ICDT-ESCT');
    assert.match(a.counterpartReference, /^BE\d{14}$/);
    if (a.remittanceInformationType === 'structured') assert.match(a.remittanceInformation, /^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    else assert.match(a.remittanceInformation, /^Invoice \d+$/);
    assert.ok(a.digest && a.internalReference && a.endToEndId && a.createdAt && a.updatedAt, `fields ${i}`);
  }
  assert.equal(all.filter((t) => t.attributes.remittanceInformationType === 'structured').length, 5);
  // Back with links.prev and page[before].
  const p2 = await call(`${txUrl}?page[limit]=10&page[after]=${all[9].id}`, bearer(access));
  assert.deepEqual(
    p2.body.data.map((/** @type {any} */ t) => t.id),
    all.slice(10, 20).map((t) => t.id),
  );
  assert.deepEqual(p2.body.meta.paging, { limit: 10, before: null, after: all[9].id });
  assert.equal(p2.body.links.prev, `${txUrl}?page[limit]=10&page[before]=${all[10].id}`);
  assert.equal(p2.body.links.next, `${txUrl}?page[limit]=10&page[after]=${all[19].id}`);
  const before = await call(`${txUrl}?page[limit]=3&page[before]=${all[12].id}`, bearer(access));
  assert.deepEqual(
    before.body.data.map((/** @type {any} */ t) => t.id),
    all.slice(9, 12).map((t) => t.id),
  );
  const top = await call(`${txUrl}?page[limit]=3&page[before]=${all[0].id}`, bearer(access));
  assert.deepEqual(top.body.data, []);
  assert.equal(top.body.links.prev, undefined);
  // Bare spelling produces bare links.
  const bare = await call(`${txUrl}?limit=4&after=${all[3].id}`, bearer(access));
  assert.deepEqual(
    bare.body.data.map((/** @type {any} */ t) => t.id),
    all.slice(4, 8).map((t) => t.id),
  );
  assert.equal(bare.body.links.next, `${txUrl}?limit=4&after=${all[7].id}`);
  assert.equal(bare.body.links.prev, `${txUrl}?limit=4&before=${all[4].id}`);
  assert.equal(bare.body.links.first, `${txUrl}?limit=4`);
  assert.equal((await call(`${txUrl}?page[after]=unknown-id`, bearer(access))).status, 400);
  // Default limit and clamping.
  assert.equal((await call(txUrl, bearer(access))).body.data.length, 10);
  assert.equal((await call(`${txUrl}?page[limit]=500`, bearer(access))).body.meta.paging.limit, 100);
  fake.setScenario({ pageMax: 7 });
  assert.equal((await call(`${txUrl}?page[limit]=500`, bearer(access))).body.data.length, 7);
  fake.setScenario({ pageMax: 100 });
  assert.equal((await call(`${txUrl}/${all[0].id}`, bearer(access))).body.data.id, all[0].id);

  // --- pending transactions ---
  const pend = await call(`${api}/accounts/${acc.id}/pending-transactions?page[limit]=2`, bearer(access));
  assert.equal(pend.status, 200);
  assert.equal(pend.body.data.length, 2);
  assert.equal(pend.body.data[0].type, 'pendingTransaction');
  assert.equal(pend.body.data[0].attributes.executionDate, '2025-03-04T00:00:00.000Z');
  assert.equal(pend.body.links.next, `${api}/accounts/${acc.id}/pending-transactions?page[limit]=2&page[after]=${pend.body.data[1].id}`);
  assert.ok(!all.some((t) => t.id === pend.body.data[0].id));
  const pendOne = await call(`${api}/accounts/${acc.id}/pending-transactions/${pend.body.data[0].id}`, bearer(access));
  assert.equal(pendOne.body.data.type, 'pendingTransaction');

  // --- addTransactions: incremental fetch with page[before] ---
  const newIds = fake.addTransactions(acc.id, 3);
  assert.equal(newIds.length, 3);
  const inc = await call(`${txUrl}?page[limit]=10&page[before]=${all[0].id}`, bearer(access));
  assert.deepEqual(
    inc.body.data.map((/** @type {any} */ t) => t.id),
    [...newIds].reverse(),
  );
  assert.equal(inc.body.links.prev, undefined);
  const head = await call(`${txUrl}?page[limit]=1`, bearer(access));
  assert.equal(head.body.data[0].id, newIds[2]);
  const inc2 = await call(`${txUrl}?page[limit]=2&page[before]=${all[0].id}`, bearer(access));
  assert.deepEqual(
    inc2.body.data.map((/** @type {any} */ t) => t.id),
    [newIds[1], newIds[0]],
  );
  assert.ok(inc2.body.links.prev);
  assert.throws(() => fake.addTransactions('nope', 1));

  // --- failAtPage ---
  fake.setScenario({ failAtPage: 2 });
  assert.equal((await call(txUrl, bearer(access))).status, 200);
  const failed = await call(txUrl, bearer(access));
  assert.equal(failed.status, 500);
  assert.equal(failed.body.errors[0].code, 'internalServerError');
  assert.equal((await call(txUrl, bearer(access))).status, 200);
  fake.setScenario({ failAtPage: 1, failStatus: 503 });
  assert.equal((await call(txUrl, bearer(access))).status, 503);
  fake.setScenario({ failAtPage: 1, failWith: 'html' });
  const html = await call(txUrl, bearer(access));
  assert.equal(html.status, 200);
  assert.match(String(html.headers.get('content-type')), /^text\/html/);
  assert.match(html.body, /^<html>/);
  assert.equal((await call(txUrl, bearer(access))).status, 200, 'only page failAtPage');
  fake.setScenario({ failAtPage: 1, failWith: 'not-array' });
  const notList = await call(txUrl, bearer(access));
  assert.equal(notList.status, 200);
  assert.ok(notList.body.data && !Array.isArray(notList.body.data));
  fake.setScenario({ failAtPage: null, failWith: 'error' });

  // --- addTransactions with replaced attributes ---
  const [odd] = fake.addTransactions(acc.id, 1, { remittanceInformation: { not: 'a string' } });
  const oddRead = await call(`${txUrl}/${odd}`, bearer(access));
  assert.deepEqual(oddRead.body.data.attributes.remittanceInformation, { not: 'a string' });
  assert.equal(typeof oddRead.body.data.attributes.amount, 'number', 'other attributes as generated');

  // --- rate limiting ---
  fake.setScenario({ rateLimitNext: 2 });
  const limited = await call(`${api}/accounts`, bearer(access));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '30');
  assert.equal(limited.body.errors[0].code, 'tooManyRequests');
  assert.equal((await call(tokenUrl, formPost({ grant_type: 'client_credentials' }))).status, 200, 'token endpoint exempt');
  assert.equal((await call(`${api}/financial-institutions`)).status, 429);
  assert.equal(fake.scenario.rateLimitNext, 0);
  assert.equal((await call(`${api}/accounts`, bearer(access))).status, 200);

  // --- latency ---
  fake.setScenario({ latencyMs: 150 });
  const started = Date.now();
  await call(`${api}/accounts`, bearer(access));
  assert.ok(Date.now() - started >= 140);
  fake.setScenario({ latencyMs: 0 });

  // --- token expiry, refresh rotation, revoke ---
  fake.expireAccessTokens();
  assert.equal((await call(`${api}/accounts`, bearer(access))).status, 401);
  const refreshed = await call(
    tokenUrl,
    formPost({ grant_type: 'refresh_token', refresh_token: tok.body.refresh_token, client_id: CLIENT }),
  );
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.body.refresh_token, tok.body.refresh_token);
  assert.equal(fake.tokens.refreshTokens.get(tok.body.refresh_token)?.valid, false);
  const reuse = await call(tokenUrl, formPost({ grant_type: 'refresh_token', refresh_token: tok.body.refresh_token }));
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error, 'invalid_grant');
  access = refreshed.body.access_token;
  assert.equal((await call(`${api}/accounts`, bearer(access))).status, 200);
  fake.setScenario({ accessTokenTtl: 1 });
  const shortLived = (await call(tokenUrl, formPost({ grant_type: 'client_credentials' }))).body;
  assert.equal(shortLived.expires_in, 1);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await call(`${api}/accounts`, bearer(shortLived.access_token))).status, 401);
  fake.setScenario({ accessTokenTtl: 1799 });
  const revoked = await call(`${api}/oauth2/revoke`, formPost({ token: refreshed.body.refresh_token }));
  assert.equal(revoked.status, 200);
  assert.deepEqual(revoked.body, {});
  assert.equal((await call(tokenUrl, formPost({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token }))).status, 400);

  // --- synchronizations ---
  const syncBody = (/** @type {Record<string, unknown>} */ attrs) => ({
    data: {
      type: 'synchronization',
      attributes: {
        resourceType: 'account',
        resourceId: acc.id,
        subtype: 'accountTransactions',
        customerIpAddress: '203.0.113.7',
        ...attrs,
      },
    },
  });
  const created = await call(`${api}/synchronizations`, jsonPost(access, syncBody({})));
  assert.equal(created.status, 201);
  assert.equal(created.body.data.attributes.status, 'pending');
  assert.deepEqual(created.body.data.attributes.errors, []);
  assert.ok(
    created.body.data.relationships.updatedTransactions.links.related.endsWith(
      `/synchronizations/${created.body.data.id}/updated-transactions`,
    ),
  );
  const syncUrl = `${api}/synchronizations/${created.body.data.id}`;
  assert.equal((await call(syncUrl, bearer(access))).body.data.attributes.status, 'running');
  assert.equal((await call(syncUrl, bearer(access))).body.data.attributes.status, 'success');
  assert.equal((await call(syncUrl, bearer(access))).body.data.attributes.status, 'success');
  const afterSync = (await call(`${api}/accounts/${acc.id}`, bearer(access))).body.data;
  assert.equal(afterSync.meta.latestSynchronization.id, created.body.data.id);
  const invalid = await call(`${api}/synchronizations`, jsonPost(access, syncBody({ subtype: 'everything' })));
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.errors[0].meta.attribute, 'subtype');
  assert.equal((await call(`${api}/synchronizations`, jsonPost(access, { nope: 1 }))).status, 400);
  fake.setScenario({ sync: 'error', syncPolls: 1 });
  const errSync = await call(`${api}/synchronizations`, jsonPost(access, syncBody({})));
  const errPoll = await call(`${api}/synchronizations/${errSync.body.data.id}`, bearer(access));
  assert.equal(errPoll.body.data.attributes.status, 'error');
  assert.equal(errPoll.body.data.attributes.errors[0].code, 'authorizationInvalid');
  assert.equal(errPoll.body.data.attributes.errors[0].meta.financialInstitutionResponse.statusCode, 401);
  assert.equal((await call(`${api}/accounts/${acc.id}`, bearer(access))).body.data.meta.latestSynchronization.attributes.status, 'error');
  fake.setScenario({ sync: 'recent' });
  const recent = await call(`${api}/synchronizations`, jsonPost(access, syncBody({})));
  assert.equal(recent.status, 400);
  assert.equal(recent.body.errors[0].code, 'accountRecentlySynchronized');
  fake.setScenario({ sync: 'success', syncPolls: 2 });
  assert.equal((await call(`${api}/synchronizations/unknown`, bearer(access))).status, 404);

  // --- consent expiry and reauthorization ---
  fake.setScenario({ consentDays: -3 });
  const expired = (await call(`${api}/accounts/${acc.id}`, bearer(access))).body.data;
  assert.ok(Date.parse(expired.attributes.authorizationExpirationExpectedAt) < Date.now());
  const reauth = await call(
    `${api}/accounts/${acc.id}/reauthorization-requests`,
    jsonPost(access, { data: { type: 'reauthorizationRequest', attributes: { redirectUri: 'http://localhost:9999/reauth-done' } } }),
  );
  assert.equal(reauth.status, 201);
  assert.equal(reauth.body.data.type, 'reauthorizationRequest');
  const redirectLink = reauth.body.data.links.redirect;
  assert.ok(redirectLink.startsWith(fake.apiUrl.replace('/ponto-connect', '/reauthorize?account=')));
  const reauthPage = await call(redirectLink);
  assert.equal(reauthPage.status, 302);
  assert.equal(reauthPage.headers.get('location'), 'http://localhost:9999/reauth-done');
  const renewed = (await call(`${api}/accounts/${acc.id}`, bearer(access))).body.data;
  const renewedDays = (Date.parse(renewed.attributes.authorizationExpirationExpectedAt) - Date.now()) / 86400000;
  assert.ok(renewedDays > 179.9 && renewedDays <= 180);
  assert.equal((await call(`${api}/accounts/${acc.id}/reauthorization-requests`, jsonPost(access, { data: {} }))).status, 400);

  // --- unknown routes, request log ---
  const unknown = await call(`${api}/nothing-here`, bearer(access));
  assert.equal(unknown.status, 404);
  assert.ok(Array.isArray(unknown.body.errors));
  assert.equal((await call(`${api.replace('/ponto-connect', '')}/elsewhere`)).status, 404);
  fake.clearRequests();
  await call(`${txUrl}?page[limit]=2`, bearer(access));
  assert.equal(fake.countRequests('GET', '/transactions'), 1);
  assert.equal(fake.countRequests('GET', /\/accounts\/[^/]+\/transactions$/), 1);
  assert.equal(fake.countRequests('POST', '/transactions'), 0);
  assert.equal(fake.countRequests('GET', '/pending-transactions'), 0);
  assert.deepEqual(fake.requests, [
    {
      method: 'GET',
      path: `/ponto-connect/accounts/${acc.id}/transactions`,
      query: { 'page[limit]': '2' },
      authorization: `Bearer ${access}`,
    },
  ]);

  // --- webhooks: published keys (JWKS), RS512 JWT over the body's SHA-512 ---
  fake.clearRequests();
  const jwks = await call(`${api}/webhooks/keys`);
  assert.equal(jwks.status, 200);
  assert.equal(fake.countRequests('GET', '/webhooks/keys'), 1, 'public, counted');
  assert.equal(jwks.body.keys.length, 1);
  const published = jwks.body.keys[0];
  assert.deepEqual([published.kty, published.alg, published.use], ['RSA', 'RS512', 'sig']);
  const hook = fake.webhook('pontoConnect.account.transactionsCreated', acc.id, { audience: 'app-1' });
  assert.equal(JSON.parse(hook.body).data.relationships.account.data.id, acc.id);
  const [hHead, hPayload, hSig] = hook.signature.split('.');
  const header = JSON.parse(Buffer.from(hHead, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(hPayload, 'base64url').toString());
  assert.deepEqual([header.alg, header.kid], ['RS512', published.kid]);
  assert.equal(claims.aud, 'app-1');
  assert.equal(claims.digest, crypto.createHash('sha512').update(hook.body).digest('base64'));
  const publicKey = crypto.createPublicKey({ key: published, format: 'jwk' });
  assert.ok(crypto.verify('sha512', Buffer.from(`${hHead}.${hPayload}`), publicKey, Buffer.from(hSig, 'base64url')));
  const stranger = fake.webhook('pontoConnect.account.transactionsCreated', acc.id, { unknownKey: true });
  const [sHead, sPayload, sSig] = stranger.signature.split('.');
  const strangerKid = JSON.parse(Buffer.from(sHead, 'base64url').toString()).kid;
  assert.notEqual(strangerKid, published.kid, 'an unpublished key id');
  assert.ok(!crypto.verify('sha512', Buffer.from(`${sHead}.${sPayload}`), publicKey, Buffer.from(sSig, 'base64url')));
  const tampered = fake.webhook('pontoConnect.account.transactionsCreated', acc.id, { tamper: true }).signature.split('.');
  assert.ok(!crypto.verify('sha512', Buffer.from(`${tampered[0]}.${tampered[1]}`), publicKey, Buffer.from(tampered[2], 'base64url')));

  // --- determinism and regeneration ---
  const twin = await startPontoFake({ scenario: { transactionsPerAccount: 25, pendingPerAccount: 3, endDate: '2025-03-04', days: 10 } });
  const twinTok = (await call(`${twin.apiUrl}/oauth2/token`, formPost({ grant_type: 'client_credentials' }))).body.access_token;
  const twinTx = (await call(`${twin.apiUrl}/accounts/${acc.id}/transactions?page[limit]=100`, bearer(twinTok))).body.data;
  assert.deepEqual(
    twinTx.map((/** @type {any} */ t) => [t.id, t.attributes.amount, t.attributes.executionDate, t.attributes.digest]),
    all.map((t) => [t.id, t.attributes.amount, t.attributes.executionDate, t.attributes.digest]),
  );
  twin.setScenario({ seed: 2, accounts: 3 });
  const reseeded = (await call(`${twin.apiUrl}/accounts`, bearer(twinTok))).body.data;
  assert.equal(reseeded.length, 3);
  assert.ok(!reseeded.some((/** @type {any} */ a) => a.id === acc.id));
  await twin.close();

  // --- default scenario sizes ---
  const defaults = await startPontoFake();
  const dTok = (await call(`${defaults.apiUrl}/oauth2/token`, formPost({ grant_type: 'client_credentials' }))).body.access_token;
  const dAcc = (await call(`${defaults.apiUrl}/accounts`, bearer(dTok))).body.data;
  assert.equal(dAcc.length, 2);
  const dTx = await call(`${defaults.apiUrl}/accounts/${dAcc[0].id}/transactions?page[limit]=100`, bearer(dTok));
  assert.equal(dTx.body.data.length, 100);
  assert.equal(dTx.body.data[0].attributes.executionDate.slice(0, 10) <= new Date().toISOString().slice(0, 10), true);
  const dTx2 = await call(dTx.body.links.next, bearer(dTok));
  assert.equal(dTx2.body.data.length, 20);
  assert.equal(dTx2.body.links.next, undefined);
  await defaults.close();

  // --- close resolves promptly with keep-alive connections open ---
  const closeStart = Date.now();
  await fake.close();
  assert.ok(Date.now() - closeStart < 1000, 'close() is prompt');

  // --- direct run ---
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'ponto-server.js')], { env: { ...process.env, PONTO_FAKE_PORT: '0' } });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('direct run timed out'));
    }, 5000);
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const m = /^ponto fake listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (!m) return;
      try {
        assert.equal((await call(`${m[1]}/ponto-connect/financial-institutions`)).status, 200);
        child.kill('SIGTERM');
      } catch (err) {
        reject(err);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(null);
      else reject(new Error(`exit ${code}`));
    });
  });

  console.log(`ponto fake self-check passed (${Date.now() - t0} ms)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
