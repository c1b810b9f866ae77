// @ts-check
/**
 * Local fake of the Salt Edge Account Information API (v6 under /api/v6, v5 under /api/v5), for
 * tests and the dev script. Follows /work/shared/reference/provider-apis.md §3 and §5: `App-id` /
 * `Secret` headers (and, when a client public key is set, the `Expires-at` / `Signature` request
 * signature), `{ data, meta: { next_id, next_page } }` lists read on with `from_id`, ids as 18-digit
 * numbers in text that grow with time, `{ error: { class, message } }` errors,
 * ConnectionCannotBeRefreshed with `next_refresh_possible_at`, customers, connect / reconnect
 * sessions with a consent page, consents, accounts, posted and pending transactions, background
 * refresh attempts that finish after a few polls, and callbacks signed over `<url>|<body>`.
 * Plain HTTP on loopback; only Node built-ins. Start with `startSaltEdgeFake()` or run this file.
 *
 * Where the reference leaves it open, this fake decides (and the provider must not depend on
 * more): HTTP statuses per error class (400 request, 401 keys, 403 client, 404 not found,
 * 406 refresh refused / consent ended, 409 conflict, 429 throttled, 503 bank down); the return
 * to `return_to` carries `connection_id` on success and `error_class` / `error_message` on
 * failure, `return_to`'s own query kept.
 */
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { URL } = require('node:url');

const DAY_MS = 24 * 60 * 60 * 1000;
const VERSIONS = ['v5', 'v6'];
const DOCS = 'https://docs.saltedge.com/account_information/v5/#errors';

/**
 * @typedef {Object} Scenario
 * @property {string} appId
 * @property {string} secret
 * @property {number} seed
 * @property {number} accounts generated bank: accounts
 * @property {number} transactionsPerAccount
 * @property {number} pendingPerAccount
 * @property {string} endDate YYYY-MM-DD, newest day of the generated bank
 * @property {number} days
 * @property {number} pageMax largest page served (Salt Edge: 1000)
 * @property {number} consentDays consent length of a new or renewed consent
 * @property {boolean} denyConsent the consent page refuses (ProviderAccessNotGranted)
 * @property {number} rateLimitNext the next N API calls answer 429 RateLimitExceeded
 * @property {number | null} retryAfterSeconds Retry-After of those 429s (null: none, as Salt Edge documents none)
 * @property {number} refreshIntervalSeconds after a refresh, next_refresh_possible_at is this far
 * @property {number} refreshPolls GET /connections/{id} polls before a refresh attempt finishes
 * @property {string | null} refreshFailsWith the error class a refresh attempt ends with (null: success)
 * @property {number} backgroundFetchesPerDay PSD2 limit (BackgroundFetchLimitExceeded beyond it)
 * @property {string | null} clientPublicKey PEM: every request must be signed with its private key
 * @property {'error' | 'html' | null} failNextListing the next transaction listing fails so (a 503 ProviderUnavailable or an HTML page with status 200)
 *
 * @typedef {{ id: string, key: string, accountId: string, status: 'posted' | 'pending', made_on: string, amount: number,
 *   currency_code: string, description: string, payee: string | null, payer: string | null, created_at: string, duplicated: boolean,
 *   extra?: Record<string, unknown> }} Txn
 * @typedef {{ id: string, key: string, name: string, iban: string, currency: string, balanceCents: number, connectionId: string | null,
 *   nature: string }} Account
 * @typedef {{ id: string, identifier: string, secret: string, created_at: string }} Customer
 * @typedef {{ id: string, customerId: string, providerCode: string, status: 'active' | 'inactive' | 'disabled', lastConsentId: string | null,
 *   nextRefreshAt: string | null, createdAt: string, updatedAt: string, attempt: Record<string, unknown>, polls: number,
 *   backgroundFetches: number[] }} Connection
 * @typedef {{ id: string, connectionId: string, customerId: string, scopes: string[], expiresAt: string | null, createdAt: string,
 *   revokedAt: string | null }} Consent
 * @typedef {{ token: string, customerId: string, connectionId: string | null, providerCode: string | null, returnTo: string,
 *   scopes: string[], expiresAt: number, used: boolean, version: string }} Session
 * @typedef {{ method: string, path: string, query: Record<string, string>, appId: string | null, signed: boolean }} LoggedRequest
 * @typedef {{ afterPages: number, status: number, errorClass: string, message: string, retryAfter?: number }} Fault
 */

/** @returns {Scenario} */
function defaultScenario() {
  return {
    appId: 'saltedge-app-id',
    secret: 'saltedge-secret',
    seed: 1,
    accounts: 2,
    transactionsPerAccount: 120,
    pendingPerAccount: 2,
    endDate: new Date().toISOString().slice(0, 10),
    days: 60,
    pageMax: 1000,
    consentDays: 90,
    denyConsent: false,
    rateLimitNext: 0,
    retryAfterSeconds: 30,
    refreshIntervalSeconds: 3600,
    refreshPolls: 2,
    refreshFailsWith: null,
    backgroundFetchesPerDay: 4,
    clientPublicKey: null,
    failNextListing: null,
  };
}
const DATA_KEYS = ['accounts', 'transactionsPerAccount', 'pendingPerAccount', 'endDate', 'days', 'seed'];

// ---------------------------------------------------------------------------------------------
// Static data: providers (institutions)
// ---------------------------------------------------------------------------------------------

