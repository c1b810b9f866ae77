// @ts-check
/**
 * Local fake of the Yodlee (Envestnet) API v1.1, for tests and the dev script.
 * Follows /work/shared/reference/provider-apis.md §4 and §5: `Api-Version: 1.1` on every call,
 * client-credentials tokens (`POST /auth/token`, form `clientId`/`secret`, header `loginName`;
 * an unknown user login is registered by it, the admin login gets an admin token), bearer calls
 * refused with `{errorCode: 'Y008', errorMessage, referenceCode}` when the token is bad or
 * expired, providers (institutions), provider accounts with status / datasets and refresh
 * (PUT /providerAccounts), accounts, transactions with `skip` / `top` (1–500, Y804 otherwise),
 * newest first, `GET /transactions/count`. FastLink is a hosted UI at Yodlee: here a page at
 * `/fastlink` (GET or POST with `accessToken` and `extraParams`) links the bank to the user and
 * sends the browser to `callback` with `status`, `providerAccountId`, `providerId`, `requestId`.
 * Plain HTTP on loopback; only Node built-ins. Start with `startYodleeFake()` or run this file
 * (YODLEE_FAKE_PORT, default 3904; YODLEE_FAKE_STATE: a JSON file keeping users, links and tokens
 * across restarts). Tests steer it (setBank, addTransactions, failOnce, …) and read what it was
 * asked (requests, countRequests).
 */
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { URL, URLSearchParams } = require('node:url');

const PREFIX = '/ysl';
const DAY_MS = 86_400_000;

/**
 * @typedef {{ id: number, seq: number, date: string, amountCents: number, label: string, counterparty: string | null,
 *   status: 'POSTED' | 'PENDING' | 'SCHEDULED' | 'FAILED', container: string, raw?: Record<string, unknown> }} Txn
 * @typedef {{ id: number, name: string, number: string, container: string, currency: string, balanceCents: number,
 *   transactions: Txn[] }} Account
 * @typedef {{ id: number, loginName: string, providerId: number, status: string, additionalStatus: string,
 *   updateEligibility: string, nextUpdateScheduled: string | null, accountIds: number[], refreshPolls: number,
 *   lastUpdated: string, createdDate: string }} ProviderAccount
 * @typedef {{ loginName: string, admin: boolean, expiresAt: number }} Token
 * @typedef {{ afterPages: number, status: number, errorCode?: string, errorMessage: string, retryAfter?: number,
 *   invalidateTokens?: boolean, tokenFault?: { status: number, errorCode: string, errorMessage: string } }} Fault
 * @typedef {{ method: string, path: string, query: Record<string, string>, headers: Record<string, string | undefined> }} LoggedRequest
 * @typedef {{ clientId: string, clientSecret: string, adminLoginName: string, tokenTtl: number, pageMax: number,
 *   refreshPolls: number, fastlink: 'success' | 'closed' | 'failed', rateLimitNext: number, retryAfterSeconds: number,
 *   emptyAs: 'object' | 'array', seed: number, days: number, countAs: 'total' | 'none', ignoreSkip: boolean }} Scenario
 *   (`countAs: 'none'` answers the count without TOTAL and `ignoreSkip` serves the first page whatever `skip` says:
 *   shapes and behaviours the reference leaves unconfirmed, for the client's robustness)
 */

/** @returns {Scenario} */
function defaultScenario() {
  return {
    clientId: 'yodlee-client-id',
    clientSecret: 'yodlee-client-secret',
    adminLoginName: 'yodlee-admin',
    tokenTtl: 1800,
    pageMax: 500,
    refreshPolls: 1,
    fastlink: 'success',
    rateLimitNext: 0,
    retryAfterSeconds: 30,
    emptyAs: 'object',
    seed: 1,
    days: 60,
    countAs: 'total',
    ignoreSkip: false,
  };
}

