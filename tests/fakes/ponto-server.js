// @ts-check
/**
 * Local fake of the Ponto Connect API (Ibanity), for tests and the dev script.
 * Follows /work/shared/reference/provider-apis.md §1: OAuth2 code + PKCE, JSON:API resources,
 * newest-first cursor paging (page[limit]/page[before]/page[after] and bare limit/before/after),
 * synchronizations, reauthorization requests and JSON:API / OAuth2 error documents.
 * Plain HTTP on loopback; only Node built-ins. Start with `startPontoFake()` or run this file directly.
 * Beyond the API, tests steer it (setScenario, addTransactions, expireAccessTokens, webhook) and read
 * what it was asked (requests, countRequests).
 */
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { URL, URLSearchParams } = require('node:url');

const PREFIX = '/ponto-connect';
const DAY_MS = 24 * 60 * 60 * 1000;
const JSONAPI = 'application/vnd.api+json';

/**
 * @typedef {Object} Scenario
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {number} seed
 * @property {number} accounts
 * @property {number} transactionsPerAccount
 * @property {number} pendingPerAccount
 * @property {string} endDate YYYY-MM-DD
 * @property {number} days
 * @property {number} pageMax
 * @property {number | null} failAtPage
 * @property {number} failStatus
 * @property {'error' | 'html' | 'not-array'} failWith how page failAtPage fails: an error document with
 *   failStatus (default), or a 200 that is no JSON:API list (an HTML page, `data` an object), as proxies and outages answer
 * @property {number} rateLimitNext
 * @property {number} retryAfterSeconds
 * @property {number} latencyMs
 * @property {number} accessTokenTtl
 * @property {'success' | 'error' | 'recent'} sync
 * @property {number} syncPolls
 * @property {number} consentDays
 * @property {boolean} denyConsent
 *
 * @typedef {{ id: string, seq: number, type: 'transaction' | 'pendingTransaction', attributes: Record<string, unknown> }} Txn
 * @typedef {{ type: 'synchronization', id: string, attributes: Record<string, unknown> }} SyncResource
 * @typedef {{ id: string, attributes: Record<string, unknown>, balanceCents: number, pendingCents: number,
 *   settled: Txn[], pending: Txn[], nextSeq: number, synchronizedAt: string, latestSynchronization: SyncResource,
 *   financialInstitutionId: string }} Account
 * @typedef {{ resource: SyncResource, polls: number, outcome: 'success' | 'error' }} SyncState
 * @typedef {{ method: string, path: string, query: Record<string, string>, authorization: string | null }} LoggedRequest
 * @typedef {{ req: http.IncomingMessage, res: http.ServerResponse, url: URL, params: string[] }} Ctx
 */

/** @returns {Scenario} */
function defaultScenario() {
  return {
    clientId: 'ponto-client-id',
    clientSecret: 'ponto-client-secret',
    seed: 1,
    accounts: 2,
    transactionsPerAccount: 120,
    pendingPerAccount: 2,
    endDate: new Date().toISOString().slice(0, 10),
    days: 60,
    pageMax: 100,
    failAtPage: null,
    failStatus: 500,
    failWith: 'error',
    rateLimitNext: 0,
    retryAfterSeconds: 30,
    latencyMs: 0,
    accessTokenTtl: 1799,
    sync: 'success',
    syncPolls: 2,
    consentDays: 90,
    denyConsent: false,
  };
}
const DATA_KEYS = ['accounts', 'transactionsPerAccount', 'pendingPerAccount', 'endDate', 'days', 'seed'];

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/** @param {...(string | number)} parts */
const sha256Hex = (...parts) => crypto.createHash('sha256').update(parts.join(':')).digest('hex');

/** UUID-v4-shaped id derived from the parts. @param {...(string | number)} parts */
function uuidFrom(...parts) {
  const h = sha256Hex('ponto-fake', ...parts);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32 PRNG seeded from the parts. @param {...(string | number)} parts @returns {() => number} */
function makeRng(...parts) {
  let a = parseInt(sha256Hex('rng', ...parts).slice(0, 8), 16);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** @param {() => number} rng @param {number} min @param {number} max inclusive */
const randInt = (rng, min, max) => min + Math.floor(rng() * (max - min + 1));

/** @param {string} digits */
function mod97(digits) {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}
/** Digits taken from a hash of the parts. @param {number} n @param {...(string | number)} parts */
const digitsFrom = (n, ...parts) =>
  BigInt('0x' + sha256Hex('digits', ...parts))
    .toString()
    .slice(0, n);

/** Valid Belgian IBAN (BEkk bbbc cccc ccxx) without spaces. @param {...(string | number)} parts */
function belgianIban(...parts) {
  const ten = digitsFrom(10, ...parts);
  const bban = ten + String(mod97(ten) || 97).padStart(2, '0');
  const check = 98 - mod97(bban + '111400'); // "BE00" -> B=11, E=14
  return `BE${String(check).padStart(2, '0')}${bban}`;
}
/** Belgian structured communication +++ddd/dddd/dddcc+++. @param {...(string | number)} parts */
function structuredReference(...parts) {
  const ten = digitsFrom(10, ...parts);
  const d = ten + String(mod97(ten) || 97).padStart(2, '0');
  return `+++${d.slice(0, 3)}/${d.slice(3, 7)}/${d.slice(7)}+++`;
}
/** @param {string} ymd @param {number} n */
const addDays = (ymd, n) => new Date(Date.parse(`${ymd}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** @param {number} offsetMs */
const isoFromNow = (offsetMs) => new Date(Date.now() + offsetMs).toISOString();

// ---------------------------------------------------------------------------------------------
// Static data: financial institutions and counterparts
// ---------------------------------------------------------------------------------------------

/** @type {Array<[string, string, string]>} name, country, bic */
const INSTITUTIONS = [
  ['KBC Brussels', 'BE', 'KREDBEBB'],
  ['BNP Paribas Fortis', 'BE', 'GEBABEBB'],
  ['ING Belgium', 'BE', 'BBRUBEBB'],
  ['Belfius', 'BE', 'GKCCBEBB'],
  ['Argenta', 'BE', 'ARSPBE22'],
  ['Crelan', 'BE', 'NICABEBB'],
  ['Rabobank', 'NL', 'RABONL2U'],
  ['ABN AMRO', 'NL', 'ABNANL2A'],
  ['ING Netherlands', 'NL', 'INGBNL2A'],
  ['Crédit Agricole', 'FR', 'AGRIFRPP'],
  ['Société Générale', 'FR', 'SOGEFRPP'],
  ['Deutsche Bank', 'DE', 'DEUTDEFF'],
];
const FINANCIAL_INSTITUTIONS = INSTITUTIONS.map(([name, country, bic], i) => ({
  type: 'financialInstitution',
  id: uuidFrom('financial-institution', name),
  attributes: {
    name,
    country,
    bic,
    status: i === 5 || i === 11 ? 'beta' : 'stable',
    deprecated: i === 9,
    logoUrl: `https://static.example.test/logos/${bic.toLowerCase()}.png`,
    maintenanceFrom: null,
    maintenanceTo: null,
    maintenanceType: null,
    paymentsEnabled: country === 'BE',
    bulkPaymentsEnabled: country === 'BE',
    periodicPaymentsEnabled: false,
    futureDatedPaymentsAllowed: true,
    primaryColor: '#1a3c6e',
    secondaryColor: '#f5f5f5',
    sharedBrandName: null,
    sharedBrandReference: null,
    timeZone: country === 'BE' ? 'Europe/Brussels' : null,
  },
}));

