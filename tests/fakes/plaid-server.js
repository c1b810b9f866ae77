// @ts-check
/**
 * Local fake of the Plaid API, for tests and the dev script. Follows
 * /work/shared/reference/provider-apis.md §2 and §5: POST-only JSON, keys in the
 * PLAID-CLIENT-ID / PLAID-SECRET headers or in the body, PlaidError bodies, Hosted Link
 * (/link/token/create, a consent page that redirects to `completion_redirect_uri`,
 * /link/token/get), public token exchange, Items, /accounts/get, /item/get, /transactions/sync
 * (opaque cursors, `count` 1-500, added / modified / removed between two cursors, a pending
 * transaction removed when it posts, TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION when the data
 * changes between the pages of one loop), /transactions/refresh, institutions, per-Item rate
 * limits, ES256-signed webhooks with /webhook_verification_key/get.
 * Plain HTTP on loopback; only Node built-ins. Start with `startPlaidFake()` or run this file.
 * Beyond the API, tests steer it (setBank, addTransactions, settle, modify, remove, failOnce,
 * resetLogin, sendWebhook) and read what it was asked (requests).
 */
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DAY_MS = 24 * 60 * 60 * 1000;
const PLAID_VERSION = '2020-09-14';

/**
 * @typedef {{ account_id: string, name: string, official_name: string | null, mask: string, type: string, subtype: string,
 *   currency: string, balanceCents: number }} FakeAccount
 * @typedef {{ id: string, account: string, date: string, amountCents: number, label: string, counterparty: string | null,
 *   pending: boolean, replaces?: string | null, authorizedDate?: string | null, extra?: Record<string, unknown> }} FakeTxn
 * @typedef {{ seq: number, txn: FakeTxn | null }} Version
 * @typedef {{ item_id: string, access_token: string, institution_id: string, accountIds: string[], daysRequested: number,
 *   consentExpiresAt: string | null, error: Record<string, unknown> | null, webhook: string | null, createdAt: string,
 *   lastSync: string | null, calls: Map<string, number[]> }} Item
 * @typedef {{ token: string, mode: 'new' | 'update', itemId: string | null, completion: string | null, expiresAt: number,
 *   createdAt: string, institutionId: string | null, daysRequested: number, webhook: string | null,
 *   sessions: Array<Record<string, unknown>> }} LinkToken
 * @typedef {{ clientId: string, secret: string, pageMax: number, consentDays: number | null, denyConsent: boolean,
 *   accounts: number, transactionsPerAccount: number, pendingPerAccount: number, days: number, seed: number,
 *   limits: Record<string, number> }} Scenario
 * @typedef {{ afterPages: number, status: number, type: string, code: string, message?: string }} Fault
 */

/** @returns {Scenario} */
function defaultScenario() {
  return {
    clientId: 'plaid-client-id',
    secret: 'plaid-secret',
    pageMax: 500,
    consentDays: 90,
    denyConsent: false,
    accounts: 2,
    transactionsPerAccount: 120,
    pendingPerAccount: 2,
    days: 60,
    seed: 1,
    // Requests per minute and Item (Sandbox's figures where the reference gives them, §2.6).
    limits: { '/transactions/sync': 50, '/accounts/get': 100, '/item/get': 15, '/transactions/refresh': 2 },
  };
}

