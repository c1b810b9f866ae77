#!/usr/bin/env node
/**
 * `npm run bench`: measures the importer against the database's own speed, in one run,
 * and prints one JSON object on its last line. Not a test: no pass/fail, just figures.
 *
 *   --quick              small sizes (under a minute)
 *   --dbs=sqlite,postgres,mysql   databases for P1 (default all three; PostgreSQL at
 *                        127.0.0.1:5432 user postgres, MariaDB/MySQL at 127.0.0.1:3306 user root)
 *   --p1=100000 --history=1000000 --p3=1000000 --connections=10000 --p5=10000
 *   --rounds=10          P1 and P5: rounds of baseline and measure, interleaved (5 with --quick)
 *   --hog=false          skip P3's second run beside a CPU hog (one busy loop per core)
 *   --only=p1,p3,p5      some measures only (p1 p2 p3 p4 p5 p6 p7; p2 and p6 come together)
 *   --tag=name           in database and file names (default: this checkout's folder name)
 *
 * Every ratio is taken against a baseline measured in the same run, interleaved with the
 * measure (baseline, measure, baseline, measure... one pair per round) so that other work on
 * the machine weighs on both alike; the figure is the median of the rounds' ratios, with
 * their spread (min, max).
 *
 * P1  100k new posted transactions through the whole importer (dedup, statements,
 *     balances, cursor) vs a raw knex batch insert of the same rows into a clone of the lines
 *     table (same columns, indexes, foreign keys and key sequence): throughput ratio.
 * P2  10k new lines into an account holding 1M lines vs into an empty account: time ratio.
 * P3  peak RSS growth while a sandbox connection of 1M transactions is synchronized page by page
 *     (own process), then the same beside a CPU hog (one busy loop per core).
 * P4  DB time of one scheduler claim (find due + claim up to the concurrency) among 10k
 *     connections of which 2k are due.
 * P5  full sync of 10k transactions from the fake Ponto, 100 per page, 20 ms per page:
 *     elapsed / (pages x latency), and elapsed / a loop that only fetches the same pages.
 * P6  p95 latency of GET /bank-sync/journals/:id/lines?pageSize=50 over 1M lines.
 * P7  p95 latency of the same with search= (words in many lines, in few, in none) over 1M
 *     lines, on SQLite and PostgreSQL.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const root = path.resolve(__dirname, '..');
const playground = path.join(root, 'playground');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const quick = args.quick === 'true';
const size = (key, full, small) => Number(args[key] ?? (quick ? small : full));
const P1_ROWS = size('p1', 100_000, 20_000);
const HISTORY = size('history', 1_000_000, 50_000);
const P2_ROWS = size('p2', 10_000, 2_000);
const P3_ROWS = size('p3', 1_000_000, 50_000);
const CONNECTIONS = size('connections', 10_000, 2_000);
const P5_ROWS = size('p5', 10_000, 2_000);
const NAIVE_ROWS = size('naive', 2_000, 300);
const ROUNDS = size('rounds', 10, 5);
/** In database and file names, so that benches of two checkouts can run side by side. */
const TAG = (args.tag ?? path.basename(root)).replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
const DBS = (args.dbs ?? 'sqlite,postgres,mysql').split(',');
const BATCH = 500;

const log = (...m) => console.error('[bench]', ...m);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round3 = (x) => Number(x.toFixed(3));
/** Median and spread of the rounds' ratios. */
const summary = (ratios) => ({ median: round3(median(ratios)), spread: [round3(Math.min(...ratios)), round3(Math.max(...ratios))] });

const ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  APP_KEYS: 'benchA,benchB',
  API_TOKEN_SALT: 'bench-salt',
  ADMIN_JWT_SECRET: 'bench-jwt',
  TRANSFER_TOKEN_SALT: 'bench-transfer',
  JWT_SECRET: 'bench-jwt2',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789',
  SERVE_ADMIN_PANEL: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
  BANK_SYNC_SCHEDULER: 'false',
  LOG_LEVEL: 'error',
  BANK_SYNC_ADMIN_EMAIL: 'admin@example.com',
  BANK_SYNC_ADMIN_PASSWORD: 'BankSync2026!',
};