/** @type {Array<[string, string, string, string]>} code, name, country, status */
const PROVIDERS = [
  ['fakebank_simple_xf', 'Fake Bank Simple', 'XF', 'active'],
  ['fakebank_oauth_xf', 'Fake Bank with OAuth', 'XF', 'active'],
  ['fakebank_interactive_xf', 'Fake Bank Interactive', 'XF', 'inactive'],
  ['kbc_business_be', 'KBC Business', 'BE', 'active'],
  ['belfius_be', 'Belfius', 'BE', 'active'],
  ['ing_be', 'ING Belgium', 'BE', 'active'],
  ['bnp_paribas_fortis_be', 'BNP Paribas Fortis', 'BE', 'active'],
  ['abn_amro_nl', 'ABN AMRO', 'NL', 'active'],
  ['barclays_business_gb', 'Barclays Business', 'GB', 'active'],
  ['santander_es', 'Banco Santander', 'ES', 'active'],
  ['deutsche_bank_de', 'Deutsche Bank', 'DE', 'active'],
  ['old_savings_bank_de', 'Old Savings Bank', 'DE', 'disabled'],
];
const INSTITUTIONS = PROVIDERS.map(([code, name, country, status], i) => ({
  id: String(1000 + i),
  code,
  name,
  mode: code.includes('oauth') || country !== 'XF' ? 'oauth' : 'web',
  status,
  automatic_fetch: true,
  interactive: code.includes('interactive'),
  country_code: country,
  home_url: `https://${code.replace(/_/g, '-')}.example.test`,
  logo_url: `https://d1uuj3mi6rzwpm.cloudfront.net/logos/providers/${country.toLowerCase()}/${code}.svg`,
  regulated: country !== 'XF',
  max_consent_days: 180,
  max_fetch_interval: 730,
  supported_fetch_scopes: ['accounts', 'transactions'],
  created_at: '2020-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
}));
const COUNTRIES = [...new Set(PROVIDERS.map((p) => p[2]))].map((code) => ({ code, name: code, refresh_start_time: 2 }));

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32 PRNG seeded from the parts. @param {...(string | number)} parts @returns {() => number} */
function makeRng(...parts) {
  let a = parseInt(crypto.createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 8), 16);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** @param {string} ymd @param {number} n */