/** Institutions (`provider` of GET /providers): id, name, country, status. @type {Array<[number, string, string, string]>} */
const PROVIDER_ROWS = [
  [16441, 'Dag Site', 'US', 'Supported'],
  [16442, 'Dag OAuth', 'US', 'Beta'],
  [21, 'Chase', 'US', 'Supported'],
  [2852, 'Bank of America', 'US', 'Supported'],
  [5, 'Wells Fargo', 'US', 'Supported'],
  [9565, 'HSBC UK', 'GB', 'Supported'],
  [9749, 'Barclays', 'GB', 'Supported'],
  [17781, 'Royal Bank of Canada', 'CA', 'Supported'],
  [20556, 'Commonwealth Bank', 'AU', 'Beta'],
];
const PROVIDERS = PROVIDER_ROWS.map(([id, name, country, status]) => ({
  id,
  name,
  loginUrl: `https://bank.example/${id}/login`,
  baseUrl: `https://bank.example/${id}`,
  favicon: `https://yodlee-1.hs.llnwd.example/favicon/${id}.ico`,
  logo: `https://yodlee-1.hs.llnwd.example/logo/${id}.svg`,
  status,
  isAutoRefreshEnabled: true,
  authType: id === 16442 ? 'OAUTH' : 'CREDENTIALS',
  countryISOCode: country,
  PRIORITY: 'POPULAR',
  primaryLanguageISOCode: 'EN',
  lastModified: '2025-01-15T10:00:00Z',
  dataset: [{ name: 'BASIC_AGG_DATA', attribute: [{ name: 'BASIC_ACCOUNT_INFO', container: ['bank', 'creditCard'] }] }],
}));

const COUNTERPARTIES = ['Office Supplies Inc', 'Acme Customer LLC', 'City Power & Light', 'Coffee Corner', 'Payroll Services', 'Rent LLC'];

/** mulberry32 PRNG. @param {number} seed */
function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** @param {number} offsetDays */
const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const reference = () => crypto.randomBytes(12).toString('hex');