async function freshDatabase(client, name) {
  if (client === 'sqlite') {
    const file = path.join(os.tmpdir(), `${name}.db`);
    for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true });
    return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file };
  }
  if (client === 'mysql') {
    const mysql = require('mysql2/promise');
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    return { DATABASE_CLIENT: 'mysql', DATABASE_NAME: name };
  }
  const { Client } = require('pg');
  const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name };
}

async function boot(client, name, extraEnv = {}) {
  Object.assign(process.env, ENV, await freshDatabase(client, name), extraEnv);
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: playground, distDir: path.join(playground, 'dist') });
  await strapi.load();
  await strapi.server.mount();
  return strapi;
}

let seq = 0;
async function journalAndAccount(strapi, periodicity = 'month') {
  seq += 1;
  const plugin = strapi.plugin('bank-sync');
  const journal = await plugin
    .service('journals')
    .create({ name: `Bench ${seq}`, code: `BN${seq}`, currency: 'EUR', statementPeriodicity: periodicity, timeZone: 'Europe/Brussels' });
  const account = await strapi.db
    .query('plugin::bank-sync.online-account')
    .create({ data: { providerAccountId: `bench-${seq}`, currency: 'EUR', journal: journal.id } });
  return {
    journal: { id: journal.id, code: journal.code, currency: 'EUR', timeZone: 'Europe/Brussels', statementPeriodicity: periodicity },
    accountId: account.id,
  };
}

/** n posted transactions, oldest first, spread over `days` days before `end`. */
function transactions(n, prefix, days = 365, end = Date.parse('2026-06-30T12:00:00Z')) {
  const start = end - days * 86_400_000;
  const out = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const at = new Date(start + Math.floor((i * (end - start)) / n)).toISOString();
    out[i] = {
      providerTransactionId: `${prefix}-${i}`,
      bookingDate: at,
      valueDate: at.slice(0, 10),
      amount: BigInt(((i * 7919) % 200_001) - 100_000 || 1),
      currency: 'EUR',
      label: `Bench payment ${i} invoice ${(i * 31) % 9973}`,
      counterpartyName: `Counterparty ${i % 97}`,
      counterpartyAccount: `BE68539007547${String(i % 1000).padStart(3, '0')}`,
      status: 'posted',
      raw: { id: `${prefix}-${i}`, amount: i },
    };
  }
  return out;
}

async function importAll(strapi, target, txs, runId = 1, statements = new Map()) {
  const importer = strapi.plugin('bank-sync').service('importer');
  // With a connection id, as a real run: each committed batch is announced (bank-sync.lines.imported), its cost measured too.
  const run = { id: runId, date: '2026-06-30', connectionId: 1 };
  for (let i = 0; i < txs.length; i += BATCH) {
    await importer.importBatch({
      journal: target.journal,
      onlineAccountId: target.accountId,
      run,
      transactions: txs.slice(i, i + BATCH),
      cursor: { highWater: null, resume: { next: i + BATCH }, anchored: false },
      statements,
    });
  }
}

/** Strapi-like document ids (24 random characters), generated in bulk as the importer does. */
function documentIds(count) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = require('node:crypto').randomBytes(count * 24);
  const ids = new Array(count);
  for (let i = 0; i < count; i += 1) {
    let id = alphabet[bytes[i * 24] % 26];
    for (let j = 1; j < 24; j += 1) id += alphabet[bytes[i * 24 + j] % 36];
    ids[i] = id;
  }
  return ids;
}

/**
 * P1 baseline table: a true clone of bks_statement_lines, made from the database's own
 * definition of it: same columns and types, every index (Strapi's and the search index
 * included: PostgreSQL's trigram index, SQLite's FTS5 table and its triggers), the foreign
 * keys, and a key sequence of its own.
 */