const addDays = (ymd, n) => new Date(Date.parse(`${ymd}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
const PAYEES = ['Office Supplies BV', 'Proximus SA', 'Engie Electrabel', 'Colruyt Group', 'SNCB-NMBS', 'Telenet', 'bpost'];
const PAYERS = ['Acme Customer NV', 'Globex SA', 'Initech BV'];

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
function send(res, status, body, headers = {}) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
/**
 * `{ error: { class, message, documentation_url } }` (v5, v6).
 * @param {http.ServerResponse} res @param {number} status @param {string} errorClass @param {string} message
 * @param {Record<string, unknown>} [extra] top-level additions @param {Record<string, string>} [headers]
 */
function apiError(res, status, errorClass, message, extra = {}, headers = {}) {
  send(res, status, { error: { class: errorClass, message, documentation_url: DOCS }, ...extra }, headers);
}
/** @param {http.ServerResponse} res @param {number} status @param {string} text */
function sendText(res, status, text) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
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

// ---------------------------------------------------------------------------------------------
// Optional state file (the dev script): customers, connections, consents and the bank survive a restart
// ---------------------------------------------------------------------------------------------

/** @param {string} file @returns {any} null when absent or unreadable */
function readStateFile(file) {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    return saved && saved.version === 1 ? saved : null;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT')
      process.stderr.write(`saltedge fake: ignoring unreadable state file ${file}\n`);
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

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

/**
 * `stateFile` (scripts/develop.js, never tests): the whole state is saved on every change and
 * loaded at start when it was made for the same bank (same data keys; its end date kept unless one is
 * given), so connections a Strapi app stored keep working after a restart, on a later day too.
 * @param {{ host?: string, port?: number, scenario?: Partial<Scenario>, stateFile?: string }} [options]
 */
async function startSaltEdgeFake(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {Scenario} */
  const scenario = { ...defaultScenario(), ...options.scenario };
  const stateFile = options.stateFile ?? null;

  let nextId = 140_000_000_000_000_000n;
  const newId = () => String((nextId += 1n));
  /** @type {Account[]} */
  let accounts = [];
  /** @type {Txn[]} */
  let transactions = [];
  /** @type {Map<string, Customer>} */
  const customers = new Map();
  /** @type {Map<string, Connection>} */
  const connections = new Map();
  /** @type {Map<string, Consent>} */
  const consents = new Map();
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** @type {Fault | null} */
  let plannedFault = null;
  let postedPagesServed = 0;
  /** @type {LoggedRequest[]} */
  const requests = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let origin = '';
  // Salt Edge's own key pair, that signs callbacks.
  const callbackKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

  /** The generated bank of the scenario (ids in booking order). */
  function generateBank() {
    accounts = [];
    transactions = [];
    const start = addDays(scenario.endDate, -(Math.max(1, scenario.days) - 1));
    for (let a = 0; a < scenario.accounts; a++) {
      const rng = makeRng(scenario.seed, 'account', a);
      const account = addAccount({ key: `acc${a + 1}`, name: `Business account ${a + 1}`, currency: 'EUR', balanceCents: 0 });
      const days = Array.from({ length: scenario.transactionsPerAccount }, () => Math.floor(rng() * Math.max(1, scenario.days))).sort(
        (x, y) => x - y,
      );
      let sum = 0;
      days.forEach((offset, i) => {
        const cents = Math.floor(rng() * 250_000 + 1) * (rng() < 0.35 ? 1 : -1);
        sum += cents;
        const party = cents < 0 ? PAYEES[i % PAYEES.length] : PAYERS[i % PAYERS.length];
        addTxn(account, {
          key: `${account.key}-t${i + 1}`,
          date: addDays(start, offset),
          amountCents: cents,
          label: `Invoice ${i + 1}`,
          counterparty: party,
        });
      });
      for (let p = 0; p < scenario.pendingPerAccount; p++) {
        addTxn(
          account,
          {
            key: `${account.key}-p${p + 1}`,
            date: scenario.endDate,
            amountCents: -1000 * (p + 1),
            label: `Card payment ${p + 1}`,
            counterparty: 'Delhaize',
          },
          'pending',
        );
      }
      account.balanceCents = Math.floor(rng() * 4_500_000) + 500_000 + sum;
    }
  }

  /** @param {{ key: string, name: string, currency: string, balanceCents: number, iban?: string }} a @returns {Account} */
  function addAccount(a) {
    const id = newId();
    const iban = a.iban ?? `BE${String(BigInt(id) % 10n ** 14n).padStart(14, '0')}`;
    /** @type {Account} */
    const account = {
      id,
      key: a.key,
      name: a.name,
      iban,
      currency: a.currency,
      balanceCents: a.balanceCents,
      connectionId: null,
      nature: 'checking',
    };
    accounts.push(account);
    return account;
  }

  /**
   * @param {Account} account @param {{ key: string, date: string, amountCents: number, label: string, counterparty: string | null }} t
   * @param {'posted' | 'pending'} [status] @returns {Txn}
   */
  function addTxn(account, t, status = 'posted') {
    const exponent = account.currency === 'JPY' ? 0 : 2;
    /** @type {Txn} */
    const txn = {
      id: newId(),
      key: t.key,
      accountId: account.id,
      status,
      made_on: t.date,
      amount: t.amountCents / 10 ** exponent,
      currency_code: account.currency,
      description: t.label,
      payee: t.amountCents < 0 ? t.counterparty : null,
      payer: t.amountCents < 0 ? null : t.counterparty,
      created_at: new Date().toISOString(),
      duplicated: false,
    };
    transactions.push(txn);
    return txn;
  }

  const saved = stateFile ? readStateFile(stateFile) : null;
  // The same bank as last time (same data keys), unless the end date was chosen explicitly: keep its end date
  // (it defaults to today, so a restart on a later day would otherwise forget every customer and connection).
  const sameBank =
    saved !== null && DATA_KEYS.every((k) => k === 'endDate' || saved.scenario[k] === scenario[/** @type {keyof Scenario} */ (k)]);
  if (sameBank && options.scenario?.endDate === undefined && typeof saved.scenario.endDate === 'string') {
    scenario.endDate = saved.scenario.endDate;
  }
  if (saved && sameBank && saved.scenario.endDate === scenario.endDate) {
    nextId = BigInt(saved.nextId);
    accounts = saved.accounts;
    transactions = saved.transactions;
    for (const c of saved.customers) customers.set(c.id, c);
    for (const c of saved.connections) connections.set(c.id, c);
    for (const c of saved.consents) consents.set(c.id, c);
  } else {
    generateBank();
  }

  function persist() {
    if (!stateFile) return;
    try {
      writeStateFile(stateFile, {
        version: 1,
        scenario: Object.fromEntries(DATA_KEYS.map((k) => [k, scenario[/** @type {keyof Scenario} */ (k)]])),
        nextId: String(nextId),
        accounts,
        transactions,
        customers: [...customers.values()],
        connections: [...connections.values()],
        consents: [...consents.values()],
      });
    } catch (err) {
      process.stderr.write(`saltedge fake: cannot save state to ${stateFile}: ${/** @type {Error} */ (err).message}\n`);
    }
  }
  persist();

  // ----- serializers (v5 shapes; v6 customers carry customer_id) -----

  /** @param {Customer} c @param {string} version */
  const serializeCustomer = (c, version) => ({
    ...(version === 'v6' ? { customer_id: c.id } : { id: c.id }),
    identifier: c.identifier,
    secret: c.secret,
    blocked_at: null,
    created_at: c.created_at,
    updated_at: c.created_at,
  });
  /** @param {Connection} c */
  const serializeConnection = (c) => {
    const provider = INSTITUTIONS.find((p) => p.code === c.providerCode);
    return {
      id: c.id,
      secret: crypto.createHash('sha256').update(`connection-secret:${c.id}`).digest('base64url'),
      provider_id: provider?.id ?? null,
      provider_code: c.providerCode,
      provider_name: provider?.name ?? c.providerCode,
      customer_id: c.customerId,
      country_code: provider?.country_code ?? 'XF',
      status: c.status,
      categorization: 'business',
      daily_refresh: true,
      store_credentials: false,
      show_consent_confirmation: false,
      last_consent_id: c.lastConsentId,
      last_success_at: c.attempt.success_at ?? null,
      next_refresh_possible_at: c.nextRefreshAt,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      last_attempt: c.attempt,
    };
  };
  /** @param {Consent} c */
  const serializeConsent = (c) => ({
    id: c.id,
    connection_id: c.connectionId,
    customer_id: c.customerId,
    status: c.revokedAt ? 'revoked' : c.expiresAt && Date.parse(c.expiresAt) < Date.now() ? 'expired' : 'active',
    scopes: c.scopes,
    period_days: c.expiresAt ? Math.round((Date.parse(c.expiresAt) - Date.parse(c.createdAt)) / DAY_MS) : null,
    expires_at: c.expiresAt,
    from_date: addDays(c.createdAt.slice(0, 10), -365),
    to_date: null,
    collected_by: 'client',
    revoked_by: c.revokedAt ? 'client' : null,
    revoked_at: c.revokedAt,
    created_at: c.createdAt,
    updated_at: c.createdAt,
  });
  /** @param {Account} a */
  const serializeAccount = (a) => ({
    id: a.id,
    connection_id: a.connectionId,
    name: a.iban,
    nature: a.nature,
    balance: a.balanceCents / (a.currency === 'JPY' ? 1 : 100),
    currency_code: a.currency,
    extra: { iban: a.iban, account_name: a.name, client_name: 'ACME SRL', status: 'active', available_amount: a.balanceCents / 100 },
    created_at: '2025-01-01T00:00:00Z',
    updated_at: new Date().toISOString(),
  });
  /** @param {Txn} t */
  const serializeTxn = (t) => ({
    id: t.id,
    account_id: t.accountId,
    duplicated: t.duplicated,
    mode: 'normal',
    status: t.status,
    made_on: t.made_on,
    amount: t.amount,
    currency_code: t.currency_code,
    description: t.description,
    category: t.amount < 0 ? 'business_services' : 'income',
    extra: {
      ...(t.payee ? { payee: t.payee } : {}),
      ...(t.payer ? { payer: t.payer } : {}),
      posting_date: t.made_on,
      time: '10:15:00',
      categorization_confidence: 1,
      ...t.extra,
    },
    created_at: t.created_at,
    updated_at: t.created_at,
  });

  /**
   * A page of a list in id order: from `from_id` (inclusive), at most `per_page` (and pageMax).
   * @template {{ id: string }} T @param {T[]} items @param {URLSearchParams} q @param {string} version @param {string} route
   * @returns {{ error: string } | { data: T[], meta: { next_id: string | null, next_page: string | null } }}
   */
  function paginate(items, q, version, route) {
    const perPageIn = q.has('per_page') ? Number(q.get('per_page')) : 1000;
    if (!Number.isInteger(perPageIn) || perPageIn < 1) return { error: 'per_page' };
    const perPage = Math.min(perPageIn, scenario.pageMax, 1000);
    const fromId = q.get('from_id');
    if (fromId !== null && !/^\d+$/.test(fromId)) return { error: 'from_id' };
    const sorted = [...items].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const start = fromId === null ? 0 : sorted.findIndex((it) => BigInt(it.id) >= BigInt(fromId));
    const data = start < 0 ? [] : sorted.slice(start, start + perPage);
    const next = start < 0 ? undefined : sorted[start + perPage];
    if (!next) return { data, meta: { next_id: null, next_page: null } };
    const query = new URLSearchParams(q);
    query.set('from_id', next.id);
    return { data, meta: { next_id: next.id, next_page: `/api/${version}${route}?${query}` } };
  }

  // ----- API endpoints -----

  /**
   * @typedef {{ req: http.IncomingMessage, res: http.ServerResponse, url: URL, version: string, params: string[], body: any }} Ctx
   */
  const badRequest = (/** @type {Ctx} */ ctx, /** @type {string} */ what) =>
    apiError(ctx.res, 400, 'WrongRequestFormat', `${what} is missing or invalid`);

  /** @param {Ctx} ctx */
  function listProviders(ctx) {
    const q = ctx.url.searchParams;
    const country = q.get('country_code');
    const fakes = q.get(ctx.version === 'v5' ? 'include_fake_providers' : 'include_sandboxes') === 'true';
    const items = INSTITUTIONS.filter((p) => (fakes || p.country_code !== 'XF') && (!country || p.country_code === country));
    const page = paginate(items, q, ctx.version, '/providers');
    if ('error' in page) return badRequest(ctx, page.error);
    send(ctx.res, 200, page);
  }
  /** @param {Ctx} ctx */
  function getProvider(ctx) {
    const p = INSTITUTIONS.find((i) => i.code === ctx.params[0]);
    if (!p) return apiError(ctx.res, 404, 'ProviderNotFound', `Provider with code: '${ctx.params[0]}' was not found.`);
    send(ctx.res, 200, { data: p });
  }
  /** @param {Ctx} ctx */
  function listCountries(ctx) {
    send(ctx.res, 200, { data: COUNTRIES });
  }
  /** @param {Ctx} ctx */
  function createCustomer(ctx) {
    const identifier = ctx.body?.data?.identifier;
    if (typeof identifier !== 'string' || identifier === '') return badRequest(ctx, 'data.identifier');
    if ([...customers.values()].some((c) => c.identifier === identifier)) {
      return apiError(ctx.res, 409, 'DuplicatedCustomer', `Customer with identifier '${identifier}' already exists.`);
    }
    /** @type {Customer} */
    const customer = {
      id: newId(),
      identifier,
      secret: crypto.randomBytes(24).toString('base64url'),
      created_at: new Date().toISOString(),
    };
    customers.set(customer.id, customer);
    persist();
    send(ctx.res, 200, { data: serializeCustomer(customer, ctx.version) });
  }
  /** @param {Ctx} ctx */
  function getCustomer(ctx) {
    const customer = customers.get(ctx.params[0]);
    if (!customer) return apiError(ctx.res, 404, 'CustomerNotFound', `Customer with id: '${ctx.params[0]}' was not found.`);
    send(ctx.res, 200, { data: serializeCustomer(customer, ctx.version) });
  }

  /** A connect or reconnect session. @param {Ctx} ctx @param {Connection | null} reconnect */
  function createSession(ctx, reconnect) {
    const data = ctx.body?.data;
    if (!data || typeof data !== 'object') return badRequest(ctx, 'data');
    const customerId = reconnect ? reconnect.customerId : String(data.customer_id ?? '');
    if (!customers.has(customerId)) return apiError(ctx.res, 404, 'CustomerNotFound', `Customer with id: '${customerId}' was not found.`);
    if (reconnect && data.customer_id !== undefined && String(data.customer_id) !== reconnect.customerId) {
      return apiError(ctx.res, 404, 'ConnectionNotFound', 'Connection not found for this customer.');
    }
    const scopes = data.consent?.scopes;
    if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string'))
      return badRequest(ctx, 'data.consent.scopes');
    const returnTo = data.attempt?.return_to;
    if (typeof returnTo !== 'string' || !/^https?:\/\//.test(returnTo)) return badRequest(ctx, 'data.attempt.return_to');
    const code = ctx.version === 'v5' ? data.provider_code : data.provider?.code;
    if (code !== undefined) {
      const provider = INSTITUTIONS.find((p) => p.code === code);
      if (!provider) return apiError(ctx.res, 404, 'ProviderNotFound', `Provider with code: '${code}' was not found.`);
      const fakes = ctx.version === 'v5' ? data.include_fake_providers === true : data.provider?.include_sandboxes === true;
      if (provider.country_code === 'XF' && !fakes) return apiError(ctx.res, 400, 'ProviderNotFound', 'Fake providers are not included.');
      if (provider.status !== 'active') return apiError(ctx.res, 400, 'ProviderInactive', `Provider '${code}' is ${provider.status}.`);
    }
    const token = crypto.randomBytes(18).toString('base64url');
    const expiresAt = Date.now() + 60 * 60 * 1000;
    sessions.set(token, {
      token,
      customerId,
      connectionId: reconnect ? reconnect.id : null,
      providerCode: typeof code === 'string' ? code : null,
      returnTo,
      scopes,
      expiresAt,
      used: false,
      version: ctx.version,
    });
    send(ctx.res, 200, { data: { connect_url: `${origin}/connect/${token}`, expires_at: new Date(expiresAt).toISOString() } });
  }
  /** @param {Ctx} ctx */
  const connectSession = (ctx) => createSession(ctx, null);
  /** @param {Ctx} ctx @param {string} id */
  function reconnectSession(ctx, id) {
    const connection = connections.get(id);
    if (!connection) return apiError(ctx.res, 404, 'ConnectionNotFound', `Connection with id: '${id}' was not found.`);
    return createSession(ctx, connection);
  }

  /** @param {Ctx} ctx @returns {Connection | undefined} */
  function connectionOr404(ctx, id = ctx.params[0]) {
    const connection = connections.get(id);
    if (!connection) apiError(ctx.res, 404, 'ConnectionNotFound', `Connection with id: '${id}' was not found.`);
    return connection;
  }
  /** @param {Ctx} ctx */
  function listConnections(ctx) {
    const customerId = ctx.url.searchParams.get('customer_id');
    if (!customerId) return badRequest(ctx, 'customer_id');
    if (!customers.has(customerId)) return apiError(ctx.res, 404, 'CustomerNotFound', `Customer with id: '${customerId}' was not found.`);
    const page = paginate(
      [...connections.values()].filter((c) => c.customerId === customerId),
      ctx.url.searchParams,
      ctx.version,
      '/connections',
    );
    if ('error' in page) return badRequest(ctx, page.error);
    send(ctx.res, 200, { data: page.data.map(serializeConnection), meta: page.meta });
  }
  /** @param {Ctx} ctx */
  function getConnection(ctx) {
    const connection = connectionOr404(ctx);
    if (!connection) return;
    // A refresh attempt moves on with each look at the connection.
    if (connection.attempt.finished === false) {
      connection.polls += 1;
      if (connection.polls >= Math.max(1, scenario.refreshPolls)) finishAttempt(connection);
    }
    send(ctx.res, 200, { data: serializeConnection(connection) });
  }
  /** @param {Connection} connection */
  function finishAttempt(connection) {
    const now = new Date().toISOString();
    const failed = scenario.refreshFailsWith;
    Object.assign(connection.attempt, {
      finished: true,
      finished_recent: true,
      success_at: failed ? null : now,
      fail_at: failed ? now : null,
      fail_error_class: failed,
      fail_message: failed ? `The attempt failed (${failed})` : null,
      last_stage: { name: 'finish', created_at: now },
      updated_at: now,
    });
    if (failed && ['ConsentExpired', 'InvalidCredentials', 'ProviderAccessNotGranted'].includes(failed)) connection.status = 'inactive';
    connection.updatedAt = now;
    persist();
  }
  /** @param {Ctx} ctx */
  function deleteConnection(ctx) {
    const connection = connectionOr404(ctx);
    if (!connection) return;
    connections.delete(connection.id);
    for (const c of consents.values()) if (c.connectionId === connection.id && !c.revokedAt) c.revokedAt = new Date().toISOString();
    persist();
    send(ctx.res, 200, { data: { removed: true, id: connection.id } });
  }
  /** PUT (v5) or POST (v6) /connections/{id}/refresh: a background fetch. @param {Ctx} ctx */
  function refreshConnection(ctx) {
    const connection = connectionOr404(ctx);
    if (!connection) return;
    const data = ctx.body?.data;
    if (!data || typeof data !== 'object') return badRequest(ctx, 'data');
    if (connection.status === 'disabled') return apiError(ctx.res, 406, 'ConnectionDisabled', 'The connection is disabled.');
    if (connection.attempt.finished === false)
      return apiError(ctx.res, 409, 'ConnectionAlreadyProcessing', 'The connection is being processed.');
    const now = Date.now();
    if (connection.nextRefreshAt && Date.parse(connection.nextRefreshAt) > now) {
      return apiError(
        ctx.res,
        406,
        'ConnectionCannotBeRefreshed',
        `The connection cannot be refreshed before ${connection.nextRefreshAt}.`,
        {
          next_refresh_possible_at: connection.nextRefreshAt,
        },
      );
    }
    connection.backgroundFetches = connection.backgroundFetches.filter((t) => now - t < DAY_MS);
    if (connection.backgroundFetches.length >= scenario.backgroundFetchesPerDay) {
      return apiError(ctx.res, 406, 'BackgroundFetchLimitExceeded', 'Background fetch limit (4 per 24 hours) exceeded.');
    }
    connection.backgroundFetches.push(now);
    connection.attempt = newAttempt(connection, false);
    connection.polls = 0;
    connection.nextRefreshAt = new Date(now + scenario.refreshIntervalSeconds * 1000).toISOString();
    persist();
    send(ctx.res, 200, {
      data:
        ctx.version === 'v5' ? serializeConnection(connection) : { id: connection.id, customer_id: connection.customerId, refreshed: true },
    });
  }
  /** @param {Connection | null} connection @param {boolean} finished */
  function newAttempt(connection, finished) {
    const now = new Date().toISOString();
    return {
      id: newId(),
      api_mode: 'service',
      api_version: '5',
      automatic_fetch: !finished,
      user_present: finished,
      daily_refresh: true,
      categorization: 'business',
      fetch_scopes: ['accounts', 'transactions'],
      finished,
      finished_recent: finished,
      partial: false,
      interactive: false,
      consent_id: connection?.lastConsentId ?? null,
      success_at: finished ? now : null,
      fail_at: null,
      fail_error_class: null,
      fail_message: null,
      created_at: now,
      updated_at: now,
      last_stage: { name: finished ? 'finish' : 'fetching', created_at: now },
    };
  }

  /** @param {Ctx} ctx */
  function listConsents(ctx) {
    const connectionId = ctx.url.searchParams.get('connection_id');
    const customerId = ctx.url.searchParams.get('customer_id');
    if (!connectionId && !customerId) return badRequest(ctx, 'connection_id or customer_id');
    if (connectionId && !connectionOr404(ctx, connectionId)) return;
    const items = [...consents.values()].filter(
      (c) => (!connectionId || c.connectionId === connectionId) && (!customerId || c.customerId === customerId),
    );
    const page = paginate(items, ctx.url.searchParams, ctx.version, '/consents');
    if ('error' in page) return badRequest(ctx, page.error);
    send(ctx.res, 200, { data: page.data.map(serializeConsent), meta: page.meta });
  }
  /** @param {Ctx} ctx */
  function listAccounts(ctx) {
    const connectionId = ctx.url.searchParams.get('connection_id');
    if (!connectionId) return badRequest(ctx, 'connection_id');
    if (!connectionOr404(ctx, connectionId)) return;
    const page = paginate(
      accounts.filter((a) => a.connectionId === connectionId),
      ctx.url.searchParams,
      ctx.version,
      '/accounts',
    );
    if ('error' in page) return badRequest(ctx, page.error);
    send(ctx.res, 200, { data: page.data.map(serializeAccount), meta: page.meta });
  }
  /** @param {boolean} pending @returns {(ctx: Ctx) => void} */
  const listTransactions = (pending) => (ctx) => {
    const q = ctx.url.searchParams;
    const connectionId = q.get('connection_id');
    const accountId = q.get('account_id');
    if (!connectionId) return badRequest(ctx, 'connection_id');
    if (!pending && plannedFault && postedPagesServed >= plannedFault.afterPages) {
      const f = plannedFault;
      plannedFault = null;
      return apiError(ctx.res, f.status, f.errorClass, f.message, {}, f.retryAfter ? { 'Retry-After': String(f.retryAfter) } : {});
    }
    if (!pending && scenario.failNextListing) {
      const how = scenario.failNextListing;
      scenario.failNextListing = null;
      if (how === 'html') {
        ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return ctx.res.end('<html><body><h1>Service temporarily unavailable</h1></body></html>');
      }
      return apiError(ctx.res, 503, 'ProviderUnavailable', 'The provider is temporarily unavailable.');
    }
    if (!connectionOr404(ctx, connectionId)) return;
    const account = accountId ? accounts.find((a) => a.id === accountId && a.connectionId === connectionId) : undefined;
    if (accountId && !account) return apiError(ctx.res, 404, 'AccountNotFound', `Account with id: '${accountId}' was not found.`);
    const items = transactions.filter(
      (t) =>
        (t.status === 'pending') === pending &&
        (account ? t.accountId === account.id : accounts.some((a) => a.id === t.accountId && a.connectionId === connectionId)),
    );
    const page = paginate(items, q, ctx.version, pending ? '/transactions/pending' : '/transactions');
    if ('error' in page) return badRequest(ctx, page.error);
    if (!pending) postedPagesServed += 1;
    send(ctx.res, 200, { data: page.data.map(serializeTxn), meta: page.meta });
  };

  // ----- the consent page (Salt Edge Connect, in the user's browser) -----

  /** @param {http.ServerResponse} res @param {string} token */
  function consentPage(res, token) {
    const session = sessions.get(token);
    if (!session || session.used || session.expiresAt < Date.now())
      return sendText(res, 410, 'This connect session is invalid or expired.');
    session.used = true;
    const back = new URL(session.returnTo);
    if (scenario.denyConsent) {
      back.searchParams.set('error_class', 'ProviderAccessNotGranted');
      back.searchParams.set('error_message', 'The user refused access at the bank.');
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    const now = new Date().toISOString();
    /** @type {Connection} */
    let connection;
    if (session.connectionId && connections.has(session.connectionId)) {
      connection = /** @type {Connection} */ (connections.get(session.connectionId));
      connection.status = 'active';
    } else {
      connection = {
        id: newId(),
        customerId: session.customerId,
        providerCode: session.providerCode ?? 'fakebank_simple_xf',
        status: 'active',
        lastConsentId: null,
        nextRefreshAt: null,
        createdAt: now,
        updatedAt: now,
        attempt: {},
        polls: 0,
        backgroundFetches: [],
      };
      connections.set(connection.id, connection);
      // The bank's accounts not yet connected become this connection's.
      for (const a of accounts) if (!a.connectionId || !connections.has(a.connectionId)) a.connectionId = connection.id;
    }
    // A new consent each time (a reconnect renews it).
    for (const c of consents.values()) if (c.connectionId === connection.id && !c.revokedAt) c.revokedAt = now;
    /** @type {Consent} */
    const consent = {
      id: newId(),
      connectionId: connection.id,
      customerId: connection.customerId,
      scopes: session.scopes,
      expiresAt: pendingConsentEnd !== undefined ? pendingConsentEnd : new Date(Date.now() + scenario.consentDays * DAY_MS).toISOString(),
      createdAt: now,
      revokedAt: null,
    };
    pendingConsentEnd = undefined;
    consents.set(consent.id, consent);
    connection.lastConsentId = consent.id;
    connection.attempt = newAttempt(connection, true);
    connection.updatedAt = now;
    persist();
    back.searchParams.set('connection_id', connection.id);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }
  /** @type {string | null | undefined} the end of the next consent given (setBank's consentExpiresAt) */
  let pendingConsentEnd;

  // ----- request checks -----

  /**
   * `App-id` / `Secret`, and the signature when a client public key is set.
   * @param {http.IncomingMessage} req @param {string} fullUrl @param {string} body @returns {[number, string, string] | null}
   */
  function authRefusal(req, fullUrl, body) {
    const appId = req.headers['app-id'];
    const secret = req.headers.secret;
    if (!appId) return [401, 'AppIdNotProvided', 'App-id header is missing.'];
    if (!secret) return [401, 'SecretNotProvided', 'Secret header is missing.'];
    if (appId !== scenario.appId || secret !== scenario.secret)
      return [401, 'ApiKeyNotFound', 'The API key with the provided App-id and Secret was not found.'];
    if (!scenario.clientPublicKey) return null;
    const expiresAt = Number(req.headers['expires-at']);
    const signature = req.headers.signature;
    if (!req.headers['expires-at'] || typeof signature !== 'string')
      return [400, 'MissingSignature', 'Expires-at and Signature headers are required.'];
    const now = Date.now() / 1000;
    if (!Number.isFinite(expiresAt) || expiresAt > now + 3600)
      return [400, 'ExpiresAtInvalid', 'Expires-at is invalid (at most one hour ahead).'];
    if (expiresAt < now) return [400, 'RequestExpired', 'The request has expired.'];
    const method = String(req.method).toUpperCase();
    const signed = `${req.headers['expires-at']}|${method}|${fullUrl}|${method === 'POST' || method === 'PUT' ? body : ''}`;
    let good = false;
    try {
      good = crypto.createVerify('RSA-SHA256').update(signed).verify(scenario.clientPublicKey, signature, 'base64');
    } catch {
      good = false;
    }
    return good ? null : [400, 'SignatureNotMatch', 'The signature does not match.'];
  }

  const ID = '([^/]+)';
  /** @type {Array<[string, RegExp, (ctx: Ctx) => unknown, string[]?]>} method, path, handler, versions */
  const routes = [
    ['GET', /^\/countries$/, listCountries],
    ['GET', /^\/providers$/, listProviders],
    ['GET', new RegExp(`^/providers/${ID}$`), getProvider],
    ['POST', /^\/customers$/, createCustomer],
    ['GET', new RegExp(`^/customers/${ID}$`), getCustomer],
    ['POST', /^\/connect_sessions\/create$/, connectSession, ['v5']],
    ['POST', /^\/connect_sessions\/reconnect$/, (ctx) => reconnectSession(ctx, String(ctx.body?.data?.connection_id ?? '')), ['v5']],
    ['POST', /^\/connections\/connect$/, connectSession, ['v6']],
    ['POST', new RegExp(`^/connections/${ID}/reconnect$`), (ctx) => reconnectSession(ctx, ctx.params[0]), ['v6']],
    ['GET', /^\/connections$/, listConnections],
    ['GET', new RegExp(`^/connections/${ID}$`), getConnection],
    ['DELETE', new RegExp(`^/connections/${ID}$`), deleteConnection],
    ['PUT', new RegExp(`^/connections/${ID}/refresh$`), refreshConnection, ['v5']],
    ['POST', new RegExp(`^/connections/${ID}/refresh$`), refreshConnection, ['v6']],
    ['GET', /^\/consents$/, listConsents],
    ['GET', /^\/accounts$/, listAccounts],
    ['GET', /^\/transactions$/, listTransactions(false)],
    ['GET', /^\/transactions\/pending$/, listTransactions(true)],
  ];

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url || '/', origin);
    const method = req.method || 'GET';
    const raw = await readBody(req);
    const consent = /^\/connect\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (method === 'GET' && consent) return consentPage(res, consent[1]);
    const m = /^\/api\/(v5|v6)(\/.*)$/.exec(url.pathname);
    if (!m || !VERSIONS.includes(m[1])) return apiError(res, 404, 'RouteNotFound', `No route for ${method} ${url.pathname}`);
    const [, version, sub] = m;
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      appId: typeof req.headers['app-id'] === 'string' ? req.headers['app-id'] : null,
      signed: typeof req.headers.signature === 'string',
    });
    const refused = authRefusal(req, `${origin}${req.url}`, raw);
    if (refused) return apiError(res, refused[0], refused[1], refused[2]);
    if (scenario.rateLimitNext > 0) {
      scenario.rateLimitNext -= 1;
      /** @type {Record<string, string>} */
      const headers = scenario.retryAfterSeconds === null ? {} : { 'Retry-After': String(scenario.retryAfterSeconds) };
      return apiError(res, 429, 'RateLimitExceeded', 'Too many connections are being processed at once.', {}, headers);
    }
    let body;
    if (method === 'POST' || method === 'PUT') {
      if (!/application\/json/.test(String(req.headers['content-type'])))
        return apiError(res, 400, 'WrongRequestFormat', 'Content-Type must be application/json.');
      try {
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        return apiError(res, 400, 'JsonParseError', 'The request body is not valid JSON.');
      }
    }
    for (const [rm, re, handler, versions] of routes) {
      if (rm !== method || (versions && !versions.includes(version))) continue;
      const found = re.exec(sub.replace(/\/+$/, ''));
      if (found) return handler({ req, res, url, version, params: found.slice(1).map(decodeURIComponent), body });
    }
    return apiError(res, 404, 'RouteNotFound', `No route for ${method} ${url.pathname}`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => apiError(res, 500, 'InternalServerError', String(err && err.message)));
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

  /** @param {string} id */
  const findAccount = (id) => {
    const account = accounts.find((a) => a.id === id || a.key === id);
    if (!account) throw new Error(`saltedge fake: unknown account ${id}`);
    return account;
  };

  /**
   * The bank books a transaction (a new, higher id).
   * @param {string} account account id or key @param {{ key: string, date: string, amountCents: number, label: string, counterparty: string | null }} t
   * @param {'posted' | 'pending'} [status] @param {Record<string, unknown>} [raw] fields of the record replaced (e.g. a malformed value)
   */
  function bookTransaction(account, t, status = 'posted', raw) {
    const target = findAccount(account);
    const txn = addTxn(target, t, status);
    if (raw) Object.assign(txn, raw);
    if (status === 'posted') target.balanceCents += t.amountCents;
    persist();
    return txn.id;
  }

  return {
    origin,
    /** API bases of both versions. */
    apiUrl: `${origin}/api/v6`,
    apiUrlV5: `${origin}/api/v5`,
    port: address.port,
    scenario,
    requests,
    /** Salt Edge's public key (PEM) that signs callbacks. */
    callbackPublicKey: /** @type {string} */ (callbackKeys.publicKey.export({ type: 'spki', format: 'pem' })),
    /** @param {Partial<Scenario>} patch */
    setScenario(patch) {
      const reshape = DATA_KEYS.some(
        (k) => k in patch && patch[/** @type {keyof Scenario} */ (k)] !== scenario[/** @type {keyof Scenario} */ (k)],
      );
      Object.assign(scenario, patch);
      if (reshape) generateBank();
      persist();
    },
    clearRequests() {
      requests.length = 0;
    },
    /** Requests since clearRequests() of this method whose path ends with `suffix`. @param {string} method @param {string} suffix */
    countRequests(method, suffix) {
      return requests.filter((r) => r.method === method && r.path.endsWith(suffix)).length;
    },
    /**
     * Replaces the bank (a new connection sees only it). Transactions get ids in the order given.
     * @param {{ accounts: Array<{ key: string, name: string, currency: string, balanceCents: number, iban?: string }>,
     *   transactions: Array<{ key: string, account: string, date: string, amountCents: number, label: string, counterparty: string | null, status: 'posted' | 'pending' }>,
     *   consentExpiresAt: string | null }} bank
     */
    setBank(bank) {
      accounts = accounts.filter((a) => a.connectionId !== null && connections.has(a.connectionId));
      const fresh = bank.accounts.map((a) => addAccount(a));
      for (const t of bank.transactions) addTxn(/** @type {Account} */ (fresh.find((a) => a.key === t.account)), t, t.status);
      pendingConsentEnd = bank.consentExpiresAt;
      postedPagesServed = 0;
      persist();
      return fresh.map((a) => a.id);
    },
    /** @param {string} key a bank key given to setBank / addTransaction @returns {string | undefined} the id Salt Edge gave it */
    idOf(key) {
      return ([...accounts].reverse().find((a) => a.key === key) ?? [...transactions].reverse().find((t) => t.key === key))?.id;
    },
    /** The bank books a transaction (see bookTransaction). */
    addTransaction: bookTransaction,
    /** A pending transaction posts: Salt Edge drops it and gives the posted one a new id. @param {string} pendingKey @param {{ key: string, date: string, amountCents: number, label: string, counterparty: string | null }} posted */
    settle(pendingKey, posted) {
      const pending = transactions.find((t) => t.key === pendingKey && t.status === 'pending');
      if (!pending) throw new Error(`saltedge fake: no pending transaction ${pendingKey}`);
      transactions = transactions.filter((t) => t !== pending);
      return bookTransaction(pending.accountId, posted, 'posted');
    },
    /** Marks a transaction `duplicated` (as a client does with PUT /transactions/duplicate). @param {string} id */
    markDuplicated(id) {
      const t = transactions.find((x) => x.id === id);
      if (t) t.duplicated = true;
    },
    /** The next transaction listing after `afterPages` posted pages fails once so. @param {Fault} fault */
    failOnce(fault) {
      plannedFault = fault;
      postedPagesServed = 0;
    },
    /** The consent of a connection ends now (or at `at`). @param {string} connectionId @param {string} [at] */
    expireConsent(connectionId, at = new Date(Date.now() - 60_000).toISOString()) {
      const connection = connections.get(connectionId);
      const consent = connection?.lastConsentId ? consents.get(connection.lastConsentId) : undefined;
      if (consent) consent.expiresAt = at;
      persist();
    },
    /** A connection's state, as Salt Edge sees it. @param {string} id */
    connection(id) {
      const c = connections.get(id);
      return c ? serializeConnection(c) : null;
    },
    /**
     * A callback as Salt Edge posts it: the JSON body and its `Signature` (over `<url>|<body>`).
     * @param {'success' | 'fail' | 'notify' | 'destroy'} kind @param {string} connectionId @param {string} url the callback URL
     * @param {{ time?: string, tamper?: boolean, foreignKey?: boolean }} [opts]
     */
    callback(kind, connectionId, url, opts = {}) {
      const connection = connections.get(connectionId);
      /** @type {Record<string, unknown>} */
      const data = { connection_id: connectionId, customer_id: connection?.customerId ?? null, custom_fields: {} };
      if (kind === 'success') data.stage = 'finish';
      if (kind === 'notify') data.stage = 'fetching';
      if (kind === 'fail') Object.assign(data, { error_class: 'InvalidCredentials', error_message: 'Invalid credentials.' });
      const body = JSON.stringify({ data, meta: { version: '5', time: opts.time ?? new Date().toISOString() } });
      const key = opts.foreignKey ? crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey : callbackKeys.privateKey;
      const signature = crypto.createSign('RSA-SHA256').update(`${url}|${body}`).sign(key, 'base64');
      return { body: opts.tamper ? body.replace('"finish"', '"finish" ') : body, signature };
    },
    /** @returns {Promise<void>} */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

module.exports = { startSaltEdgeFake, defaultScenario };

if (require.main === module) {
  const port = Number(process.env.SALTEDGE_FAKE_PORT ?? 3903);
  // Optional scenario as JSON, e.g. SALTEDGE_FAKE_SCENARIO='{"accounts":1}'.
  const scenario = process.env.SALTEDGE_FAKE_SCENARIO ? JSON.parse(process.env.SALTEDGE_FAKE_SCENARIO) : undefined;
  // Optional state file, e.g. SALTEDGE_FAKE_STATE=playground/.tmp/saltedge-fake-state.json.
  const stateFile = process.env.SALTEDGE_FAKE_STATE || undefined;
  startSaltEdgeFake({ host: '127.0.0.1', port, scenario, stateFile }).then(
    (fake) => {
      process.stdout.write(`saltedge fake listening on ${fake.apiUrl} (v5: ${fake.apiUrlV5})\n`);
      const stop = () => {
        fake.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`saltedge fake failed to start: ${err && err.message}\n`);
      process.exit(1);
    },
  );
}