const COUNTERPARTS = [
  'Office Supplies BV',
  'Proximus SA',
  'Engie Electrabel',
  'Colruyt Group',
  'Acme Customer NV',
  'SNCB-NMBS',
  'Securex',
  'SD Worx',
  'Telenet',
  'bpost',
  'Brussels Airport Company',
  'Delhaize Le Lion',
].map((name) => ({ name, iban: belgianIban('counterpart', name) }));

// ---------------------------------------------------------------------------------------------
// Scenario data generation
// ---------------------------------------------------------------------------------------------

/**
 * One transaction. `seq` is the per-account creation order (also used for "Invoice N").
 * @param {Scenario} s @param {number} accountIndex @param {string} accountId
 * @param {'transaction' | 'pendingTransaction'} type @param {number} seq @param {string} date YYYY-MM-DD
 * @param {string | null} createdAt ISO; null = derived from the date
 * @returns {Txn}
 */
function makeTransaction(s, accountIndex, accountId, type, seq, date, createdAt) {
  const rng = makeRng(s.seed, type, accountIndex, seq);
  const cents = randInt(rng, 1, 250000) * (rng() < 0.35 ? 1 : -1);
  const counterpart = COUNTERPARTS[randInt(rng, 0, COUNTERPARTS.length - 1)];
  const structured = (seq + 1) % 5 === 0;
  const remittanceInformation = structured ? structuredReference(s.seed, type, accountIndex, seq) : `Invoice ${seq + 1}`;
  const valueDay = seq % 7 === 6 ? addDays(date, -1) : date;
  const created = createdAt ?? `${date}T06:${String(Math.floor(seq / 60) % 60).padStart(2, '0')}:${String(seq % 60).padStart(2, '0')}.000Z`;
  const amount = cents / 100;
  return {
    id: uuidFrom(s.seed, type, accountIndex, seq),
    seq,
    type,
    attributes: {
      valueDate: `${valueDay}T00:00:00.000Z`,
      executionDate: `${date}T00:00:00.000Z`,
      amount,
      currency: 'EUR',
      counterpartName: counterpart.name,
      counterpartReference: counterpart.iban,
      remittanceInformation,
      remittanceInformationType: structured ? 'structured' : 'unstructured',
      description: 'SEPA credit transfer',
      bankTransactionCode: 'PMNT-ICDT-ESCT',
      proprietaryBankTransactionCode: null,
      purposeCode: null,
      mandateId: null,
      creditorId: null,
      endToEndId: seq % 3 === 2 ? 'NOTPROVIDED' : `E2E-${date.replace(/-/g, '')}-${seq + 1}`,
      internalReference: uuidFrom(s.seed, 'internal', type, accountIndex, seq),
      digest: crypto
        .createHash('sha256')
        .update(`${accountId}|${date}|${amount}|${counterpart.iban}|${remittanceInformation}`)
        .digest('base64'),
      additionalInformation: null,
      cardReference: null,
      cardReferenceType: null,
      fee: null,
      createdAt: created,
      updatedAt: created,
    },
  };
}

/**
 * A transaction given explicitly (the conformance driver's neutral bank), booked at midday UTC.
 * @param {{ id: string, date: string, amountCents: number, label: string, counterparty: string | null }} t
 * @param {'transaction' | 'pendingTransaction'} type @param {number} seq @param {string} currency @param {string} now
 * @returns {Txn}
 */