async function cloneLinesTable(strapi) {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client;
  await knex.schema.dropTableIfExists('bench_raw_lines');
  if (client === 'postgres') {
    await knex.raw('CREATE TABLE bench_raw_lines (LIKE bks_statement_lines INCLUDING ALL)');
    // LIKE keeps the original's nextval() default: give the clone its own sequence.
    await knex.raw('CREATE SEQUENCE bench_raw_lines_id_seq OWNED BY bench_raw_lines.id');
    await knex.raw("ALTER TABLE bench_raw_lines ALTER COLUMN id SET DEFAULT nextval('bench_raw_lines_id_seq')");
    // LIKE never copies foreign keys.
    const fks = await knex.raw(
      "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'bks_statement_lines'::regclass AND contype = 'f'",
    );
    for (const fk of fks.rows) await knex.raw(`ALTER TABLE bench_raw_lines ADD CONSTRAINT "bench_${fk.conname}" ${fk.def}`);
  } else if (client === 'mysql') {
    const [rows] = await knex.raw('SHOW CREATE TABLE bks_statement_lines');
    const sql = rows[0]['Create Table'].replace(/bks_statement_lines/g, 'bench_raw_lines').replace(/ AUTO_INCREMENT=\d+/, '');
    await knex.raw(sql);
  } else {
    const table = await knex('sqlite_master').first('sql').where({ type: 'table', name: 'bks_statement_lines' });
    await knex.raw(table.sql.replace(/bks_statement_lines/g, 'bench_raw_lines'));
    const indexes = await knex('sqlite_master')
      .select('sql', 'name')
      .where({ type: 'index', tbl_name: 'bks_statement_lines' })
      .whereNotNull('sql');
    for (const index of indexes)
      await knex.raw(index.sql.replace(/bks_statement_lines/g, 'bench_raw_lines').replace(index.name, `bench_${index.name}`));
    // The search index (an FTS5 table kept by triggers) is part of what an insert pays.
    await knex.raw('DROP TABLE IF EXISTS bench_raw_lines_search');
    const search = await knex('sqlite_master').first('sql').where({ type: 'table', name: 'bks_lines_search' });
    if (search) await knex.raw(search.sql.replace('bks_lines_search', 'bench_raw_lines_search'));
    const triggers = await knex('sqlite_master').select('sql').where({ type: 'trigger', tbl_name: 'bks_statement_lines' });
    for (const trigger of triggers)
      await knex.raw(trigger.sql.replace(/bks_statement_lines/g, 'bench_raw_lines').replace(/bks_lines_search/g, 'bench_raw_lines_search'));
  }
}

/** P1 baseline: the same rows, raw knex batch inserts into the clone, one transaction per batch. */
async function rawInsert(strapi, target, txs) {
  const knex = strapi.db.connection;
  const t0 = now();
  for (let i = 0; i < txs.length; i += BATCH) {
    const stamp = new Date();
    const batch = txs.slice(i, i + BATCH);
    const ids = documentIds(batch.length);
    const rows = batch.map((t, j) => ({
      document_id: ids[j],
      statement_id: 1,
      journal_id: target.journal.id,
      online_account_id: target.accountId,
      booking_date: t.bookingDate.slice(0, 10),
      value_date: t.valueDate,
      amount: t.amount.toString(),
      currency: t.currency,
      label: t.label,
      counterparty_name: t.counterpartyName,
      counterparty_account: t.counterpartyAccount,
      provider_transaction_id: t.providerTransactionId,
      raw_payload: JSON.stringify(t.raw),
      created_at: stamp,
      updated_at: stamp,
      published_at: stamp,
    }));
    await knex.transaction((trx) => trx('bench_raw_lines').insert(rows));
  }
  return now() - t0;
}

/**
 * P1: the P1_ROWS transactions of one account (a year's worth at full size; the same number a
 * day at other sizes), cut in ROUNDS consecutive slices; for each slice, the raw insert into the
 * clone then the importer, so both tables grow alike. A full GC before each pass, so that
 * neither pays for the other's garbage.
 */