/** The default bank (the dev script): two accounts, transactions over `days`. @param {Scenario} s @returns {Account[]} */
function generateBank(s) {
  const rng = makeRng(s.seed);
  let nextTx = 30_000_000;
  return [
    { id: 12_000_001, name: 'Business Checking', number: 'xxxx4321', container: 'bank' },
    { id: 12_000_002, name: 'Business Card', number: 'xxxx9876', container: 'creditCard' },
  ].map((a, index) => {
    /** @type {Txn[]} */
    const transactions = Array.from({ length: 40 }, (_, seq) => {
      const amount = Math.round(rng() * 200_000) + 100;
      const credit = index === 0 && rng() < 0.35;
      return {
        id: nextTx++,
        seq,
        date: isoDay(-Math.floor(rng() * s.days)),
        amountCents: credit ? amount : -amount,
        label: `${credit ? 'DEPOSIT' : 'PAYMENT'} ${COUNTERPARTIES[seq % COUNTERPARTIES.length].toUpperCase()} REF ${1000 + seq}`,
        counterparty: COUNTERPARTIES[seq % COUNTERPARTIES.length],
        status: /** @type {const} */ ('POSTED'),
        container: a.container,
      };
    });
    transactions.push({ ...transactions[0], id: nextTx++, seq: 40, date: isoDay(0), status: 'PENDING' });
    const sum = transactions.filter((t) => t.status === 'POSTED').reduce((acc, t) => acc + t.amountCents, 0);
    return { ...a, currency: 'USD', balanceCents: (index === 0 ? 2_500_000 : 0) + sum, transactions };
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

/** @param {http.ServerResponse} res @param {number} status @param {unknown} [body] @param {Record<string, string>} [headers] */
function send(res, status, body, headers = {}) {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
/** Yodlee's error body (§4.4). @param {http.ServerResponse} res @param {number} status @param {string | undefined} errorCode @param {string} errorMessage @param {Record<string, string>} [headers] */
function yodleeError(res, status, errorCode, errorMessage, headers) {
  send(res, status, { ...(errorCode ? { errorCode } : {}), errorMessage, referenceCode: reference() }, headers);
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
/** @param {string} s */
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Money shape. @param {number} cents @param {string} currency */
const money = (cents, currency) => ({ amount: Math.abs(cents) / 100, currency });

/**
 * Starts the fake.
 * @param {{ host?: string, port?: number, scenario?: Partial<Scenario>, stateFile?: string }} [options]
 */
async function startYodleeFake(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {Scenario} */
  const scenario = { ...defaultScenario(), ...options.scenario };
  let bank = generateBank(scenario);
  /** @type {Map<string, Token>} */
  const tokens = new Map();
  /** @type {Set<string>} */
  const users = new Set();
  /** @type {Map<number, ProviderAccount>} */
  const providerAccounts = new Map();
  let nextProviderAccountId = 10_000_001;
  /** @type {LoggedRequest[]} */
  const requests = [];
  /** @type {Fault | null} */
  let plannedFault = null;
  /** @type {Fault['tokenFault'] | null} */
  let tokenFault = null;
  let pagesServed = 0;
  /** @type {number | null} */
  let expireTokensAfter = null;
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();

  // --- optional state file: users, links and tokens survive a restart (the dev script) ---
  const stateFile = options.stateFile ? path.resolve(options.stateFile) : null;
  if (stateFile) {
    try {
      const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      if (saved && saved.version === 1) {
        for (const u of saved.users ?? []) users.add(u);
        for (const [k, v] of saved.tokens ?? []) tokens.set(k, v);
        for (const pa of saved.providerAccounts ?? []) providerAccounts.set(pa.id, pa);
        nextProviderAccountId = Math.max(nextProviderAccountId, ...[...providerAccounts.keys()].map((id) => id + 1));
      }
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT')
        process.stderr.write(`yodlee fake: ignoring unreadable state file\n`);
    }
  }
  function persist() {
    if (!stateFile) return;
    const saved = { version: 1, users: [...users], tokens: [...tokens], providerAccounts: [...providerAccounts.values()] };
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, JSON.stringify(saved));
  }

  /** @param {number} id */
  const findAccount = (id) => bank.find((a) => a.id === id);
  /** Accounts of a user's links. @param {string} loginName */
  function accountsOf(loginName) {
    /** @type {Array<{ account: Account, link: ProviderAccount }>} */
    const found = [];
    for (const link of providerAccounts.values()) {
      if (link.loginName !== loginName) continue;
      for (const id of link.accountIds) {
        const account = findAccount(id);
        if (account) found.push({ account, link });
      }
    }
    return found;
  }

  /** @param {ProviderAccount} link */
  function providerAccountJson(link) {
    return {
      id: link.id,
      providerId: link.providerId,
      aggregationSource: 'USER',
      isManual: false,
      status: link.status,
      requestId: reference(),
      createdDate: link.createdDate,
      lastUpdated: link.lastUpdated,
      consentId: link.providerId === 16442 ? link.id + 500 : undefined,
      preferences: { isAutoRefreshEnabled: true, isDataExtractsEnabled: false },
      dataset: [
        {
          name: 'BASIC_AGG_DATA',
          additionalStatus: link.additionalStatus,
          updateEligibility: link.updateEligibility,
          lastUpdated: link.lastUpdated,
          lastUpdateAttempt: link.lastUpdated,
          ...(link.nextUpdateScheduled ? { nextUpdateScheduled: link.nextUpdateScheduled } : {}),
        },
      ],
    };
  }

  /** @param {Account} a @param {ProviderAccount} link */
  function accountJson(a, link) {
    const asset = a.container === 'bank';
    const balance = money(a.balanceCents, a.currency);
    return {
      CONTAINER: a.container,
      providerAccountId: link.id,
      accountName: a.name,
      accountStatus: 'ACTIVE',
      accountNumber: a.number,
      aggregationSource: 'USER',
      isAsset: asset,
      balance,
      ...(asset ? { currentBalance: balance, availableBalance: balance } : { runningBalance: balance }),
      id: a.id,
      includeInNetWorth: true,
      providerId: String(link.providerId),
      providerName: PROVIDERS.find((p) => p.id === link.providerId)?.name ?? 'Dag Site',
      isManual: false,
      accountType: asset ? 'CHECKING' : 'CREDIT',
      createdDate: link.createdDate,
      lastUpdated: link.lastUpdated,
      dataset: [
        {
          name: 'BASIC_AGG_DATA',
          additionalStatus: link.additionalStatus,
          updateEligibility: link.updateEligibility,
          lastUpdated: link.lastUpdated,
          lastUpdateAttempt: link.lastUpdated,
        },
      ],
    };
  }

  /** @param {Txn} t @param {Account} a */
  function transactionJson(t, a) {
    const pending = t.status !== 'POSTED';
    return {
      CONTAINER: t.container,
      id: t.id,
      amount: money(t.amountCents, a.currency),
      baseType: t.amountCents < 0 ? 'DEBIT' : 'CREDIT',
      categoryType: t.amountCents < 0 ? 'EXPENSE' : 'INCOME',
      categoryId: t.amountCents < 0 ? 45 : 32,
      category: t.amountCents < 0 ? 'Office Supplies' : 'Deposits',
      categorySource: 'SYSTEM',
      highLevelCategoryId: t.amountCents < 0 ? 10000003 : 10000012,
      createdDate: `${t.date}T06:00:00Z`,
      lastUpdated: `${t.date}T06:00:00Z`,
      description: { original: t.label, simple: t.counterparty ?? t.label },
      isManual: false,
      sourceType: 'AGGREGATED',
      date: t.date,
      transactionDate: t.date,
      ...(pending ? {} : { postDate: t.date }),
      status: t.status,
      accountId: a.id,
      ...(t.counterparty
        ? { merchant: { id: t.counterparty.toLowerCase().replace(/\W+/g, ''), name: t.counterparty, source: 'YODLEE' } }
        : {}),
      type: t.amountCents < 0 ? 'PAYMENT' : 'DEPOSITS_CREDITS',
      subType: t.amountCents < 0 ? 'PAYMENT' : 'DEPOSIT',
      ...(t.raw ?? {}),
    };
  }

  /**
   * The transactions of a user's accounts matching a listing's filters, newest first.
   * @param {string} loginName @param {URLSearchParams} q
   * @returns {{ error: [number, string, string] } | { list: Array<{ t: Txn, a: Account }> }}
   */
  function filtered(loginName, q) {
    const ids = (q.get('accountId') ?? '').split(',').filter(Boolean);
    if (ids.length > 100) return { error: [400, 'Y824', 'The maximum number of accountIds permitted is 100'] };
    if (ids.some((id) => !/^\d+$/.test(id))) return { error: [400, 'Y800', 'Invalid value for accountId'] };
    const from = q.get('fromDate');
    const to = q.get('toDate');
    for (const [name, value] of [
      ['fromDate', from],
      ['toDate', to],
    ]) {
      if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return { error: [400, 'Y800', `Invalid value for ${name}`] };
    }
    if (from && to && from > to) return { error: [400, 'Y800', 'Invalid value for fromDate'] };
    const container = q.get('container');
    const baseType = q.get('baseType');
    const mine = accountsOf(loginName);
    /** @type {Array<{ t: Txn, a: Account }>} */
    const list = [];
    for (const { account } of mine) {
      if (ids.length && !ids.includes(String(account.id))) continue;
      for (const t of account.transactions) {
        if (from && t.date < from) continue;
        if (to && t.date > to) continue;
        if (container && t.container !== container) continue;
        if (baseType && (t.amountCents < 0 ? 'DEBIT' : 'CREDIT') !== baseType) continue;
        list.push({ t, a: account });
      }
    }
    list.sort((x, y) => (x.t.date < y.t.date ? 1 : x.t.date > y.t.date ? -1 : y.t.seq - x.t.seq));
    return { list };
  }

  // ---------------------------------------------------------------------------------------------
  // Endpoints
  // ---------------------------------------------------------------------------------------------

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function tokenEndpoint(req, res) {
    if (!/^application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))) {
      return yodleeError(res, 400, 'Y800', 'Invalid value for Content-Type');
    }
    const form = new URLSearchParams(await readBody(req));
    const loginName = req.headers.loginname;
    if (!form.get('clientId') || !form.get('secret')) return yodleeError(res, 400, 'Y303', 'clientId or secret is missing');
    if (typeof loginName !== 'string' || loginName === '') return yodleeError(res, 401, 'Y001', 'loginName is required');
    if (tokenFault) {
      const fault = tokenFault;
      tokenFault = null;
      return yodleeError(res, fault.status, fault.errorCode, fault.errorMessage);
    }
    if (form.get('clientId') !== scenario.clientId || form.get('secret') !== scenario.clientSecret) {
      return yodleeError(res, 400, 'Y301', 'Invalid clientId or secret');
    }
    if (!/^[A-Za-z0-9_.@-]{3,150}$/.test(loginName)) return yodleeError(res, 400, 'Y800', 'Invalid value for loginName');
    const admin = loginName === scenario.adminLoginName;
    if (!admin) users.add(loginName);
    const accessToken = crypto.randomBytes(18).toString('base64url');
    tokens.set(accessToken, { loginName, admin, expiresAt: Date.now() + scenario.tokenTtl * 1000 });
    persist();
    send(res, 201, { token: { accessToken, issuedAt: new Date().toISOString(), expiresIn: scenario.tokenTtl } });
  }

  /** @param {URLSearchParams} q @param {http.ServerResponse} res */
  function listProviders(q, res) {
    const name = (q.get('name') ?? '').toLowerCase();
    const top = Number(q.get('top') ?? 500);
    const skip = Number(q.get('skip') ?? 0);
    if (!Number.isInteger(top) || top < 1 || top > 500) return yodleeError(res, 400, 'Y804', 'Permitted values of top between 1 - 500');
    if (!Number.isInteger(skip) || skip < 0) return yodleeError(res, 400, 'Y800', 'Invalid value for skip');
    const list = PROVIDERS.filter((p) => !name || p.name.toLowerCase().includes(name)).slice(skip, skip + top);
    send(res, 200, list.length || scenario.emptyAs === 'array' ? { provider: list } : {});
  }

  /**
   * @param {http.ServerResponse} res @param {URLSearchParams} q
   * @param {(fault: Fault) => void} fail
   */
  function checkFault(res, q, fail) {
    void q;
    if (plannedFault && pagesServed >= plannedFault.afterPages) {
      const fault = plannedFault;
      plannedFault = null;
      fail(fault);
      return true;
    }
    return false;
  }

  /** @param {string} loginName @param {URLSearchParams} q @param {http.ServerResponse} res */
  function listTransactions(loginName, q, res) {
    const top = q.has('top') ? Number(q.get('top')) : 500;
    const skip = q.has('skip') ? Number(q.get('skip')) : 0;
    if (!Number.isInteger(top) || top < 1 || top > 500) return yodleeError(res, 400, 'Y804', 'Permitted values of top between 1 - 500');
    if (!Number.isInteger(skip) || skip < 0) return yodleeError(res, 400, 'Y800', 'Invalid value for skip');
    const failed = checkFault(res, q, (fault) => {
      if (fault.invalidateTokens) {
        for (const entry of tokens.values()) entry.expiresAt = 0;
        tokenFault = fault.tokenFault ?? null;
      }
      yodleeError(
        res,
        fault.status,
        fault.errorCode,
        fault.errorMessage,
        fault.retryAfter ? { 'Retry-After': String(fault.retryAfter) } : {},
      );
    });
    if (failed) return;
    const result = filtered(loginName, q);
    if ('error' in result) return yodleeError(res, ...result.error);
    const from = scenario.ignoreSkip ? 0 : skip;
    const page = result.list.slice(from, from + Math.min(top, scenario.pageMax)).map(({ t, a }) => transactionJson(t, a));
    pagesServed += 1;
    if (expireTokensAfter !== null && pagesServed >= expireTokensAfter) {
      for (const entry of tokens.values()) entry.expiresAt = 0;
      expireTokensAfter = null;
    }
    send(res, 200, page.length || scenario.emptyAs === 'array' ? { transaction: page } : {});
  }

  /** @param {string} loginName @param {string} idText @param {http.ServerResponse} res */
  function ownLink(loginName, idText, res) {
    const link = providerAccounts.get(Number(idText));
    if (!link || link.loginName !== loginName) {
      yodleeError(res, 400, 'Y807', 'Resource not found');
      return null;
    }
    return link;
  }

  /** A refresh moves IN_PROGRESS → SUCCESS after `refreshPolls` reads. @param {ProviderAccount} link */
  function advance(link) {
    if (link.status !== 'IN_PROGRESS') return;
    if (link.refreshPolls > 0) {
      link.refreshPolls -= 1;
      return;
    }
    link.status = 'SUCCESS';
    link.additionalStatus = 'AVAILABLE_DATA_RETRIEVED';
    link.lastUpdated = new Date().toISOString();
    persist();
  }

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url @param {Token} token
   */
  async function userRoute(req, res, url, token) {
    const method = req.method ?? 'GET';
    const sub = url.pathname.slice(PREFIX.length).replace(/\/+$/, '');
    const q = url.searchParams;
    /** @type {RegExpExecArray | null} */
    let m;
    if (method === 'GET' && sub === '/providers') return listProviders(q, res);
    if (method === 'GET' && (m = /^\/providers\/(\d+)$/.exec(sub))) {
      const wanted = Number(m[1]);
      const found = PROVIDERS.find((p) => p.id === wanted);
      return found ? send(res, 200, { provider: [found] }) : yodleeError(res, 400, 'Y807', 'Resource not found');
    }
    if (token.admin) return yodleeError(res, 401, 'Y008', 'Invalid token in authorization header');
    const login = token.loginName;
    if (method === 'GET' && sub === '/providerAccounts') {
      const list = [...providerAccounts.values()].filter((l) => l.loginName === login);
      for (const link of list) advance(link);
      return send(res, 200, list.length || scenario.emptyAs === 'array' ? { providerAccount: list.map(providerAccountJson) } : {});
    }
    if (method === 'GET' && (m = /^\/providerAccounts\/(\d+)$/.exec(sub))) {
      const link = ownLink(login, m[1], res);
      if (!link) return;
      advance(link);
      return send(res, 200, { providerAccount: [providerAccountJson(link)] });
    }
    if (method === 'PUT' && sub === '/providerAccounts') {
      const ids = (q.get('providerAccountIds') ?? '').split(',').filter(Boolean);
      if (!ids.length) return yodleeError(res, 400, 'Y803', 'providerAccountIds required');
      /** @type {ProviderAccount[]} */
      const started = [];
      for (const id of ids) {
        const link = ownLink(login, id, res);
        if (!link) return;
        if (link.updateEligibility === 'ALLOW_UPDATE' && link.status !== 'IN_PROGRESS') {
          link.status = 'IN_PROGRESS';
          link.additionalStatus = 'LOGIN_IN_PROGRESS';
          link.refreshPolls = scenario.refreshPolls;
        }
        started.push(link);
      }
      persist();
      return send(res, 200, { providerAccount: started.map(providerAccountJson) });
    }
    if (method === 'DELETE' && (m = /^\/providerAccounts\/(\d+)$/.exec(sub))) {
      const link = ownLink(login, m[1], res);
      if (!link) return;
      providerAccounts.delete(link.id);
      persist();
      return send(res, 204);
    }
    if (method === 'GET' && sub === '/accounts') {
      const pa = q.get('providerAccountId');
      const container = q.get('container');
      const ids = (q.get('accountId') ?? '').split(',').filter(Boolean);
      if (ids.length > 100) return yodleeError(res, 400, 'Y824', 'The maximum number of accountIds permitted is 100');
      const list = accountsOf(login)
        .filter(({ account, link }) => (!pa || String(link.id) === pa) && (!container || account.container === container))
        .filter(({ account }) => !ids.length || ids.includes(String(account.id)))
        .map(({ account, link }) => accountJson(account, link));
      return send(res, 200, list.length || scenario.emptyAs === 'array' ? { account: list } : {});
    }
    if (method === 'GET' && (m = /^\/accounts\/(\d+)$/.exec(sub))) {
      const wanted = Number(m[1]);
      const found = accountsOf(login).find(({ account }) => account.id === wanted);
      return found
        ? send(res, 200, { account: [accountJson(found.account, found.link)] })
        : yodleeError(res, 400, 'Y807', 'Resource not found');
    }
    if (method === 'GET' && sub === '/transactions/count') {
      const result = filtered(login, q);
      if ('error' in result) return yodleeError(res, ...result.error);
      return send(res, 200, scenario.countAs === 'none' ? {} : { transaction: { TOTAL: { count: result.list.length } } });
    }
    if (method === 'GET' && sub === '/transactions') return listTransactions(login, q, res);
    return yodleeError(res, 404, undefined, `No route for ${method} ${url.pathname}`);
  }

  /**
   * FastLink (hosted by Yodlee in real life): with a user token, links the bank for `flow=add`
   * (a new provider account of `providerId`, with the bank's current accounts) or repairs one for
   * `flow=edit`; then sends the browser to `callback`.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
   */
  async function fastlink(req, res, url) {
    const input = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const bearer = /^Bearer\s+(.+)$/i.exec(input.get('accessToken') ?? '');
    const token = bearer ? tokens.get(bearer[1].trim()) : undefined;
    const page = (/** @type {number} */ status, /** @type {string} */ text) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>FastLink</title><p>${escapeHtml(text)}</p>`);
    };
    if (req.method === 'GET' && !input.has('accessToken')) {
      // The plugin's default puts the launch parameters in the fragment, which reaches no server:
      // like a launcher page, this one reads them in the browser (here: turns them into the query).
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><title>FastLink</title><p id="m">FastLink: no access token.</p>' +
          "<script>if (location.hash.length > 1) location.replace(location.pathname + '?' + location.hash.slice(1));</script>",
      );
      return;
    }
    if (!token || token.admin || token.expiresAt <= Date.now()) return page(401, 'FastLink: invalid or expired user access token (Y008).');
    const extra = new URLSearchParams(input.get('extraParams') ?? '');
    const callback = extra.get('callback');
    if (!extra.get('configName')) return page(400, 'FastLink: configName is mandatory.');
    if (!callback || !/^https?:\/\//.test(callback)) return page(400, 'FastLink: no callback URL.');
    const back = new URL(callback);
    const now = new Date().toISOString();
    const set = (/** @type {Record<string, string>} */ params) => {
      for (const [k, v] of Object.entries(params)) back.searchParams.set(k, v);
      res.writeHead(302, { Location: back.toString() });
      res.end();
    };
    if (scenario.fastlink === 'closed') return set({ status: 'ACTION_ABANDONED', reason: 'USER_CLOSE_ACTION' });
    if (scenario.fastlink === 'failed') return set({ status: 'FAILED', additionalStatus: 'INCORRECT_CREDENTIALS' });
    /** @type {ProviderAccount | undefined} */
    let link;
    if (extra.get('flow') === 'edit') {
      link = providerAccounts.get(Number(extra.get('providerAccountId')));
      if (!link || link.loginName !== token.loginName) return page(400, 'FastLink: unknown providerAccountId.');
      Object.assign(link, { status: 'SUCCESS', additionalStatus: 'AVAILABLE_DATA_RETRIEVED', lastUpdated: now });
    } else {
      const providerId = Number(extra.get('providerId') ?? PROVIDERS[0].id);
      if (!PROVIDERS.some((p) => p.id === providerId)) return page(400, 'FastLink: unknown providerId.');
      link = {
        id: nextProviderAccountId++,
        loginName: token.loginName,
        providerId,
        status: 'SUCCESS',
        additionalStatus: 'AVAILABLE_DATA_RETRIEVED',
        updateEligibility: 'ALLOW_UPDATE',
        nextUpdateScheduled: null,
        accountIds: bank.map((a) => a.id),
        refreshPolls: 0,
        lastUpdated: now,
        createdDate: now,
      };
      providerAccounts.set(link.id, link);
    }
    persist();
    set({ status: 'SUCCESS', providerAccountId: String(link.id), providerId: String(link.providerId), requestId: reference() });
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url || '/', 'http://fake.invalid');
    const method = req.method || 'GET';
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { authorization: req.headers.authorization, 'api-version': /** @type {string | undefined} */ (req.headers['api-version']) },
    });
    if (url.pathname === '/fastlink' && (method === 'GET' || method === 'POST')) return fastlink(req, res, url);
    if (!url.pathname.startsWith(`${PREFIX}/`)) return yodleeError(res, 404, undefined, `No route for ${method} ${url.pathname}`);
    if (req.headers['api-version'] !== '1.1') return yodleeError(res, 400, 'Y800', 'Invalid value for Api-Version');
    if (scenario.rateLimitNext > 0 && url.pathname !== `${PREFIX}/auth/token`) {
      scenario.rateLimitNext -= 1;
      return yodleeError(res, 429, undefined, 'Too many requests', { 'Retry-After': String(scenario.retryAfterSeconds) });
    }
    const sub = url.pathname.slice(PREFIX.length);
    if (sub === '/auth/token' && method === 'POST') return tokenEndpoint(req, res);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
    if (!bearer) return yodleeError(res, 401, 'Y007', 'Authorization header missing');
    const token = tokens.get(bearer[1].trim());
    if (!token || token.expiresAt <= Date.now()) return yodleeError(res, 401, 'Y008', 'Invalid token in authorization header');
    if (sub === '/auth/token' && method === 'DELETE') {
      tokens.delete(bearer[1].trim());
      persist();
      return send(res, 204);
    }
    return userRoute(req, res, url, token);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => yodleeError(res, 500, 'Y902', `Oops some issue at our end: ${String(err && err.message)}`));
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
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  /** @typedef {{ id: number, date: string, amountCents: number, label: string, counterparty: string | null, pending?: boolean }} ExplicitTxn */
  /** @param {Account} account @param {ExplicitTxn} t @returns {Txn} */
  const explicit = (account, t) => ({
    id: t.id,
    seq: account.transactions.length,
    date: t.date,
    amountCents: t.amountCents,
    label: t.label,
    counterparty: t.counterparty,
    status: t.pending ? 'PENDING' : 'POSTED',
    container: account.container,
  });

  return {
    apiUrl: `${origin}${PREFIX}`,
    fastlinkUrl: `${origin}/fastlink`,
    port: address.port,
    scenario,
    requests,
    tokens,
    providerAccounts,
    /** @param {Partial<Scenario>} patch */
    setScenario(patch) {
      Object.assign(scenario, patch);
    },
    clearRequests() {
      requests.length = 0;
    },
    /** Requests since clearRequests() of this method whose path ends with `path` (or matches it). @param {string} method @param {string | RegExp} p */
    countRequests(method, p) {
      const matches = (/** @type {string} */ x) => (typeof p === 'string' ? x.endsWith(p) : p.test(x));
      return requests.filter((r) => r.method === method && matches(r.path)).length;
    },
    /**
     * Replaces the bank's accounts (a new link sees only these; links made before keep their account ids).
     * @param {Array<{ id: number, name: string, number: string, container?: string, currency: string, balanceCents: number, transactions: ExplicitTxn[] }>} list
     */
    setBank(list) {
      bank = list.map((a) => {
        /** @type {Account} */
        const account = { ...a, container: a.container ?? 'bank', transactions: [] };
        for (const t of a.transactions) account.transactions.push(explicit(account, t));
        return account;
      });
      pagesServed = 0;
    },
    /** The bank books more transactions on an account; a posted one may take a pending one's place. @param {number} accountId @param {ExplicitTxn & { replaces?: number }} t */
    addTransaction(accountId, t) {
      const account = findAccount(accountId);
      if (!account) throw new Error(`yodlee fake: unknown account ${accountId}`);
      if (t.replaces !== undefined) account.transactions = account.transactions.filter((x) => x.id !== t.replaces);
      account.transactions.push(explicit(account, t));
      if (!t.pending) account.balanceCents += t.amountCents;
    },
    /** Fields of a transaction's JSON replaced (a malformed record, a FAILED one). @param {number} txId @param {Record<string, unknown>} raw */
    patchTransaction(txId, raw) {
      for (const account of bank) {
        const t = account.transactions.find((x) => x.id === txId);
        if (t) {
          t.raw = { ...t.raw, ...raw };
          if (typeof raw.status === 'string') t.status = /** @type {Txn['status']} */ (raw.status);
          return;
        }
      }
      throw new Error(`yodlee fake: unknown transaction ${txId}`);
    },
    /** A provider account's status as Yodlee would report it. @param {number} id @param {Partial<Pick<ProviderAccount, 'status' | 'additionalStatus' | 'updateEligibility' | 'nextUpdateScheduled' | 'refreshPolls'>>} patch */
    setLinkStatus(id, patch) {
      const link = providerAccounts.get(id);
      if (!link) throw new Error(`yodlee fake: unknown provider account ${id}`);
      Object.assign(link, patch);
      persist();
    },
    /** The next transaction listing after `afterPages` pages were served fails once so. @param {Fault} fault */
    failOnce(fault) {
      plannedFault = fault;
      pagesServed = 0;
    },
    /** Access tokens stop working once this many transaction pages were served. @param {number} pages */
    expireTokensAfterPages(pages) {
      expireTokensAfter = pages;
      pagesServed = 0;
    },
    expireAccessTokens() {
      for (const entry of tokens.values()) entry.expiresAt = 0;
      persist();
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

module.exports = { startYodleeFake, defaultScenario, PROVIDERS };

if (require.main === module) {
  const port = Number(process.env.YODLEE_FAKE_PORT ?? 3904);
  // Optional scenario as JSON, e.g. YODLEE_FAKE_SCENARIO='{"pageMax":50}'.
  const scenario = process.env.YODLEE_FAKE_SCENARIO ? JSON.parse(process.env.YODLEE_FAKE_SCENARIO) : undefined;
  // Optional state file, e.g. YODLEE_FAKE_STATE=playground/.tmp/yodlee-fake-state.json.
  const stateFile = process.env.YODLEE_FAKE_STATE || undefined;
  startYodleeFake({ host: '127.0.0.1', port, scenario, stateFile }).then(
    (fake) => {
      process.stdout.write(`yodlee fake listening on http://127.0.0.1:${fake.port} (API ${fake.apiUrl}, FastLink ${fake.fastlinkUrl})\n`);
      const stop = () => {
        fake.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`yodlee fake failed to start: ${err && err.message}\n`);
      process.exit(1);
    },
  );
}