const INSTITUTIONS = [
  { institution_id: 'ins_109508', name: 'First Platypus Bank', country_codes: ['US'], oauth: false },
  { institution_id: 'ins_109509', name: 'First Gingham Credit Union', country_codes: ['US'], oauth: false },
  { institution_id: 'ins_116834', name: 'Flexible Platypus Open Banking', country_codes: ['GB'], oauth: true },
  { institution_id: 'ins_117650', name: 'Royal Bank of Plaid', country_codes: ['GB', 'IE'], oauth: true },
  { institution_id: 'ins_120001', name: 'Platypus Banque France', country_codes: ['FR'], oauth: true },
  { institution_id: 'ins_120002', name: 'Platypus Bank Nederland', country_codes: ['NL', 'BE'], oauth: true },
].map((i) => ({
  ...i,
  products: ['assets', 'auth', 'balance', 'transactions', 'identity'],
  routing_numbers: [],
  url: `https://${i.name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
  primary_color: '#1f1f1f',
  logo: null,
}));

const uid = () => crypto.randomBytes(18).toString('base64url').replace(/[-_]/g, 'x');
const uuid = () => crypto.randomUUID();
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (/** @type {string} */ ymd, /** @type {number} */ n) =>
  new Date(Date.parse(`${ymd}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** A small deterministic generator (mulberry32) for the dev bank. @param {number} seed */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MERCHANTS = ['Office Depot', 'Uber', 'Starbucks', 'Amazon', 'Shell', 'AT&T', 'Staples', 'FedEx', 'Delta', 'Whole Foods'];

/** The dev bank: accounts and transactions from the scenario (same seed, same bank). @param {Scenario} s */
function generateBank(s) {
  const random = rng(s.seed);
  /** @type {FakeAccount[]} */
  const accounts = [];
  /** @type {FakeTxn[]} */
  const txns = [];
  const end = today();
  for (let a = 0; a < s.accounts; a += 1) {
    const id = `acc-${s.seed}-${a + 1}`.padEnd(24, 'x');
    // An opening balance that keeps the account in credit (three purchases in four): $2,500 and $200 a transaction.
    let balance = 250_000 + s.transactionsPerAccount * 20_000;
    for (let i = 0; i < s.transactionsPerAccount + s.pendingPerAccount; i += 1) {
      const pending = i >= s.transactionsPerAccount;
      const cents = (random() < 0.25 ? 1 : -1) * (100 + Math.floor(random() * 50_000));
      const merchant = MERCHANTS[Math.floor(random() * MERCHANTS.length)];
      const date = pending ? addDays(end, -Math.floor(random() * 2)) : addDays(end, -Math.floor(random() * s.days) - 1);
      txns.push({
        id: `tx-${s.seed}-${a + 1}-${i + 1}`,
        account: id,
        date,
        amountCents: cents,
        label: `${cents > 0 ? 'DEPOSIT' : 'PURCHASE'} ${merchant.toUpperCase()}`,
        counterparty: merchant,
        pending,
      });
      if (!pending) balance += cents;
    }
    accounts.push({
      account_id: id,
      name: a === 0 ? 'Plaid Checking' : `Plaid Saving ${a}`,
      official_name: null,
      mask: String(1000 + a).slice(-4),
      type: 'depository',
      subtype: a === 0 ? 'checking' : 'savings',
      currency: 'USD',
      balanceCents: balance,
    });
  }
  return { accounts, txns };
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A PlaidError body (§2.5). @param {string} type @param {string} code @param {string} message @param {string | null} [reason] */
function plaidError(type, code, message, reason = null) {
  return {
    error_type: type,
    error_code: code,
    error_code_reason: reason,
    error_message: message,
    display_message: null,
    request_id: uid().slice(0, 15),
    causes: [],
    documentation_url: `https://plaid.com/docs/errors/${type.toLowerCase().replace(/_/g, '-')}/#${code.toLowerCase()}`,
    suggested_action: null,
  };
}

/** Thrown by a handler: the error answer. */
class Refusal extends Error {
  /** @param {number} status @param {string} type @param {string} code @param {string} message */
  constructor(status, type, code, message) {
    super(message);
    this.status = status;
    this.body = plaidError(type, code, message);
  }
}
const invalidField = (/** @type {string} */ message) => new Refusal(400, 'INVALID_REQUEST', 'INVALID_FIELD', message);

/** Opaque cursors: base64url of the position they stand for. @param {Record<string, unknown>} position */
const encodeCursor = (position) => Buffer.from(JSON.stringify(position)).toString('base64url');
/** @param {string} cursor */
function decodeCursor(cursor) {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (position && typeof position.s === 'number') return position;
  } catch {
    /* refused below */
  }
  throw invalidField('cursor is not a valid cursor');
}

/** @param {string} file */
function readStateFile(file) {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    return saved && saved.version === 1 ? saved : null;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT')
      process.stderr.write(`plaid fake: ignoring unreadable state file ${file}\n`);
    return null;
  }
}

/** Written whole to a temporary file, then renamed. @param {string} file @param {unknown} state */
function writeStateFile(file, state) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * `stateFile` (the dev script, never tests): the Items (access tokens, ids, consent) are saved
 * on every change and loaded at start, over the same generated bank, so a Strapi app's stored
 * tokens keep working after a restart.
 * @param {{ host?: string, port?: number, scenario?: Partial<Scenario>, stateFile?: string }} [options]
 */
async function startPlaidFake(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {Scenario} */
  const scenario = { ...defaultScenario(), ...options.scenario };
  const stateFile = options.stateFile ?? null;
  /** @type {Array<{ clientId: string, secret: string }>} */
  let keys = [{ clientId: scenario.clientId, secret: scenario.secret }];

  // The bank: its accounts, and every version of every transaction by sequence number.
  /** @type {FakeAccount[]} */
  let accounts = [];
  /** @type {Map<string, Version[]>} */
  let versions = new Map();
  let seq = 0;
  let generation = 0;
  /** @type {Map<string, Item>} by access token */
  const items = new Map();
  /** @type {Map<string, LinkToken>} */
  const linkTokens = new Map();
  /** @type {Map<string, { itemId: string | null, accountIds: string[], institutionId: string, daysRequested: number, webhook: string | null, expiresAt: number, used: boolean }>} */
  const publicTokens = new Map();
  /** @type {Fault | null} */
  let plannedFault = null;
  let syncPagesServed = 0;
  /** @type {Array<{ path: string, body: Record<string, unknown>, clientId: string | null, keysIn: string, version: unknown }>} */
  const requests = [];
  /** @type {string[]} item ids */
  const refreshes = [];
  /** @type {Array<{ url: string, status: number, body: unknown }>} */
  const webhooksSent = [];
  const signingKey = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `kid-${uid().slice(0, 12)}`;
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let origin = '';

  /** @param {FakeTxn} t */
  function book(t) {
    seq += 1;
    const list = versions.get(t.id) ?? [];
    list.push({ seq, txn: { ...t } });
    versions.set(t.id, list);
  }
  /** @param {string} id */
  function withdraw(id) {
    const list = versions.get(id);
    if (!list || !list[list.length - 1].txn) throw new Error(`plaid fake: no transaction ${id}`);
    seq += 1;
    list.push({ seq, txn: null });
  }
  /** The transaction as it stood at `at`. @param {Version[]} list @param {number} at */
  function stateAt(list, at) {
    /** @type {Version | null} */
    let found = null;
    for (const v of list) if (v.seq <= at) found = v;
    return found;
  }
  const currentOf = (/** @type {string} */ id) => {
    const list = versions.get(id);
    return list ? list[list.length - 1].txn : null;
  };

  /** @param {{ accounts: FakeAccount[], txns: FakeTxn[] }} bank */
  function loadBank(bank) {
    generation += 1;
    accounts = bank.accounts.map((a) => ({ ...a }));
    versions = new Map();
    seq = 0;
    for (const t of bank.txns) book(t);
    items.clear();
    linkTokens.clear();
    publicTokens.clear();
    plannedFault = null;
    syncPagesServed = 0;
  }

  const saved = stateFile ? readStateFile(stateFile) : null;
  loadBank(generateBank(scenario));
  if (saved && Array.isArray(saved.items)) {
    for (const it of saved.items) items.set(it.access_token, { ...it, calls: new Map() });
  }
  function persist() {
    if (!stateFile) return;
    try {
      writeStateFile(stateFile, { version: 1, items: [...items.values()].map(({ calls: _calls, ...it }) => it) });
    } catch (err) {
      process.stderr.write(`plaid fake: cannot save state to ${stateFile}: ${/** @type {Error} */ (err).message}\n`);
    }
  }

  /** @param {string} accountId */
  const account = (accountId) => accounts.find((a) => a.account_id === accountId);

  /** AccountBase (§2.3). @param {FakeAccount} a */
  function serializeAccount(a) {
    const current = a.balanceCents / 100;
    return {
      account_id: a.account_id,
      balances: {
        available: current,
        current,
        limit: null,
        iso_currency_code: a.currency,
        unofficial_currency_code: null,
        last_updated_datetime: null,
      },
      mask: a.mask,
      name: a.name,
      official_name: a.official_name,
      type: a.type,
      subtype: a.subtype,
      persistent_account_id: `persist-${a.account_id}`,
    };
  }

  /** Transaction (§2.3): positive amount = money out. @param {FakeTxn} t @param {boolean} original */
  function serializeTxn(t, original) {
    const a = account(t.account);
    return {
      account_id: t.account,
      transaction_id: t.id,
      amount: -t.amountCents / 100,
      iso_currency_code: a ? a.currency : 'USD',
      unofficial_currency_code: null,
      date: t.date,
      authorized_date: t.authorizedDate ?? t.date,
      datetime: null,
      authorized_datetime: null,
      name: t.label.slice(0, 32),
      merchant_name: t.counterparty,
      original_description: original ? t.label : null,
      pending: t.pending,
      pending_transaction_id: t.replaces ?? null,
      payment_channel: 'other',
      check_number: null,
      personal_finance_category: null,
      counterparties: t.counterparty
        ? [{ name: t.counterparty, type: 'merchant', entity_id: null, website: null, logo_url: null, confidence_level: 'HIGH' }]
        : [],
      location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
      payment_meta: {
        reference_number: null,
        ppd_id: null,
        payee: null,
        by_order_of: null,
        payer: null,
        payment_method: null,
        payment_processor: null,
        reason: null,
      },
      transaction_code: null,
      account_owner: null,
      logo_url: null,
      website: null,
      category: null,
      category_id: null,
      transaction_type: 'special',
      ...t.extra,
    };
  }

  /** Item (§2.3). @param {Item} it */
  function serializeItem(it) {
    const inst = INSTITUTIONS.find((i) => i.institution_id === it.institution_id);
    return {
      item_id: it.item_id,
      institution_id: it.institution_id,
      institution_name: inst ? inst.name : null,
      webhook: it.webhook ?? '',
      auth_method: null,
      error: it.error,
      available_products: ['balance'],
      billed_products: ['transactions'],
      products: ['transactions'],
      consented_products: ['transactions'],
      consent_expiration_time: it.consentExpiresAt,
      update_type: 'background',
      created_at: it.createdAt,
    };
  }

  /** The consent end of the bank set by setBank, if it named one. @type {string | null | undefined} */
  let bankConsent;
  const consentEnd = () =>
    bankConsent !== undefined
      ? bankConsent
      : scenario.consentDays === null
        ? null
        : new Date(Date.now() + scenario.consentDays * DAY_MS).toISOString();

  /** The client's keys, from the headers or the body (§2.1). @param {http.IncomingMessage} req @param {Record<string, unknown>} body */
  function authenticate(req, body) {
    const clientId = /** @type {string | undefined} */ (req.headers['plaid-client-id'] ?? body.client_id);
    const secret = /** @type {string | undefined} */ (req.headers['plaid-secret'] ?? body.secret);
    if (!clientId || !secret) {
      throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: client_id, secret');
    }
    if (!keys.some((k) => k.clientId === clientId && k.secret === secret)) {
      throw new Refusal(400, 'INVALID_INPUT', 'INVALID_API_KEYS', 'invalid client_id or secret provided');
    }
    return clientId;
  }

  /** The Item of an access token, its error answered first. @param {unknown} token @param {string} route */
  function itemOf(token, route) {
    if (typeof token !== 'string' || token === '')
      throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: access_token');
    if (!/^access-(sandbox|development|production)-/.test(token))
      throw new Refusal(400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format');
    const it = items.get(token);
    if (!it) throw new Refusal(400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is invalid or the Item was removed');
    limit(it, route);
    if (it.error && route !== '/item/get' && route !== '/item/remove') {
      const e = /** @type {{ error_type: string, error_code: string, error_message: string }} */ (it.error);
      throw new Refusal(400, e.error_type, e.error_code, e.error_message);
    }
    return it;
  }

  /** Per-Item rate limits (§2.6), by the minute. @param {Item} it @param {string} route */
  function limit(it, route) {
    const max = scenario.limits[route];
    if (!max) return;
    const now = Date.now();
    const calls = (it.calls.get(route) ?? []).filter((t) => t > now - 60_000);
    if (calls.length >= max) {
      const code = route === '/transactions/sync' ? 'TRANSACTIONS_SYNC_LIMIT' : route === '/accounts/get' ? 'ACCOUNTS_LIMIT' : 'RATE_LIMIT';
      throw new Refusal(429, 'RATE_LIMIT_EXCEEDED', code, `rate limit exceeded for ${route}`);
    }
    calls.push(now);
    it.calls.set(route, calls);
  }

  const loginRequired = () =>
    plaidError(
      'ITEM_ERROR',
      'ITEM_LOGIN_REQUIRED',
      "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
    );

  /**
   * The changes of an account stream between two positions (§2.4): what is new as `added`, what
   * changed as `modified`, what went as `removed`. From 0 only what exists, within the days asked.
   * @param {Item} it @param {string | null} accountId @param {number} from @param {number} to
   */
  function changes(it, accountId, from, to) {
    const inStream = (/** @type {FakeTxn} */ t) => (accountId ? t.account === accountId : it.accountIds.includes(t.account));
    const oldest = addDays(today(), -it.daysRequested);
    /** @type {FakeTxn[]} */ const added = [];
    /** @type {FakeTxn[]} */ const modified = [];
    /** @type {FakeTxn[]} */ const removed = [];
    for (const list of versions.values()) {
      const before = from > 0 ? stateAt(list, from) : null;
      const after = stateAt(list, to);
      const was = before?.txn ?? null;
      const is = after?.txn ?? null;
      if (is && !inStream(is)) continue;
      if (!is && was && inStream(was)) removed.push(was);
      else if (is && !was) {
        if (from === 0 && is.date < oldest) continue;
        added.push(is);
      } else if (is && was && before !== after) modified.push(is);
    }
    const byDate = (/** @type {FakeTxn} */ a, /** @type {FakeTxn} */ b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1;
    return [
      ...added.sort(byDate).map((txn) => ({ kind: 'added', txn })),
      ...modified.sort(byDate).map((txn) => ({ kind: 'modified', txn })),
      ...removed.sort(byDate).map((txn) => ({ kind: 'removed', txn })),
    ];
  }

  /** Did anything of the stream change after `at`? @param {Item} it @param {string | null} accountId @param {number} at */
  function changedSince(it, accountId, at) {
    for (const list of versions.values()) {
      for (const v of list) {
        if (v.seq <= at) continue;
        const t = v.txn ?? stateAt(list, v.seq - 1)?.txn;
        if (t && (accountId ? t.account === accountId : it.accountIds.includes(t.account))) return true;
      }
    }
    return false;
  }

  /** @type {Record<string, (body: Record<string, any>, clientId: string) => unknown>} */
  const routes = {
    '/link/token/create'(body) {
      for (const field of ['client_name', 'language', 'country_codes', 'user']) {
        if (body[field] === undefined)
          throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', `the following required fields are missing: ${field}`);
      }
      if (typeof body.client_name !== 'string' || body.client_name.length > 30)
        throw invalidField('client_name must be at most 30 characters');
      if (!Array.isArray(body.country_codes) || body.country_codes.length === 0)
        throw invalidField('country_codes must be a non-empty list');
      if (!body.user || typeof body.user.client_user_id !== 'string' || !body.user.client_user_id) {
        throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: user.client_user_id');
      }
      /** @type {Item | null} */
      let it = null;
      if (body.access_token) {
        it = items.get(body.access_token) ?? null;
        if (!it)
          throw new Refusal(400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is invalid or the Item was removed');
      } else if (!Array.isArray(body.products) || !body.products.includes('transactions')) {
        throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: products');
      }
      if (body.institution_id && !INSTITUTIONS.some((i) => i.institution_id === body.institution_id)) {
        throw new Refusal(400, 'INVALID_INPUT', 'INVALID_INSTITUTION', 'invalid institution_id provided');
      }
      const days = body.transactions?.days_requested ?? 90;
      if (!Number.isInteger(days) || days < 1 || days > 730) throw invalidField('transactions.days_requested must be between 1 and 730');
      const token = `link-sandbox-${uuid()}`;
      const lifetime = it ? 30 * 60_000 : 4 * 60 * 60_000;
      const hosted = body.hosted_link && typeof body.hosted_link === 'object' ? body.hosted_link : null;
      linkTokens.set(token, {
        token,
        mode: it ? 'update' : 'new',
        itemId: it ? it.item_id : null,
        completion: hosted?.completion_redirect_uri ?? null,
        expiresAt: Date.now() + (hosted?.url_lifetime_seconds ? Math.min(lifetime, hosted.url_lifetime_seconds * 1000) : lifetime),
        createdAt: new Date().toISOString(),
        institutionId: body.institution_id ?? null,
        daysRequested: days,
        webhook: body.webhook ?? null,
        sessions: [],
      });
      const entry = /** @type {LinkToken} */ (linkTokens.get(token));
      return {
        link_token: token,
        expiration: new Date(entry.expiresAt).toISOString(),
        ...(hosted ? { hosted_link_url: `${origin}/hosted-link/${token}` } : {}),
      };
    },

    '/link/token/get'(body) {
      const entry = linkTokens.get(body.link_token);
      if (!entry) throw new Refusal(400, 'INVALID_INPUT', 'INVALID_LINK_TOKEN', 'provided link token is invalid');
      return {
        link_token: entry.token,
        created_at: entry.createdAt,
        expiration: new Date(entry.expiresAt).toISOString(),
        link_sessions: entry.sessions,
        metadata: {
          initial_products: ['transactions'],
          webhook: entry.webhook,
          country_codes: ['US'],
          language: 'en',
          institution_data: null,
          account_filters: null,
          redirect_uri: null,
          client_name: 'Bank Sync',
        },
      };
    },

    '/item/public_token/exchange'(body) {
      const entry = publicTokens.get(body.public_token);
      if (!entry || entry.used || entry.expiresAt < Date.now()) {
        throw new Refusal(400, 'INVALID_INPUT', 'INVALID_PUBLIC_TOKEN', 'provided public token is expired or was already exchanged');
      }
      entry.used = true;
      const it = {
        item_id: uid(),
        access_token: `access-sandbox-${uuid()}`,
        institution_id: entry.institutionId,
        accountIds: entry.accountIds,
        daysRequested: entry.daysRequested,
        consentExpiresAt: consentEnd(),
        error: null,
        webhook: entry.webhook,
        createdAt: new Date().toISOString(),
        lastSync: null,
        calls: new Map(),
      };
      items.set(it.access_token, it);
      persist();
      return { access_token: it.access_token, item_id: it.item_id };
    },

    '/sandbox/public_token/create'(body) {
      if (!INSTITUTIONS.some((i) => i.institution_id === body.institution_id))
        throw new Refusal(400, 'INVALID_INPUT', 'INVALID_INSTITUTION', 'invalid institution_id provided');
      const token = `public-sandbox-${uuid()}`;
      publicTokens.set(token, {
        itemId: null,
        accountIds: accounts.map((a) => a.account_id),
        institutionId: body.institution_id,
        daysRequested: body.options?.transactions?.days_requested ?? 90,
        webhook: body.options?.webhook ?? null,
        expiresAt: Date.now() + 30 * 60_000,
        used: false,
      });
      return { public_token: token };
    },

    '/accounts/get'(body) {
      const it = itemOf(body.access_token, '/accounts/get');
      const wanted = body.options?.account_ids;
      return {
        accounts: it.accountIds
          .filter((id) => !wanted || wanted.includes(id))
          .map((id) => account(id))
          .filter(Boolean)
          .map((a) => serializeAccount(/** @type {FakeAccount} */ (a))),
        item: serializeItem(it),
      };
    },

    '/item/get'(body) {
      const it = itemOf(body.access_token, '/item/get');
      return {
        item: serializeItem(it),
        status: { transactions: { last_successful_update: it.lastSync, last_failed_update: null }, last_webhook: null },
      };
    },

    '/item/remove'(body) {
      const it = itemOf(body.access_token, '/item/remove');
      items.delete(it.access_token);
      persist();
      return {};
    },

    '/transactions/refresh'(body) {
      const it = itemOf(body.access_token, '/transactions/refresh');
      refreshes.push(it.item_id);
      return {};
    },

    '/transactions/sync'(body) {
      const count = body.count ?? 100;
      if (!Number.isInteger(count) || count < 1 || count > 500) throw invalidField('count must be an integer between 1 and 500');
      const it = itemOf(body.access_token, '/transactions/sync');
      const accountId = body.options?.account_id ?? null;
      if (accountId && !it.accountIds.includes(accountId))
        throw new Refusal(400, 'INVALID_INPUT', 'INVALID_ACCOUNT_ID', 'one or more of the account IDs is invalid');
      if (plannedFault && syncPagesServed >= plannedFault.afterPages) {
        const fault = plannedFault;
        plannedFault = null;
        if (fault.code === 'ITEM_LOGIN_REQUIRED') it.error = loginRequired();
        throw new Refusal(fault.status, fault.type, fault.code, fault.message ?? `${fault.code.toLowerCase().replace(/_/g, ' ')}`);
      }
      const cursor =
        typeof body.cursor === 'string' && body.cursor !== ''
          ? decodeCursor(body.cursor)
          : { s: 0, g: generation, i: it.item_id, a: accountId };
      if (cursor.g !== generation || cursor.i !== it.item_id || (cursor.a ?? null) !== accountId)
        throw invalidField('cursor does not belong to this Item and account');
      // A loop's later pages are read at the position its first page was: data changed meanwhile fails.
      const to = typeof cursor.t === 'number' ? cursor.t : seq;
      if (typeof cursor.t === 'number' && changedSince(it, accountId, cursor.t)) {
        throw new Refusal(
          400,
          'TRANSACTIONS_ERROR',
          'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION',
          'underlying transaction data changed since last page was fetched. Please restart pagination from last update.',
        );
      }
      const all = changes(it, accountId, cursor.s, to);
      const offset = cursor.o ?? 0;
      const size = Math.min(count, scenario.pageMax);
      const page = all.slice(offset, offset + size);
      const hasMore = offset + size < all.length;
      syncPagesServed += 1;
      if (api.onSyncPage) api.onSyncPage(syncPagesServed);
      it.lastSync = new Date().toISOString();
      const original = body.options?.include_original_description === true;
      return {
        added: page.filter((c) => c.kind === 'added').map((c) => serializeTxn(c.txn, original)),
        modified: page.filter((c) => c.kind === 'modified').map((c) => serializeTxn(c.txn, original)),
        removed: page.filter((c) => c.kind === 'removed').map((c) => ({ transaction_id: c.txn.id, account_id: c.txn.account })),
        accounts: it.accountIds
          .filter((id) => !accountId || id === accountId)
          .map((id) => serializeAccount(/** @type {FakeAccount} */ (account(id)))),
        next_cursor: encodeCursor(
          hasMore
            ? { g: generation, i: it.item_id, a: accountId, s: cursor.s, t: to, o: offset + size }
            : { g: generation, i: it.item_id, a: accountId, s: to },
        ),
        has_more: hasMore,
        transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
      };
    },

    '/institutions/search'(body) {
      if (typeof body.query !== 'string' || body.query.trim() === '')
        throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: query');
      if (!Array.isArray(body.country_codes) || body.country_codes.length === 0)
        throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: country_codes');
      const q = body.query.trim().toLowerCase();
      const products = Array.isArray(body.products) ? body.products : [];
      return {
        institutions: INSTITUTIONS.filter(
          (i) =>
            i.name.toLowerCase().includes(q) &&
            i.country_codes.some((c) => body.country_codes.includes(c)) &&
            products.every((p) => i.products.includes(p)),
        ),
      };
    },

    '/institutions/get_by_id'(body) {
      if (!Array.isArray(body.country_codes) || body.country_codes.length === 0)
        throw new Refusal(400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'the following required fields are missing: country_codes');
      const inst = INSTITUTIONS.find(
        (i) => i.institution_id === body.institution_id && i.country_codes.some((c) => body.country_codes.includes(c)),
      );
      if (!inst) throw new Refusal(400, 'INVALID_INPUT', 'INVALID_INSTITUTION', 'invalid institution_id provided');
      return { institution: inst };
    },

    '/webhook_verification_key/get'(body) {
      if (body.key_id !== kid) throw new Refusal(400, 'INVALID_INPUT', 'INVALID_WEBHOOK_VERIFICATION_KEY_ID', 'invalid key_id provided');
      const jwk = signingKey.publicKey.export({ format: 'jwk' });
      return {
        key: {
          alg: 'ES256',
          crv: jwk.crv,
          kid,
          kty: jwk.kty,
          use: 'sig',
          x: jwk.x,
          y: jwk.y,
          created_at: Math.floor(Date.now() / 1000) - 86_400,
          expired_at: null,
        },
      };
    },

    '/sandbox/item/reset_login'(body) {
      const it = itemOf(body.access_token, '/sandbox/item/reset_login');
      it.error = loginRequired();
      return { reset_login: true };
    },

    '/sandbox/item/fire_webhook'(body) {
      const it = itemOf(body.access_token, '/sandbox/item/fire_webhook');
      if (!it.webhook) throw invalidField('the Item has no webhook');
      void api.sendWebhook(it.webhook, {
        webhook_type: body.webhook_type ?? 'TRANSACTIONS',
        webhook_code: body.webhook_code ?? 'SYNC_UPDATES_AVAILABLE',
        item_id: it.item_id,
        initial_update_complete: true,
        historical_update_complete: true,
        environment: 'sandbox',
      });
      return { webhook_fired: true };
    },
  };

  /** The Hosted Link page (Plaid's, stood in for): the user links the bank (or refuses), and is sent to completion_redirect_uri. @param {string} token @param {http.ServerResponse} res */
  function hostedLink(token, res) {
    const entry = linkTokens.get(token);
    if (!entry || entry.expiresAt < Date.now()) {
      res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Plaid</title><p>This link has expired.</p>');
      return;
    }
    const now = new Date().toISOString();
    /** @type {Record<string, any>} */
    const session = {
      link_session_id: uuid(),
      started_at: now,
      finished_at: now,
      events: [],
      exit: null,
      results: null,
      on_success: null,
      on_exit: null,
    };
    if (scenario.denyConsent) {
      session.exit = {
        error: null,
        metadata: { status: 'requires_credentials', institution: null, link_session_id: session.link_session_id, request_id: uid() },
      };
    } else if (entry.mode === 'update') {
      const it = [...items.values()].find((i) => i.item_id === entry.itemId);
      if (it) {
        it.error = null;
        it.consentExpiresAt = consentEnd();
        persist();
      }
      session.events = [{ event_name: 'HANDOFF', timestamp: now, event_id: uuid(), event_metadata: {} }];
    } else {
      const publicToken = `public-sandbox-${uuid()}`;
      const institutionId = entry.institutionId ?? INSTITUTIONS[0].institution_id;
      const inst = INSTITUTIONS.find((i) => i.institution_id === institutionId);
      publicTokens.set(publicToken, {
        itemId: null,
        accountIds: accounts.map((a) => a.account_id),
        institutionId,
        daysRequested: entry.daysRequested,
        webhook: entry.webhook,
        expiresAt: Date.now() + 30 * 60_000,
        used: false,
      });
      session.results = {
        item_add_results: [
          {
            public_token: publicToken,
            accounts: accounts.map((a) => ({ id: a.account_id, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype })),
            institution: { institution_id: institutionId, name: inst ? inst.name : null },
          },
        ],
        cra_item_add_results: [],
        cra_update_results: [],
        bank_income_results: [],
        payroll_income_results: [],
        document_income_results: null,
      };
      session.events = [{ event_name: 'HANDOFF', timestamp: now, event_id: uuid(), event_metadata: {} }];
    }
    entry.sessions.push(session);
    if (!entry.completion) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Plaid</title><p>Done. You can close this window.</p>');
      return;
    }
    res.writeHead(302, { Location: entry.completion });
    res.end();
  }

  /** @param {http.IncomingMessage} req @returns {Promise<string>} */
  const readBody = (req) =>
    new Promise((resolve, reject) => {
      /** @type {Buffer[]} */ const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    try {
      const hosted = /^\/hosted-link\/([^/]+)$/.exec(url.pathname);
      if (hosted && req.method === 'GET') return hostedLink(decodeURIComponent(hosted[1]), res);
      const handler = Object.prototype.hasOwnProperty.call(routes, url.pathname) ? routes[url.pathname] : null;
      if (!handler) return send(res, 404, plaidError('INVALID_REQUEST', 'UNKNOWN_FIELDS', `unknown route ${url.pathname}`));
      if (req.method !== 'POST') return send(res, 405, plaidError('INVALID_REQUEST', 'INVALID_HTTP_METHOD', 'only POST is accepted'));
      const raw = await readBody(req);
      /** @type {Record<string, any>} */
      let body;
      try {
        body = JSON.parse(raw || '{}');
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      } catch {
        return send(res, 400, plaidError('INVALID_REQUEST', 'INVALID_BODY', 'body could not be parsed as JSON'));
      }
      let clientId = null;
      try {
        clientId = authenticate(req, body);
        const { client_id: _id, secret: _secret, ...logged } = body;
        requests.push({
          path: url.pathname,
          body: logged,
          clientId,
          keysIn: req.headers['plaid-secret'] ? 'headers' : 'body',
          version: req.headers['plaid-version'] ?? null,
        });
        const answer = /** @type {Record<string, unknown>} */ (routes[url.pathname](body, clientId));
        send(res, 200, { ...answer, request_id: uid().slice(0, 15) });
      } catch (err) {
        if (err instanceof Refusal) return send(res, err.status, err.body);
        throw err;
      }
    } catch (err) {
      send(
        res,
        500,
        plaidError('API_ERROR', 'INTERNAL_SERVER_ERROR', `an unexpected error occurred: ${/** @type {Error} */ (err).message}`),
      );
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, host, () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://${host}:${address.port}`;

  const api = {
    port: address.port,
    apiUrl: origin,
    requests,
    refreshes,
    webhooksSent,
    scenario,
    /** Called after each /transactions/sync page served (its number since setBank or failOnce): tests change the bank between pages. @type {((page: number) => void) | null} */
    onSyncPage: /** @type {((page: number) => void) | null} */ (null),
    /** @param {Partial<Scenario>} patch */
    setScenario(patch) {
      Object.assign(scenario, patch);
    },
    /** Key pairs accepted from now on. @param {Array<{ clientId: string, secret: string }>} list */
    setKeys(list) {
      keys = list.map((k) => ({ ...k }));
    },
    /** Replaces the bank; Items, tokens and cursors start anew; new Items' consent ends at `consentExpiresAt` when given. @param {{ accounts: FakeAccount[], txns: FakeTxn[], consentExpiresAt?: string | null }} bank */
    setBank(bank) {
      loadBank(bank);
      bankConsent = bank.consentExpiresAt;
    },
    /** The bank books a transaction (posted or pending) on an existing account. @param {FakeTxn} t */
    addTransaction(t) {
      if (!account(t.account)) throw new Error(`plaid fake: unknown account ${t.account}`);
      if (currentOf(t.id)) throw new Error(`plaid fake: transaction ${t.id} exists`);
      book(t);
      if (!t.pending) /** @type {FakeAccount} */ (account(t.account)).balanceCents += t.amountCents;
    },
    /** A pending transaction posts: removed under its id, booked under the posted one's with pending_transaction_id. @param {string} pendingId @param {FakeTxn} posted */
    settle(pendingId, posted) {
      withdraw(pendingId);
      api.addTransaction({ ...posted, pending: false, replaces: pendingId });
    },
    /** The bank changes a transaction (a `modified` for the streams that gave it). @param {string} id @param {{ label?: string, amountCents?: number }} change */
    modify(id, change) {
      const t = currentOf(id);
      if (!t) throw new Error(`plaid fake: no transaction ${id}`);
      const a = /** @type {FakeAccount} */ (account(t.account));
      if (change.amountCents !== undefined && !t.pending) a.balanceCents += change.amountCents - t.amountCents;
      book({
        ...t,
        ...(change.label !== undefined ? { label: change.label } : {}),
        ...(change.amountCents !== undefined ? { amountCents: change.amountCents } : {}),
      });
    },
    /** The bank withdraws a transaction (a `removed`). @param {string} id */
    remove(id) {
      const t = currentOf(id);
      if (t && !t.pending) /** @type {FakeAccount} */ (account(t.account)).balanceCents -= t.amountCents;
      withdraw(id);
    },
    /** The next /transactions/sync after `afterPages` pages fails so, once (ITEM_LOGIN_REQUIRED stays until update-mode Link). @param {Fault} fault */
    failOnce(fault) {
      plannedFault = fault;
      syncPagesServed = 0;
    },
    /** The Item needs its user again (ITEM_LOGIN_REQUIRED on every call but /item/get) until update-mode Link. @param {string} accessToken */
    resetLogin(accessToken) {
      const it = items.get(accessToken);
      if (it) it.error = loginRequired();
    },
    /** The Items, to read their state. */
    items: () => [...items.values()],
    /** A webhook body signed as Plaid does: the Plaid-Verification JWT (ES256, kid, iat, request_body_sha256); `unknownKey` signs with a key Plaid does not publish. @param {unknown} body @param {{ iat?: number, tamper?: boolean, unknownKey?: boolean }} [opts] */
    signWebhook(body, opts = {}) {
      const rawBody = JSON.stringify(body, null, 2);
      const b64 = (/** @type {unknown} */ o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const head = b64({ alg: 'ES256', kid: opts.unknownKey ? `${kid}-unpublished` : kid, typ: 'JWT' });
      const claims = b64({
        iat: opts.iat ?? Math.floor(Date.now() / 1000),
        request_body_sha256: crypto.createHash('sha256').update(rawBody).digest('hex'),
      });
      const signature = crypto
        .sign('sha256', Buffer.from(`${head}.${claims}`), { key: signingKey.privateKey, dsaEncoding: 'ieee-p1363' })
        .toString('base64url');
      return {
        rawBody: opts.tamper ? rawBody.replace('}', ', "extra": 1}') : rawBody,
        headers: { 'Content-Type': 'application/json', 'Plaid-Verification': `${head}.${claims}.${signature}` },
      };
    },
    /** POSTs a signed webhook to `url`. @param {string} url @param {unknown} body */
    async sendWebhook(url, body) {
      const { rawBody, headers } = api.signWebhook(body);
      const answer = await fetch(url, { method: 'POST', headers, body: rawBody });
      webhooksSent.push({ url, status: answer.status, body });
      return answer.status;
    },
    /** @returns {Promise<void>} */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
  return api;
}

module.exports = { startPlaidFake, defaultScenario, PLAID_VERSION };

if (require.main === module) {
  const port = Number(process.env.PLAID_FAKE_PORT ?? 3902);
  // Optional scenario as JSON, e.g. PLAID_FAKE_SCENARIO='{"accounts":1,"consentDays":null}'.
  const scenario = process.env.PLAID_FAKE_SCENARIO ? JSON.parse(process.env.PLAID_FAKE_SCENARIO) : undefined;
  // Optional state file, e.g. PLAID_FAKE_STATE=playground/.tmp/plaid-fake-state.json.
  const stateFile = process.env.PLAID_FAKE_STATE || undefined;
  startPlaidFake({ host: '127.0.0.1', port, scenario, stateFile }).then(
    (fake) => {
      process.stdout.write(`plaid fake listening on http://127.0.0.1:${fake.port}\n`);
      const stop = () => {
        fake.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`plaid fake failed to start: ${err && err.message}\n`);
      process.exit(1);
    },
  );
}