async function p1(client) {
  const strapi = await boot(client, `bks_bench_${TAG}_p1_${client}`);
  try {
    await cloneLinesTable(strapi);
    const perRound = Math.max(BATCH, Math.round(P1_ROWS / ROUNDS / BATCH) * BATCH);
    const total = perRound * ROUNDS;
    // Warm-up (JIT, connection pool), not counted.
    const warm = await journalAndAccount(strapi);
    const warmTxs = transactions(2 * BATCH, 'p1warm');
    await rawInsert(strapi, warm, warmTxs);
    await importAll(strapi, warm, warmTxs);
    const target = await journalAndAccount(strapi);
    const txs = transactions(total, 'p1', Math.max(1, Math.round((365 * total) / 100_000)));
    const statements = new Map();
    const raw = [];
    const importer = [];
    const ratios = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const slice = txs.slice(r * perRound, (r + 1) * perRound);
      global.gc?.();
      const rawMs = await rawInsert(strapi, target, slice);
      global.gc?.();
      const t0 = now();
      await importAll(strapi, target, slice, 1, statements);
      const importerMs = now() - t0;
      raw.push(perRound / (rawMs / 1000));
      importer.push(perRound / (importerMs / 1000));
      ratios.push(rawMs / importerMs);
      log(`P1 ${client} round ${r + 1}/${ROUNDS}: raw ${Math.round(raw[r])} rows/s, importer ${Math.round(importer[r])} rows/s`);
    }
    const count = await strapi.db.connection('bks_statement_lines').where({ online_account_id: target.accountId }).count({ n: '*' });
    if (Number(count[0].n) !== total) throw new Error(`P1 imported ${count[0].n}, expected ${total}`);
    const result = {
      raw_rows_per_s: Math.round(median(raw)),
      importer_rows_per_s: Math.round(median(importer)),
      ratio: summary(ratios),
      rows: total,
    };
    log(`P1 ${client}: ratio ${result.ratio.median} (${result.ratio.spread.join('–')}) over ${ROUNDS} rounds of ${perRound} rows`);
    let naive = null;
    if (client === 'sqlite') {
      // The naive path: Strapi's Query Engine, one line at a time (the Document Service refuses
      // every write to imported lines: they are the bank's, written by the importer only).
      const t1 = now();
      for (let i = 0; i < NAIVE_ROWS; i += 1) {
        const t = txs[i % txs.length];
        await strapi.db.query('plugin::bank-sync.bank-statement-line').create({
          data: {
            documentId: `naive-document-${i}`,
            statementId: 1,
            journalId: 1,
            onlineAccountId: 999_999,
            bookingDate: t.bookingDate.slice(0, 10),
            valueDate: t.valueDate,
            amount: t.amount.toString(),
            currency: 'EUR',
            label: t.label,
            counterpartyName: t.counterpartyName,
            counterpartyAccount: t.counterpartyAccount,
            providerTransactionId: `naive-${i}`,
            rawPayload: t.raw,
          },
        });
      }
      naive = Math.round(NAIVE_ROWS / ((now() - t1) / 1000));
      log(`naive Document Service: ${naive} rows/s`);
    }
    return { ...result, naive_rows_per_s: naive };
  } finally {
    await strapi.destroy();
  }
}

async function p2p6(strapi) {
  // An account holding HISTORY lines (imported through the importer), then 10k more.
  const full = await journalAndAccount(strapi);
  const t0 = now();
  await importAll(strapi, full, transactions(HISTORY, 'hist', 3 * 365, Date.parse('2026-05-31T12:00:00Z')));
  log(`history of ${HISTORY} lines imported in ${Math.round(now() - t0)} ms`);
  const fresh = transactions(P2_ROWS, 'new', 20, Date.parse('2026-06-29T12:00:00Z'));
  const t1 = now();
  await importAll(strapi, full, fresh, 2);
  const withHistory = now() - t1;
  const empty = await journalAndAccount(strapi);
  const t2 = now();
  await importAll(strapi, empty, fresh, 3);
  const emptyMs = now() - t2;
  log(`P2: ${P2_ROWS} new lines: ${Math.round(withHistory)} ms with history, ${Math.round(emptyMs)} ms empty`);

  // P6: the journal-lines endpoint over the account's lines, page of 50, random pages.
  const { base, token } = await adminSession(strapi);
  const statements = await strapi.db.connection('bks_statements').where({ journal_id: full.journal.id }).select('id');
  const samples = [];
  for (let i = 0; i < 60; i += 1) {
    const page = 1 + ((i * 37) % 200);
    const url =
      i % 2 === 0
        ? `${base}/bank-sync/journals/${full.journal.id}/lines?pageSize=50&page=${page}`
        : `${base}/bank-sync/statements/${statements[(i * 7) % statements.length].id}/lines?pageSize=50&page=${1 + (i % 20)}`;
    const t = now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    await res.json();
    if (res.status !== 200) throw new Error(`P6 ${url}: ${res.status}`);
    if (i >= 10) samples.push(now() - t); // the first requests warm up
  }
  samples.sort((a, b) => a - b);
  const p95 = samples[Math.floor(samples.length * 0.95) - 1];
  log(`P6: p95 ${p95.toFixed(1)} ms over ${samples.length} requests`);
  return { p2_history_ratio: withHistory / emptyMs, p6_p95_ms: p95 };
}