function explicitTxn(t, type, seq, currency, now) {
  return {
    id: t.id,
    seq,
    type,
    attributes: {
      valueDate: `${t.date}T12:00:00.000Z`,
      executionDate: `${t.date}T12:00:00.000Z`,
      amount: t.amountCents / 100,
      currency,
      counterpartName: t.counterparty,
      counterpartReference: null,
      remittanceInformation: t.label,
      remittanceInformationType: 'unstructured',
      description: 'SEPA credit transfer',
      bankTransactionCode: null,
      proprietaryBankTransactionCode: null,
      purposeCode: null,
      mandateId: null,
      creditorId: null,
      endToEndId: 'NOTPROVIDED',
      internalReference: t.id,
      digest: t.id,
      additionalInformation: null,
      cardReference: null,
      cardReferenceType: null,
      fee: null,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/** @param {string} accountId @param {'success' | 'error'} status @returns {SyncResource} */
function syncResource(accountId, status) {
  const at = new Date().toISOString();
  return {
    type: 'synchronization',
    id: crypto.randomUUID(),
    attributes: {
      resourceType: 'account',
      resourceId: accountId,
      subtype: 'accountTransactions',
      status,
      errors: status === 'error' ? [authorizationInvalidError()] : [],
      customerOnline: false,
      customerIpAddress: null,
      createdAt: at,
      updatedAt: at,
    },
  };
}
function authorizationInvalidError() {
  return {
    code: 'authorizationInvalid',
    detail: 'The authorization is invalid, the customer must reauthorize the account',
    meta: {
      financialInstitutionResponse: {
        statusCode: 401,
        body: { tppMessages: [] },
        requestId: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
        requestUri: 'https://bank.example/psd2/accounts',
      },
    },
  };
}

/** @param {Scenario} s @returns {Account[]} */
function generateAccounts(s) {
  const start = addDays(s.endDate, -(Math.max(1, s.days) - 1));
  /** @type {Account[]} */
  const accounts = [];
  for (let a = 0; a < s.accounts; a++) {
    const id = uuidFrom(s.seed, 'account', a);
    const rng = makeRng(s.seed, 'account', a);
    const offsets = Array.from({ length: s.transactionsPerAccount }, () => randInt(rng, 0, Math.max(1, s.days) - 1)).sort((x, y) => x - y);
    const settled = offsets.map((off, seq) => makeTransaction(s, a, id, 'transaction', seq, addDays(start, off), null));
    const pending = Array.from({ length: s.pendingPerAccount }, (_, seq) =>
      makeTransaction(s, a, id, 'pendingTransaction', seq, s.endDate, null),
    );
    const sum = (/** @type {Txn[]} */ list) => list.reduce((acc, t) => acc + Math.round(Number(t.attributes.amount) * 100), 0);
    const now = new Date().toISOString();
    accounts.push({
      id,
      settled,
      pending,
      nextSeq: settled.length,
      balanceCents: randInt(rng, 500000, 5000000) + sum(settled),
      pendingCents: sum(pending),
      synchronizedAt: now,
      latestSynchronization: syncResource(id, 'success'),
      financialInstitutionId: FINANCIAL_INSTITUTIONS[a % 4].id,
      attributes: {
        reference: belgianIban(s.seed, 'account', a),
        referenceType: 'IBAN',
        subtype: 'checking',
        product: 'Business checking account',
        description: `Ponto account ${a + 1}`,
        holderName: 'ACME SRL',
        internalReference: uuidFrom(s.seed, 'account-internal', a),
        currency: 'EUR',
        currentBalanceChangedAt: now,
        currentBalanceReferenceDate: now,
        currentBalanceVariationObservedAt: now,
        availableBalanceChangedAt: now,
        availableBalanceReferenceDate: now,
        availableBalanceVariationObservedAt: now,
        authorizedAt: isoFromNow(-90 * DAY_MS),
        authorizationExpirationExpectedAt: isoFromNow(s.consentDays * DAY_MS),
        deprecated: false,
      },
    });
  }
  return accounts;
}

const sortedCache = new WeakMap();
/** Newest first: executionDate desc, then creation order desc. @param {Txn[]} list @returns {Txn[]} */
const newestFirst = (list) => {
  // Sorted once per list content (lists only grow), so a page costs no sort of the whole account.
  const cached = sortedCache.get(list);
  if (cached && cached.length === list.length) return cached.sorted;
  const sorted = [...list].sort((x, y) => {
    const a = String(x.attributes.executionDate);
    const b = String(y.attributes.executionDate);
    return a < b ? 1 : a > b ? -1 : y.seq - x.seq;
  });
  sortedCache.set(list, { length: list.length, sorted });
  return sorted;
};

// ---------------------------------------------------------------------------------------------
// Paging helper (cursor = resource id; list is already in display order)
// ---------------------------------------------------------------------------------------------

/**
 * @template {{ id: string }} T
 * @param {T[]} items @param {URLSearchParams} q @param {number} pageMax
 * @param {string} baseUrl link base without query @param {Record<string, string>} [extra] query kept in links
 * @returns {{ error: string } | { data: T[], paging: { limit: number, before: string | null, after: string | null }, links: Record<string, string> }}
 */
function paginate(items, q, pageMax, baseUrl, extra = {}) {
  const bare = !['page[limit]', 'page[before]', 'page[after]'].some((k) => q.has(k)) && ['limit', 'before', 'after'].some((k) => q.has(k));
  const get = (/** @type {string} */ k) => q.get(`page[${k}]`) ?? q.get(k);
  const rawLimit = get('limit');
  const limitIn = rawLimit === null ? 10 : Number(rawLimit);
  if (!Number.isInteger(limitIn) || limitIn < 1) return { error: 'limit' };
  const limit = Math.min(limitIn, pageMax);
  const before = get('before');
  const after = get('after');
  if (before && after) return { error: 'before' };
  let start = 0;
  let end = Math.min(limit, items.length);
  if (after || before) {
    const idx = items.findIndex((it) => it.id === (after || before));
    if (idx < 0) return { error: after ? 'after' : 'before' };
    [start, end] = after ? [idx + 1, Math.min(idx + 1 + limit, items.length)] : [Math.max(0, idx - limit), idx];
  }
  const data = items.slice(start, end);
  const p = (/** @type {string} */ k) => (bare ? k : `page[${k}]`);
  const extraQs = Object.entries(extra)
    .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
    .join('');
  const base = `${baseUrl}?${p('limit')}=${limit}${extraQs}`;
  /** @type {Record<string, string>} */
  const links = { first: base };
  if (data.length && end < items.length) links.next = `${base}&${p('after')}=${data[data.length - 1].id}`;
  if (data.length && start > 0) links.prev = `${base}&${p('before')}=${data[0].id}`;
  return { data, paging: { limit, before: before || null, after: after || null }, links };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {string} [type] @param {Record<string, string>} [headers] */
function send(res, status, body, type = JSONAPI, headers = {}) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': type, 'ibanity-request-id': crypto.randomUUID(), ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
/** @param {http.ServerResponse} res @param {number} status @param {string} code @param {string} detail @param {Record<string, unknown>} [meta] @param {Record<string, string>} [headers] */
function apiError(res, status, code, detail, meta, headers) {
  send(res, status, { errors: [meta ? { code, detail, meta } : { code, detail }] }, JSONAPI, headers);
}
/** @param {http.ServerResponse} res @param {number} status @param {string} error @param {string} [description] */
function oauthError(res, status, error, description) {
  send(res, status, description ? { error, error_description: description } : { error }, 'application/json', {
    'Cache-Control': 'no-store',
  });
}
/** @param {http.ServerResponse} res @param {number} status @param {string} text */
function sendText(res, status, text) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
/** @param {http.ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}
/** @param {http.ServerResponse} res @param {string} location */
function redirect(res, location) {
  res.writeHead(302, { Location: location });
  res.end();
}
/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
/** @param {http.IncomingMessage} req @returns {Promise<any>} undefined when not valid JSON */
async function readJson(req) {
  try {
    return JSON.parse(await readBody(req));
  } catch {
    return undefined;
  }
}
/** @param {string | undefined} header @returns {{ id: string, secret: string } | null} */
function parseBasic(header) {
  const m = /^Basic\s+(.+)$/i.exec(header || '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}
/** @param {string} input */
const base64UrlSha256 = (input) => crypto.createHash('sha256').update(input).digest('base64url');
const randomToken = () => crypto.randomBytes(24).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Optional state file (the dev script): OAuth state and the bank's shape survive a restart
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{ version: 1, scenario: Record<string, unknown>,
 *   accounts: Array<{ id: string, authorizedAt: unknown, authorizationExpirationExpectedAt: unknown }>,
 *   accessTokens: Array<[string, { clientId: string, expiresAt: number }]>,
 *   refreshTokens: Array<[string, { clientId: string, valid: boolean }]> }} SavedState
 */

/** @param {string} file @returns {SavedState | null} null when absent or unreadable (then the fake starts afresh) */
function readStateFile(file) {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    return saved && saved.version === 1 ? saved : null;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT') {
      process.stderr.write(`ponto fake: ignoring unreadable state file ${file}\n`);
    }
    return null;
  }
}

/** Written whole to a temporary file, then renamed: a crash never leaves half a file. @param {string} file @param {SavedState} state */
function writeStateFile(file, state) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

/**
 * `stateFile` (used by scripts/develop.js, never by tests): the live access and refresh tokens,
 * the bank's shape (the scenario's data keys, its end date included) and each account's
 * authorization dates are saved there on every change and loaded at start, so tokens a Strapi
 * app stored keep working after a restart. Without it the fake keeps everything in memory.
 * @param {{ host?: string, port?: number, scenario?: Partial<Scenario>, stateFile?: string }} [options]
 */
async function startPontoFake(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {Scenario} */
  const scenario = { ...defaultScenario(), ...options.scenario };
  const stateFile = options.stateFile ?? null;
  const saved = stateFile ? readStateFile(stateFile) : null;
  // The same bank as last time (same data keys), unless the end date was chosen explicitly: keep its end date.
  const sameBank =
    saved !== null && DATA_KEYS.every((k) => k === 'endDate' || saved.scenario[k] === scenario[/** @type {keyof Scenario} */ (k)]);
  if (sameBank && saved && options.scenario?.endDate === undefined && typeof saved.scenario.endDate === 'string') {
    scenario.endDate = saved.scenario.endDate;
  }
  let accounts = generateAccounts(scenario);
  let transactionListings = 0;
  /** A planned failure of a transaction listing (failOnce), and token expiry after some pages. */
  /** @type {{ afterPages: number, status: number, code: string, detail: string, retryAfter?: number, kind?: string } | null} */
  let plannedFault = null;
  /** @type {number | null} */
  let expireTokensAfter = null;
  let settledPagesServed = 0;
  /** @type {LoggedRequest[]} */
  const requests = [];
  const tokens = {
    /** @type {Map<string, { clientId: string, expiresAt: number }>} */ accessTokens: new Map(),
    /** @type {Map<string, { clientId: string, valid: boolean }>} */ refreshTokens: new Map(),
  };
  /** @type {Map<string, { clientId: string, redirectUri: string, codeChallenge: string, used: boolean }>} */
  const codes = new Map();
  /** @type {Map<string, SyncState>} */
  const syncs = new Map();
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  let origin = '';
  let apiUrl = '';

  const findAccount = (/** @type {string} */ id) => accounts.find((a) => a.id === id);

  if (saved) {
    const now = Date.now();
    for (const [token, entry] of saved.accessTokens) if (entry.expiresAt > now) tokens.accessTokens.set(token, entry);
    for (const [token, entry] of saved.refreshTokens) if (entry.valid) tokens.refreshTokens.set(token, entry);
    if (sameBank) {
      for (const { id, authorizedAt, authorizationExpirationExpectedAt } of saved.accounts) {
        const account = findAccount(id);
        if (account) Object.assign(account.attributes, { authorizedAt, authorizationExpirationExpectedAt });
      }
    }
  }
  /** Saves the state when a state file was given (live tokens only). */
  function persist() {
    if (!stateFile) return;
    const now = Date.now();
    try {
      writeStateFile(stateFile, {
        version: 1,
        scenario: Object.fromEntries(DATA_KEYS.map((k) => [k, scenario[/** @type {keyof Scenario} */ (k)]])),
        accounts: accounts.map((a) => ({
          id: a.id,
          authorizedAt: a.attributes.authorizedAt,
          authorizationExpirationExpectedAt: a.attributes.authorizationExpirationExpectedAt,
        })),
        accessTokens: [...tokens.accessTokens].filter(([, e]) => e.expiresAt > now),
        refreshTokens: [...tokens.refreshTokens].filter(([, e]) => e.valid),
      });
    } catch (err) {
      process.stderr.write(`ponto fake: cannot save state to ${stateFile}: ${/** @type {Error} */ (err).message}\n`);
    }
  }
  persist();

  /** @param {Account} a */
  function serializeAccount(a) {
    const self = `${apiUrl}/accounts/${a.id}`;
    return {
      type: 'account',
      id: a.id,
      attributes: { ...a.attributes, currentBalance: a.balanceCents / 100, availableBalance: (a.balanceCents + a.pendingCents) / 100 },
      meta: { synchronizedAt: a.synchronizedAt, latestSynchronization: a.latestSynchronization, availability: 'available' },
      relationships: {
        financialInstitution: {
          data: { type: 'financialInstitution', id: a.financialInstitutionId },
          links: { related: `${apiUrl}/financial-institutions/${a.financialInstitutionId}` },
        },
        transactions: { links: { related: `${self}/transactions`, meta: { type: 'transaction' } } },
        pendingTransactions: { links: { related: `${self}/pending-transactions`, meta: { type: 'pendingTransaction' } } },
      },
      links: { self },
    };
  }
  /** @param {Account} a @param {Txn} t */
  const serializeTxn = (a, t) => ({
    type: t.type,
    id: t.id,
    attributes: t.attributes,
    relationships: { account: { data: { type: 'account', id: a.id }, links: { related: `${apiUrl}/accounts/${a.id}` } } },
  });
  /** @param {SyncState} st */
  function serializeSync(st) {
    const base = `${apiUrl}/synchronizations/${st.resource.id}`;
    return {
      ...st.resource,
      relationships: {
        updatedTransactions: { links: { related: `${base}/updated-transactions`, meta: { type: 'transaction' } } },
        updatedPendingTransactions: { links: { related: `${base}/updated-pending-transactions`, meta: { type: 'pendingTransaction' } } },
      },
    };
  }

  /** @param {Ctx} ctx @param {string} attribute */
  const badPaging = (ctx, attribute) => apiError(ctx.res, 400, 'validationError', `Invalid paging parameter ${attribute}`, { attribute });

  /** Issue an access token (and a refresh token unless client_credentials). @param {string} clientId @param {boolean} withRefresh */
  function issueTokens(clientId, withRefresh) {
    const accessToken = randomToken();
    tokens.accessTokens.set(accessToken, { clientId, expiresAt: Date.now() + scenario.accessTokenTtl * 1000 });
    /** @type {Record<string, unknown>} */
    const body = { access_token: accessToken, expires_in: scenario.accessTokenTtl };
    if (withRefresh) {
      const refreshToken = randomToken();
      tokens.refreshTokens.set(refreshToken, { clientId, valid: true });
      body.refresh_token = refreshToken;
    }
    persist();
    return { ...body, scope: 'offline_access ai pi', token_type: 'bearer' };
  }

  // ----- browser pages (outside /ponto-connect) -----

  /** @param {Ctx} ctx */
  function consentPage({ res, url }) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== scenario.clientId) return sendText(res, 400, 'Unknown client_id');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return sendText(res, 400, 'Missing or invalid redirect_uri');
    if (q.get('response_type') !== 'code') return sendText(res, 400, 'response_type must be code');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return sendText(res, 400, 'PKCE S256 code_challenge required');
    const target = new URL(redirectUri);
    if (scenario.denyConsent) {
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = randomToken();
      codes.set(code, { clientId: scenario.clientId, redirectUri, codeChallenge: String(q.get('code_challenge')), used: false });
      target.searchParams.set('code', code);
    }
    if (q.has('state')) target.searchParams.set('state', String(q.get('state')));
    redirect(res, target.toString());
  }

  /** @param {Ctx} ctx */
  function reauthorizePage({ res, url }) {
    const account = findAccount(url.searchParams.get('account') || '');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (!account || !redirectUri) return sendText(res, 400, 'Unknown account or missing redirect_uri');
    account.attributes.authorizedAt = new Date().toISOString();
    account.attributes.authorizationExpirationExpectedAt = isoFromNow(180 * DAY_MS);
    persist();
    redirect(res, redirectUri);
  }

  // ----- OAuth endpoints -----

  /** @param {Ctx} ctx */
  async function tokenEndpoint({ req, res }) {
    const form = new URLSearchParams(await readBody(req));
    const basic = parseBasic(req.headers.authorization);
    if (
      !basic ||
      basic.id !== scenario.clientId ||
      basic.secret !== scenario.clientSecret ||
      (form.has('client_id') && form.get('client_id') !== basic.id)
    ) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const entry = codes.get(form.get('code') || '');
      if (!entry || entry.used || entry.clientId !== basic.id)
        return oauthError(res, 400, 'invalid_grant', 'The authorization code is invalid, expired or already used');
      if (form.get('redirect_uri') !== entry.redirectUri)
        return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      const verifier = form.get('code_verifier');
      if (!verifier || base64UrlSha256(verifier) !== entry.codeChallenge)
        return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
      entry.used = true;
      return send(res, 200, issueTokens(basic.id, true), 'application/json', { 'Cache-Control': 'no-store' });
    }
    if (grant === 'refresh_token') {
      const old = form.get('refresh_token') || '';
      const entry = tokens.refreshTokens.get(old);
      if (!entry || !entry.valid || entry.clientId !== basic.id)
        return oauthError(res, 400, 'invalid_grant', 'The refresh token is invalid, expired or revoked');
      entry.valid = false;
      return send(res, 200, issueTokens(basic.id, true), 'application/json', { 'Cache-Control': 'no-store' });
    }
    if (grant === 'client_credentials')
      return send(res, 200, issueTokens(basic.id, false), 'application/json', { 'Cache-Control': 'no-store' });
    return oauthError(res, 400, 'unsupported_grant_type');
  }

  /** @param {Ctx} ctx */
  async function revokeEndpoint({ req, res }) {
    const form = new URLSearchParams(await readBody(req));
    const basic = parseBasic(req.headers.authorization);
    if (!basic || basic.id !== scenario.clientId || basic.secret !== scenario.clientSecret) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }
    const token = form.get('token') || '';
    const refresh = tokens.refreshTokens.get(token);
    if (refresh && refresh.clientId === basic.id) refresh.valid = false;
    const access = tokens.accessTokens.get(token);
    if (access && access.clientId === basic.id) access.expiresAt = 0;
    persist();
    send(res, 200, {}, 'application/json');
  }

  // ----- API endpoints -----

  /** @param {Ctx} ctx */
  function listInstitutions(ctx) {
    const contains = ctx.url.searchParams.get('filter[name][contains]');
    const items = contains
      ? FINANCIAL_INSTITUTIONS.filter((f) => f.attributes.name.toLowerCase().includes(contains.toLowerCase()))
      : FINANCIAL_INSTITUTIONS;
    const page = paginate(
      items,
      ctx.url.searchParams,
      scenario.pageMax,
      `${apiUrl}/financial-institutions`,
      contains ? { 'filter[name][contains]': contains } : {},
    );
    if ('error' in page) return badPaging(ctx, `page[${page.error}]`);
    send(ctx.res, 200, { meta: { paging: page.paging }, links: page.links, data: page.data });
  }
  /** @param {Ctx} ctx */
  function getInstitution(ctx) {
    const fi = FINANCIAL_INSTITUTIONS.find((f) => f.id === ctx.params[0]);
    if (!fi) return apiError(ctx.res, 404, 'resourceNotFound', 'Financial institution not found', { resource: 'financialInstitution' });
    send(ctx.res, 200, { data: fi });
  }
  /** @param {Ctx} ctx */
  function listAccounts(ctx) {
    const page = paginate(accounts, ctx.url.searchParams, scenario.pageMax, `${apiUrl}/accounts`);
    if ('error' in page) return badPaging(ctx, `page[${page.error}]`);
    send(ctx.res, 200, { meta: { paging: page.paging }, links: page.links, data: page.data.map(serializeAccount) });
  }
  /** @param {Ctx} ctx @returns {Account | undefined} */
  function accountOr404(ctx) {
    const account = findAccount(ctx.params[0]);
    if (!account) apiError(ctx.res, 404, 'resourceNotFound', 'Account not found', { resource: 'account' });
    return account;
  }
  /** @param {Ctx} ctx */
  function getAccount(ctx) {
    const account = accountOr404(ctx);
    if (account) send(ctx.res, 200, { data: serializeAccount(account) });
  }
  /** @param {boolean} pending @returns {(ctx: Ctx) => void} */
  const listTransactions = (pending) => (ctx) => {
    if (!pending && plannedFault && settledPagesServed >= plannedFault.afterPages) {
      const f = plannedFault;
      plannedFault = null;
      if (f.kind === 'reset') return ctx.res.socket?.destroy();
      if (f.kind === 'hang') return; // never answers: the client's timeout must end the wait
      if (f.kind === 'malformed-json') {
        ctx.res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
        return ctx.res.end('{"data":[{"type":"transaction","id":"');
      }
      if (f.kind === 'html') return sendHtml(ctx.res, f.status, '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>');
      return apiError(ctx.res, f.status, f.code, f.detail, undefined, f.retryAfter ? { 'Retry-After': String(f.retryAfter) } : {});
    }
    if (!pending && ++transactionListings === scenario.failAtPage) {
      if (scenario.failWith === 'html') return sendHtml(ctx.res, 200, '<html><body><h1>Service temporarily unavailable</h1></body></html>');
      if (scenario.failWith === 'not-array') return send(ctx.res, 200, { data: { type: 'transaction', id: 'x' }, links: {} });
      return apiError(ctx.res, scenario.failStatus, 'internalServerError', 'An unexpected error occurred (fake failAtPage)');
    }
    const account = accountOr404(ctx);
    if (!account) return;
    const path = pending ? 'pending-transactions' : 'transactions';
    const page = paginate(
      newestFirst(pending ? account.pending : account.settled),
      ctx.url.searchParams,
      scenario.pageMax,
      `${apiUrl}/accounts/${account.id}/${path}`,
    );
    if ('error' in page) return badPaging(ctx, `page[${page.error}]`);
    if (!pending) {
      settledPagesServed += 1;
      if (expireTokensAfter !== null && settledPagesServed >= expireTokensAfter) {
        expireTokensAfter = null;
        for (const entry of tokens.accessTokens.values()) entry.expiresAt = 0;
      }
    }
    send(ctx.res, 200, {
      meta: { paging: page.paging, synchronizedAt: account.synchronizedAt, latestSynchronization: account.latestSynchronization },
      links: page.links,
      data: page.data.map((t) => serializeTxn(account, t)),
    });
  };
  /** @param {boolean} pending @returns {(ctx: Ctx) => void} */
  const getTransaction = (pending) => (ctx) => {
    const account = accountOr404(ctx);
    if (!account) return;
    const t = (pending ? account.pending : account.settled).find((x) => x.id === ctx.params[1]);
    if (!t)
      return apiError(ctx.res, 404, 'resourceNotFound', 'Transaction not found', {
        resource: pending ? 'pendingTransaction' : 'transaction',
      });
    send(ctx.res, 200, { data: serializeTxn(account, t) });
  };

  /** @param {Ctx} ctx */
  async function createSync(ctx) {
    const body = await readJson(ctx.req);
    const data = body && typeof body === 'object' ? body.data : undefined;
    const attrs = data && typeof data === 'object' ? data.attributes || {} : {};
    /** @type {Array<[string, boolean]>} */
    const checks = [
      ['type', data?.type === 'synchronization'],
      ['resourceType', attrs.resourceType === 'account'],
      ['resourceId', typeof attrs.resourceId === 'string' && attrs.resourceId !== ''],
      ['subtype', ['accountDetails', 'accountTransactions', 'accountTransactionsWithUnsettled'].includes(attrs.subtype)],
      ['customerIpAddress', attrs.customerIpAddress === undefined || typeof attrs.customerIpAddress === 'string'],
    ];
    const bad = checks.find(([, ok]) => !ok);
    if (bad) return apiError(ctx.res, 400, 'validationError', `Invalid or missing ${bad[0]}`, { attribute: bad[0] });
    const account = findAccount(attrs.resourceId);
    if (!account) return apiError(ctx.res, 404, 'resourceNotFound', 'Account not found', { resource: 'account' });
    if (scenario.sync === 'recent') {
      return apiError(ctx.res, 400, 'accountRecentlySynchronized', 'The account was synchronized recently, try again later', {
        attribute: 'resourceId',
      });
    }
    const resource = syncResource(account.id, 'success');
    Object.assign(resource.attributes, {
      subtype: attrs.subtype,
      status: 'pending',
      errors: [],
      customerOnline: Boolean(attrs.customerIpAddress),
      customerIpAddress: attrs.customerIpAddress ?? null,
    });
    /** @type {SyncState} */
    const st = { resource, polls: 0, outcome: scenario.sync === 'error' ? 'error' : 'success' };
    syncs.set(resource.id, st);
    send(ctx.res, 201, { data: serializeSync(st) });
  }
  /** @param {Ctx} ctx */
  function getSync(ctx) {
    const st = syncs.get(ctx.params[0]);
    if (!st) return apiError(ctx.res, 404, 'resourceNotFound', 'Synchronization not found', { resource: 'synchronization' });
    const a = st.resource.attributes;
    if (a.status === 'pending' || a.status === 'running') {
      st.polls++;
      const now = new Date().toISOString();
      a.updatedAt = now;
      if (st.polls >= Math.max(1, scenario.syncPolls)) {
        a.status = st.outcome;
        a.errors = st.outcome === 'error' ? [authorizationInvalidError()] : [];
        const account = findAccount(String(a.resourceId));
        if (account) {
          account.latestSynchronization = { type: 'synchronization', id: st.resource.id, attributes: { ...a } };
          if (st.outcome === 'success') account.synchronizedAt = now;
        }
      } else {
        a.status = 'running';
      }
    }
    send(ctx.res, 200, { data: serializeSync(st) });
  }
  /** @param {Ctx} ctx */
  async function createReauthorization(ctx) {
    const body = await readJson(ctx.req);
    const account = accountOr404(ctx);
    if (!account) return;
    const data = body && typeof body === 'object' ? body.data : undefined;
    const redirectUri = data?.attributes?.redirectUri;
    if (data?.type !== 'reauthorizationRequest')
      return apiError(ctx.res, 400, 'validationError', 'data.type must be reauthorizationRequest', { attribute: 'type' });
    if (typeof redirectUri !== 'string' || !/^https?:\/\//.test(redirectUri)) {
      return apiError(ctx.res, 400, 'validationError', 'redirectUri is required', { attribute: 'redirectUri' });
    }
    const redirectLink = `${origin}/reauthorize?account=${account.id}&redirect_uri=${encodeURIComponent(redirectUri)}`;
    send(ctx.res, 201, { data: { type: 'reauthorizationRequest', id: crypto.randomUUID(), links: { redirect: redirectLink } } });
  }
  /** @param {Ctx} ctx */
  function userinfo(ctx) {
    const orgId = uuidFrom(scenario.seed, 'organization');
    send(
      ctx.res,
      200,
      {
        sub: orgId,
        name: 'ACME SRL',
        representativeOrganizationName: 'ACME SRL',
        representativeOrganizationId: orgId,
        paymentsActivated: false,
        paymentsActivationRequested: false,
        onboardingComplete: true,
      },
      'application/json',
    );
  }

  // Webhook signing (Ibanity style): a JWT (RS512) in the `Signature` header whose payload
  // carries the SHA-512 digest of the body; the public keys are served as a JWKS.
  const webhookKid = uuidFrom(scenario.seed, 'webhook-key');
  const webhookKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A key Ponto does not publish: signatures made with it name a key id the JWKS lacks.
  const strangerKid = uuidFrom(scenario.seed, 'webhook-key-unpublished');
  const strangerKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  function webhookKeysEndpoint(/** @type {Ctx} */ ctx) {
    const jwk = /** @type {Record<string, unknown>} */ (webhookKeys.publicKey.export({ format: 'jwk' }));
    send(ctx.res, 200, { keys: [{ ...jwk, kid: webhookKid, use: 'sig', alg: 'RS512', status: 'ACTIVE' }] }, 'application/json');
  }
  /**
   * @param {string} body raw JSON body
   * @param {{ audience?: string, iat?: number, tamper?: boolean, unknownKey?: boolean }} [opts]
   */
  function signWebhook(body, opts = {}) {
    const b64 = (/** @type {string | Buffer} */ v) => Buffer.from(v).toString('base64url');
    const now = opts.iat ?? Math.floor(Date.now() / 1000);
    const header = b64(JSON.stringify({ alg: 'RS512', kid: opts.unknownKey ? strangerKid : webhookKid, typ: 'JWT' }));
    const payload = b64(
      JSON.stringify({
        digest: crypto.createHash('sha512').update(body).digest('base64'),
        aud: opts.audience ?? 'ponto-application-id',
        iss: 'https://api.ibanity.com',
        iat: now,
        exp: now + 30,
        jti: crypto.randomUUID(),
      }),
    );
    const key = opts.unknownKey ? strangerKeys.privateKey : webhookKeys.privateKey;
    const signature = crypto.sign('sha512', Buffer.from(`${header}.${payload}`), key).toString('base64url');
    return `${header}.${payload}.${opts.tamper ? signature.slice(0, -4) + 'AAAA' : signature}`;
  }

  const ID = '([^/]+)';
  /** @type {Array<[string, RegExp, (ctx: Ctx) => unknown]>} routes needing a bearer token */
  const routes = [
    ['GET', /^\/userinfo$/, userinfo],
    ['GET', /^\/accounts$/, listAccounts],
    ['GET', new RegExp(`^/accounts/${ID}$`), getAccount],
    ['GET', new RegExp(`^/accounts/${ID}/transactions$`), listTransactions(false)],
    ['GET', new RegExp(`^/accounts/${ID}/transactions/${ID}$`), getTransaction(false)],
    ['GET', new RegExp(`^/accounts/${ID}/pending-transactions$`), listTransactions(true)],
    ['GET', new RegExp(`^/accounts/${ID}/pending-transactions/${ID}$`), getTransaction(true)],
    ['POST', new RegExp(`^/accounts/${ID}/reauthorization-requests$`), createReauthorization],
    ['POST', /^\/synchronizations$/, createSync],
    ['GET', new RegExp(`^/synchronizations/${ID}$`), getSync],
  ];
  /** @type {Array<[string, RegExp, (ctx: Ctx) => unknown]>} routes without a bearer token */
  const publicRoutes = [
    ['POST', /^\/oauth2\/token$/, tokenEndpoint],
    ['POST', /^\/oauth2\/revoke$/, revokeEndpoint],
    ['GET', /^\/financial-institutions$/, listInstitutions],
    ['GET', new RegExp(`^/financial-institutions/${ID}$`), getInstitution],
    ['GET', /^\/webhooks\/keys$/, webhookKeysEndpoint],
  ];
  /** @param {typeof routes} table @param {string} method @param {string} sub */
  const match = (table, method, sub) => {
    for (const [m, re, handler] of table) {
      const found = m === method ? re.exec(sub) : null;
      if (found) return { handler, params: found.slice(1).map(decodeURIComponent) };
    }
    return null;
  };

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url || '/', 'http://fake.invalid');
    const method = req.method || 'GET';
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
    });
    /** @type {Ctx} */
    const ctx = { req, res, url, params: [] };
    if (method === 'GET' && url.pathname === '/oauth2/auth') return consentPage(ctx);
    if (method === 'GET' && url.pathname === '/reauthorize') return reauthorizePage(ctx);
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
      return apiError(res, 404, 'routeNotFound', `No route for ${method} ${url.pathname}`);
    }
    const sub = url.pathname.slice(PREFIX.length).replace(/\/+$/, '') || '/';
    if (scenario.latencyMs > 0) {
      await new Promise((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve(null);
        }, scenario.latencyMs);
        timers.add(t);
      });
    }
    if (sub !== '/oauth2/token' && scenario.rateLimitNext > 0) {
      scenario.rateLimitNext--;
      return apiError(res, 429, 'tooManyRequests', 'Too many requests, retry later', undefined, {
        'Retry-After': String(scenario.retryAfterSeconds),
      });
    }
    const pub = match(publicRoutes, method, sub);
    if (pub) return pub.handler({ ...ctx, params: pub.params });
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
    const entry = bearer ? tokens.accessTokens.get(bearer[1].trim()) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) {
      return apiError(res, 401, 'unauthorized', bearer ? 'The access token is invalid or expired' : 'Missing bearer access token');
    }
    const route = match(routes, method, sub);
    if (!route) return apiError(res, 404, 'routeNotFound', `No route for ${method} ${url.pathname}`);
    return route.handler({ ...ctx, params: route.params });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => apiError(res, 500, 'internalServerError', String(err && err.message)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve(null));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  apiUrl = `${origin}${PREFIX}`;

  return {
    apiUrl,
    authorizationUrl: `${origin}/oauth2/auth`,
    port: address.port,
    scenario,
    requests,
    tokens,
    /** @param {Partial<Scenario>} patch */
    setScenario(patch) {
      const reshape = DATA_KEYS.some(
        (k) => k in patch && patch[/** @type {keyof Scenario} */ (k)] !== scenario[/** @type {keyof Scenario} */ (k)],
      );
      const consentChanged = 'consentDays' in patch && patch.consentDays !== scenario.consentDays;
      Object.assign(scenario, patch);
      transactionListings = 0;
      if (reshape) accounts = generateAccounts(scenario);
      else if (consentChanged) {
        for (const a of accounts) a.attributes.authorizationExpirationExpectedAt = isoFromNow(scenario.consentDays * DAY_MS);
      }
      persist();
    },
    /**
     * What the bank holds as settled on an account (id and amount in cents, oldest first) and its balance.
     * @param {string} accountId
     */
    booked(accountId) {
      const account = findAccount(accountId);
      if (!account) throw new Error(`ponto fake: unknown account ${accountId}`);
      return {
        transactions: account.settled.map((t) => ({ id: t.id, amount: t.attributes.amount })),
        balanceCents: account.balanceCents,
      };
    },
    clearRequests() {
      requests.length = 0;
    },
    /**
     * Requests received since the last clearRequests() whose method matches and whose path
     * ends with `path` (or matches it, for a RegExp).
     * @param {string} method @param {string | RegExp} path
     */
    countRequests(method, path) {
      const matches = (/** @type {string} */ p) => (typeof path === 'string' ? p.endsWith(path) : path.test(p));
      return requests.filter((r) => r.method === method && matches(r.path)).length;
    },
    signWebhook,
    /**
     * A webhook event as Ponto sends it: the JSON body and its `Signature` header.
     * @param {string} type e.g. 'pontoConnect.account.transactionsCreated'
     * @param {string} accountId
     * @param {{ audience?: string, iat?: number, tamper?: boolean, unknownKey?: boolean }} [opts]
     */
    webhook(type, accountId, opts = {}) {
      const body = JSON.stringify({
        data: {
          type,
          id: crypto.randomUUID(),
          attributes: { createdAt: new Date().toISOString(), synchronizationSubtype: 'accountTransactions' },
          relationships: {
            account: { data: { type: 'account', id: accountId } },
            organization: { data: { type: 'organization', id: uuidFrom(scenario.seed, 'organization') } },
          },
        },
      });
      return { body, signature: signWebhook(body, opts) };
    },
    /**
     * New settled transactions on the newest day (the bank posted them since the last read).
     * @param {string} accountId @param {number} count
     * @param {Record<string, unknown>} [attributes] replaces these attributes of each (e.g. a malformed value)
     * @returns {string[]} ids, newest last
     */
    addTransactions(accountId, count, attributes = {}) {
      const account = findAccount(accountId);
      if (!account) throw new Error(`ponto fake: unknown account ${accountId}`);
      const newest = newestFirst(account.settled)[0];
      const date = newest ? String(newest.attributes.executionDate).slice(0, 10) : scenario.endDate;
      const index = accounts.indexOf(account);
      /** @type {string[]} */
      const ids = [];
      for (let i = 0; i < count; i++) {
        const t = makeTransaction(scenario, index, account.id, 'transaction', account.nextSeq++, date, new Date().toISOString());
        Object.assign(t.attributes, attributes);
        account.settled.push(t);
        if (typeof t.attributes.amount === 'number') account.balanceCents += Math.round(t.attributes.amount * 100);
        ids.push(t.id);
      }
      account.attributes.currentBalanceChangedAt = new Date().toISOString();
      return ids;
    },
    /**
     * Replaces the bank with explicit accounts (the conformance driver's neutral bank).
     * @param {Array<{ id: string, iban: string, name: string, currency: string, balanceCents: number, consentExpiresAt: string | null,
     *   settled: ExplicitTxn[], pending: ExplicitTxn[] }>} list
     * @typedef {{ id: string, date: string, amountCents: number, label: string, counterparty: string | null }} ExplicitTxn
     */
    setAccounts(list) {
      const now = new Date().toISOString();
      accounts = list.map((a, index) => ({
        id: a.id,
        settled: a.settled.map((t, seq) => explicitTxn(t, 'transaction', seq, a.currency, now)),
        pending: a.pending.map((t, seq) => explicitTxn(t, 'pendingTransaction', seq, a.currency, now)),
        nextSeq: a.settled.length,
        balanceCents: a.balanceCents,
        pendingCents: 0,
        synchronizedAt: now,
        latestSynchronization: syncResource(a.id, 'success'),
        financialInstitutionId: FINANCIAL_INSTITUTIONS[index % 4].id,
        attributes: {
          reference: a.iban,
          referenceType: 'IBAN',
          subtype: 'checking',
          product: 'Business checking account',
          description: a.name,
          holderName: 'ACME SRL',
          internalReference: `${a.id}-internal`,
          currency: a.currency,
          currentBalanceChangedAt: now,
          currentBalanceReferenceDate: now,
          currentBalanceVariationObservedAt: now,
          availableBalanceChangedAt: now,
          availableBalanceReferenceDate: now,
          availableBalanceVariationObservedAt: now,
          authorizedAt: isoFromNow(-90 * DAY_MS),
          authorizationExpirationExpectedAt: a.consentExpiresAt,
          deprecated: false,
        },
      }));
      transactionListings = 0;
      settledPagesServed = 0;
    },
    /**
     * Adds explicit transactions to an account (settled or pending); a settled one may take a pending one's place.
     * @param {string} accountId @param {ExplicitTxn & { pending?: boolean, replaces?: string }} t
     */
    addExplicit(accountId, t) {
      const account = findAccount(accountId);
      if (!account) throw new Error(`ponto fake: unknown account ${accountId}`);
      if (t.replaces) account.pending = account.pending.filter((p) => p.id !== t.replaces);
      const list = t.pending ? account.pending : account.settled;
      const now = new Date().toISOString();
      const seq = account.nextSeq++;
      list.push(explicitTxn(t, t.pending ? 'pendingTransaction' : 'transaction', seq, String(account.attributes.currency), now));
      if (!t.pending) account.balanceCents += t.amountCents;
    },
    /**
     * The next transaction listing after `afterPages` settled pages were served fails once so:
     * an error document (default), an HTML page with `status`, a connection reset, no answer at
     * all ('hang'), or a 200 whose JSON is cut off ('malformed-json').
     * @param {{ afterPages: number, status: number, code: string, detail: string, retryAfter?: number, kind?: 'error' | 'html' | 'reset' | 'hang' | 'malformed-json' }} fault
     */
    failOnce(fault) {
      plannedFault = fault;
      settledPagesServed = 0;
    },
    /** Access tokens stop working once this many settled pages were served. @param {number} pages */
    expireTokensAfterPages(pages) {
      expireTokensAfter = pages;
      settledPagesServed = 0;
    },
    expireAccessTokens() {
      for (const entry of tokens.accessTokens.values()) entry.expiresAt = 0;
      persist();
    },
    /** @returns {Promise<void>} */
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

module.exports = { startPontoFake, defaultScenario };

if (require.main === module) {
  const port = Number(process.env.PONTO_FAKE_PORT ?? 3901);
  // Optional scenario as JSON, e.g. PONTO_FAKE_SCENARIO='{"accounts":1,"latencyMs":20}'.
  const scenario = process.env.PONTO_FAKE_SCENARIO ? JSON.parse(process.env.PONTO_FAKE_SCENARIO) : undefined;
  // Optional state file (see startPontoFake), e.g. PONTO_FAKE_STATE=playground/.tmp/ponto-fake-state.json.
  const stateFile = process.env.PONTO_FAKE_STATE || undefined;
  startPontoFake({ host: '127.0.0.1', port, scenario, stateFile }).then(
    (fake) => {
      process.stdout.write(`ponto fake listening on http://127.0.0.1:${fake.port}\n`);
      const stop = () => {
        fake.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`ponto fake failed to start: ${err && err.message}\n`);
      process.exit(1);
    },
  );
}