/** A connected connection whose single account feeds a new journal, read from 2020 on. */
async function connectedAccount(strapi, code, connection) {
  const plugin = strapi.plugin('bank-sync');
  const created = await plugin.service('connections').create(connection);
  await strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id: created.id }, data: { state: 'connected' } });
  await plugin.service('sync').fetchAccounts(created.id);
  const account = await strapi.db.query('plugin::bank-sync.online-account').findOne({ where: { connection: created.id } });
  const journal = await plugin.service('journals').create({ name: code, code, currency: 'EUR' });
  await plugin.service('connections').linkAccount(account.id, journal.id);
  await strapi.db.query('plugin::bank-sync.online-account').update({ where: { id: account.id }, data: { firstFetchDate: '2020-01-01' } });
  return { connection: created, account };
}

/**
 * P3. Besides the RSS, the bench watches the V8 heap and counts the pages the provider has
 * produced that are not imported yet (the one being imported included): the prefetch must
 * keep that at 2. With --p3gc, a full GC after every batch (a diagnostic, not a fix).
 */
async function p3(strapi) {
  const plugin = strapi.plugin('bank-sync');
  const { connection } = await connectedAccount(strapi, 'P3', {
    providerId: 'sandbox',
    credentials: { token: 'bench' },
    providerData: { scenario: { accounts: 1, transactions: P3_ROWS, days: 3 * 365, endDate: '2026-06-30', pending: 0, pageSize: 1000 } },
  });
  const provider = plugin.service('providers').get('sandbox');
  const importer = plugin.service('importer');
  const fetchTransactions = provider.fetchTransactions;
  const importBatch = importer.importBatch;
  let produced = 0;
  let imported = 0;
  let pagesInFlight = 0;
  provider.fetchTransactions = async function* counted(...a) {
    for await (const page of fetchTransactions.apply(this, a)) {
      produced += 1;
      pagesInFlight = Math.max(pagesInFlight, produced - imported);
      yield page;
    }
  };
  importer.importBatch = async function counted(batch) {
    const result = await importBatch.call(this, batch);
    if (batch.cursor !== undefined) imported += 1; // the page's last batch stores its cursor
    if (args.p3gc === 'true') global.gc();
    return result;
  };
  global.gc?.();
  const base = process.memoryUsage();
  const peak = { ...base };
  // Outside the V8 heap: SQLite's page cache, malloc'ed buffers, fragmentation.
  const native = (m) => m.rss - m.heapTotal - m.external;
  base.native = native(base);
  peak.native = base.native;
  const sample = () => {
    const m = process.memoryUsage();
    m.native = native(m);
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], m[key]);
  };
  const timer = setInterval(sample, 50);
  const t0 = now();
  let run;
  try {
    run = await plugin.service('sync').runConnection(connection.id);
  } finally {
    clearInterval(timer);
    provider.fetchTransactions = fetchTransactions;
    importer.importBatch = importBatch;
  }
  sample();
  const ms = now() - t0;
  if (run.imported !== P3_ROWS) throw new Error(`P3 imported ${run.imported}`);
  const mb = (key) => (peak[key] - base[key]) / 1024 / 1024;
  log(
    `P3: ${P3_ROWS} lines in ${Math.round(ms)} ms, RSS ${Math.round(base.rss / 1e6)} -> peak ${Math.round(peak.rss / 1e6)} MB, ` +
      `heap total +${mb('heapTotal').toFixed(0)} MB, external +${mb('external').toFixed(0)} MB, native +${mb('native').toFixed(0)} MB, ` +
      `pages in flight ${pagesInFlight}`,
  );
  return {
    p3_rss_mb: mb('rss'),
    p3_heap_total_mb: mb('heapTotal'),
    p3_native_mb: mb('native'),
    p3_pages_in_flight: pagesInFlight,
    p3_rows_per_s: Math.round(P3_ROWS / (ms / 1000)),
  };
}

/** Busy loops, one per core: the "other work" of a busy machine. Returns a function that stops them. */
function startCpuHog() {
  const { spawn } = require('node:child_process');
  const hogs = os.cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random())'], { stdio: 'ignore' }));
  return () => {
    for (const hog of hogs) hog.kill();
  };
}

async function p4(strapi) {
  const knex = strapi.db.connection;
  const nowDate = new Date();
  const rows = [];
  for (let i = 0; i < CONNECTIONS; i += 1) {
    const due = i % 5 === 0;
    rows.push({
      document_id: `bench${String(i).padStart(19, '0')}`,
      provider_id: 'sandbox',
      state: 'connected',
      auto_sync: true,
      frequency_minutes: 720,
      next_sync_at: new Date(nowDate.getTime() + (due ? -60_000 - i : 3_600_000 + i)),
      created_at: nowDate,
      updated_at: nowDate,
      published_at: nowDate,
    });
  }
  for (let i = 0; i < rows.length; i += 500) await knex('bks_online_connections').insert(rows.slice(i, i + 500));
  const scheduler = strapi.plugin('bank-sync').service('scheduler');
  const { concurrency } = strapi.plugin('bank-sync').service('settings').get().scheduler;
  const times = [];
  for (let round = 0; round < 20; round += 1) {
    const t0 = now();
    const claimed = (await scheduler.claimDue(concurrency)).length;
    times.push(now() - t0);
    if (claimed !== concurrency) throw new Error(`P4 claimed ${claimed}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  log(`P4: claim among ${CONNECTIONS} connections (${CONNECTIONS / 5} due): median ${median.toFixed(2)} ms`);
  return { p4_claim_ms: median };
}

/** The fake Ponto in its own process, as a remote bank would be: its latency runs apart from our event loop. */
async function startRemotePonto(scenario) {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [path.join(root, 'tests', 'fakes', 'ponto-server.js')], {
    env: { ...process.env, PONTO_FAKE_PORT: '0', PONTO_FAKE_SCENARIO: JSON.stringify(scenario) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(String(chunk));
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`fake Ponto exited ${code}`)));
  });
  return { child, apiUrl: `${url}/ponto-connect`, authorizationUrl: `${url}/oauth2/auth` };
}

/**
 * P5: rounds of (fetch-only loop, full sync). The floor is a bare loop that fetches the same
 * pages from the same fake (no import); each full sync is a new connection (own journal).
 */
async function p5(strapi) {
  const plugin = strapi.plugin('bank-sync');
  const latency = 20;
  const remote = await startRemotePonto({
    accounts: 1,
    transactionsPerAccount: P5_ROWS,
    pendingPerAccount: 0,
    days: 365,
    latencyMs: latency,
  });
  try {
    strapi.config.set('plugin::bank-sync.providers.ponto', {
      apiUrl: remote.apiUrl,
      authorizationUrl: remote.authorizationUrl,
      synchronize: false,
    });
    plugin.service('settings').reload();
    const pages = Math.ceil(P5_ROWS / 100);
    const syncs = [];
    const floors = [];
    const floorRatios = [];
    const imports = [];
    const providerOnly = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const { connection, account } = await connectedAccount(strapi, `P5R${r}`, {
        providerId: 'ponto',
        credentials: { clientId: 'ponto-client-id', clientSecret: 'ponto-client-secret' },
      });
      const creds = await plugin.service('connections').readCredentials(connection.id);
      const headers = { Authorization: `Bearer ${creds.accessToken}` };
      let url = `${remote.apiUrl}/accounts/${account.providerAccountId}/transactions?page[limit]=100`;
      let fetched = 0;
      global.gc?.();
      const t1 = now();
      while (url) {
        const page = await (await fetch(url, { headers })).json();
        fetched += page.data.length;
        url = page.links.next;
      }
      const fetchOnly = now() - t1;
      if (fetched !== P5_ROWS) throw new Error(`P5 fetched ${fetched}`);
      // The same pages through our provider (its HTTP client, schemas and mapping), nothing imported.
      const row = await strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id: connection.id } });
      const { provider, ctx } = await plugin.service('provider-context').forConnection(row);
      const t2 = now();
      let provided = 0;
      for await (const page of provider.fetchTransactions(ctx, {
        providerAccountId: account.providerAccountId,
        currency: 'EUR',
        since: '2020-01-01',
        resume: null,
        previous: null,
      }))
        provided += page.transactions.length;
      providerOnly.push(now() - t2);
      if (provided !== P5_ROWS) throw new Error(`P5 provider gave ${provided}`);
      global.gc?.();
      // Where the full sync's time goes: in importBatch (the database), or elsewhere (waiting
      // for pages, mapping, the run's own writes).
      const importer = plugin.service('importer');
      const importBatch = importer.importBatch;
      let importMs = 0;
      importer.importBatch = async function timed(batch) {
        const start = now();
        try {
          return await importBatch.call(this, batch);
        } finally {
          importMs += now() - start;
        }
      };
      const t0 = now();
      let run;
      try {
        run = await plugin.service('sync').runConnection(connection.id);
      } finally {
        importer.importBatch = importBatch;
      }
      const elapsed = now() - t0;
      imports.push(importMs);
      if (run.imported !== P5_ROWS) throw new Error(`P5 imported ${run.imported}: ${JSON.stringify(run.error)}`);
      syncs.push(elapsed);
      floors.push(fetchOnly);
      floorRatios.push(elapsed / fetchOnly);
      log(
        `P5 round ${r + 1}/${ROUNDS}: fetching alone ${Math.round(fetchOnly)} ms, through the provider ${Math.round(providerOnly[r])} ms, ` +
          `full sync ${Math.round(elapsed)} ms (of which importBatch ${Math.round(importMs)} ms)`,
      );
    }
    const floor = summary(floorRatios);
    log(
      `P5: ${P5_ROWS} transactions, ${pages} pages of 100 at ${latency} ms: full sync ${Math.round(median(syncs))} ms, ` +
        `fetching alone ${Math.round(median(floors))} ms (medians), full sync / fetching alone ${floor.median} (${floor.spread.join('–')})`,
    );
    return {
      p5_e2e_ratio: median(syncs) / (pages * latency),
      p5_fetch_only_ratio: median(floors) / (pages * latency),
      p5_floor_ratio: floor.median,
      p5_floor_spread: floor.spread,
      p5_import_ms: Math.round(median(imports)),
      p5_provider_only_ratio: round3(median(providerOnly) / median(floors)),
    };
  } finally {
    remote.child.kill();
  }
}

/** An admin token and the base URL of a booted bench Strapi (its HTTP server started). */
async function adminSession(strapi) {
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
  const login = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ENV.BANK_SYNC_ADMIN_EMAIL, password: ENV.BANK_SYNC_ADMIN_PASSWORD }),
  });
  return { base, token: (await login.json()).data.token };
}

/**
 * P7: search as the admin types it, over a journal of HISTORY lines: GET
 * /bank-sync/journals/:id/lines?search=...&pageSize=50 with words found in many lines, in a
 * few, and in none (the worst case: nothing stops the scan early). p95 over the requests.
 */
async function p7(client) {
  const strapi = await boot(client, `bks_bench_${TAG}_p7_${client}`);
  try {
    const journal = await journalAndAccount(strapi);
    const t0 = now();
    await importAll(strapi, journal, transactions(HISTORY, 'search', 3 * 365, Date.parse('2026-05-31T12:00:00Z')));
    log(`P7 ${client}: ${HISTORY} lines imported in ${Math.round(now() - t0)} ms`);
    // PostgreSQL's planner needs the table's statistics, which autovacuum takes within a minute
    // of a large import: taken here at once (before them it reads the journal's index for every word).
    if (client === 'postgres') await strapi.db.connection.raw('ANALYZE bks_statement_lines');
    const { base, token } = await adminSession(strapi);
    const terms = [
      'payment',
      'Counterparty 42',
      'invoice 9972',
      'invoice 12',
      'BE68539007547123',
      'search-4242',
      'no such word',
      'zzz',
      'Paym',
      'Bench payment 99999',
    ];
    const samples = [];
    for (let round = 0; round < 3; round += 1) {
      for (const term of terms) {
        const url = `${base}/bank-sync/journals/${journal.journal.id}/lines?pageSize=50&search=${encodeURIComponent(term)}`;
        const t = now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        await res.json();
        if (res.status !== 200) throw new Error(`P7 ${url}: ${res.status}`);
        if (round > 0) samples.push(now() - t); // the first round warms up
        if (round === 2) log(`P7 ${client}: "${term}" ${(now() - t).toFixed(1)} ms`);
      }
    }
    samples.sort((a, b) => a - b);
    const p95 = samples[Math.ceil(samples.length * 0.95) - 1];
    log(`P7 ${client}: search p95 ${p95.toFixed(1)} ms, median ${median(samples).toFixed(1)} ms over ${samples.length} requests`);
    return p95;
  } finally {
    await strapi.destroy();
  }
}

/** P3 in a process of its own, so its RSS baseline carries nothing from the other measures. */
async function p3Isolated(hog = false) {
  const { execFile } = require('node:child_process');
  const stop = hog ? startCpuHog() : () => undefined;
  try {
    const extra = args.p3gc === 'true' ? ['--p3gc'] : [];
    const out = await new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        ['--expose-gc', __filename, '--p3-child', `--p3=${P3_ROWS}`, `--tag=${TAG}`, ...extra],
        { env: process.env, maxBuffer: 1 << 20 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
      child.stderr.pipe(process.stderr);
    });
    return JSON.parse(String(out).trim().split('\n').pop());
  } finally {
    stop();
  }
}

async function onlyP3() {
  const strapi = await boot('sqlite', `bks_bench_${TAG}_p3`);
  try {
    console.log(JSON.stringify(await p3(strapi)));
  } finally {
    await strapi.destroy();
  }
  process.exit(0);
}

async function main() {
  if (args['p3-child'] === 'true') return onlyP3();
  const only = args.only ? args.only.split(',') : null;
  const want = (measure) => !only || only.includes(measure);
  const started = now();
  const out = { machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`, quick };
  for (const client of want('p1') ? DBS : []) {
    const r = await p1(client);
    Object.assign(out, {
      [`p1_ratio_${client}`]: r.ratio.median,
      [`p1_spread_${client}`]: r.ratio.spread,
      [`raw_rows_per_s_${client}`]: r.raw_rows_per_s,
      [`importer_rows_per_s_${client}`]: r.importer_rows_per_s,
    });
    if (r.naive_rows_per_s !== null) out.naive_rows_per_s = r.naive_rows_per_s;
  }
  if (want('p3')) {
    Object.assign(out, await p3Isolated());
    if (args.hog !== 'false') {
      // The same, with one busy loop per core running beside it.
      for (const [key, value] of Object.entries(await p3Isolated(true))) out[`${key}_hog`] = value;
    }
  }
  if (want('p4') || want('p5') || want('p2') || want('p6')) {
    const strapi = await boot('sqlite', `bks_bench_${TAG}_main`);
    try {
      if (want('p4')) Object.assign(out, await p4(strapi));
      if (want('p5')) Object.assign(out, await p5(strapi));
      if (want('p2') || want('p6')) Object.assign(out, await p2p6(strapi));
    } finally {
      await strapi.destroy();
    }
  }
  for (const client of want('p7') ? DBS.filter((db) => db !== 'mysql') : []) {
    out[`p7_search_p95_ms_${client}`] = await p7(client);
  }
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'number' && !Number.isInteger(value)) out[key] = round3(value);
  }
  out.seconds = Math.round((now() - started) / 1000);
  console.log(JSON.stringify(out));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
