import { startTestApp, type TestApp } from './helpers/strapi';

/**
 * Search in statement lines: any part of the label, the counterparty or the bank's
 * transaction id, any case; LIKE's wildcards taken literally; through the database's text
 * index (PostgreSQL trigram index, SQLite FTS5 table) for rare words and an ordered scan for
 * common ones; lines imported later found at once.
 */
let app: TestApp;
let auth: string;
let journalId: number;
let accountId: number;

const plugin = () => app.strapi.plugin('bank-sync');

function transaction(id: string, label: string, counterpartyName: string | null = null, day = '2026-03-10') {
  return {
    providerTransactionId: id,
    bookingDate: `${day}T10:00:00Z`,
    valueDate: day,
    amount: 1234n,
    currency: 'EUR',
    label,
    counterpartyName,
    counterpartyAccount: null,
    status: 'posted' as const,
    raw: { id },
  };
}

async function importLines(transactions: ReturnType<typeof transaction>[], runId = 1) {
  const journal = { id: journalId, code: 'SRCH', currency: 'EUR', timeZone: 'Europe/Brussels', statementPeriodicity: 'month' as const };
  for (let i = 0; i < transactions.length; i += 500) {
    await plugin()
      .service('importer')
      .importBatch({
        journal,
        onlineAccountId: accountId,
        run: { id: runId, date: '2026-03-31' },
        transactions: transactions.slice(i, i + 500),
      });
  }
}

async function search(term: string, scope = `journals/${journalId}`) {
  const res = await app
    .http()
    .get(`/bank-sync/${scope}/lines?pageSize=50&search=${encodeURIComponent(term)}`)
    .set('Authorization', auth);
  expect(res.status).toBe(200);
  return res.body as { data: Array<{ label: string; providerTransactionId: string }>; meta: { total: number | null; hasMore: boolean } };
}

beforeAll(async () => {
  app = await startTestApp();
  auth = `Bearer ${await app.adminToken()}`;
  const journal = await plugin().service('journals').create({ name: 'Search', code: 'SRCH', currency: 'EUR' });
  journalId = journal.id;
  const account = await app.strapi
    .db!.query('plugin::bank-sync.online-account')
    .create({ data: { providerAccountId: 'search-account', currency: 'EUR', journal: journal.id } });
  accountId = account.id;
  // More lines with a common word than the text index is asked for (2,000), and a few rare ones.
  const common = Array.from({ length: 2100 }, (_, i) => transaction(`common-${i}`, `Bench payment ${i}`, `Counterparty ${i % 97}`));
  await importLines([
    ...common,
    transaction('TX-Unique-777', 'Card purchase'),
    transaction('rare-1', 'Invoice 2026-0042 paid', 'ACME Corporation'),
    transaction('rare-2', '100% discount voucher'),
    transaction('rare-3', 'Transfer under_score', null, '2026-02-10'),
  ]);
});
afterAll(async () => {
  await app?.stop();
});

describe('line search', () => {
  it('uses the text index of PostgreSQL and SQLite', async () => {
    const knex = app.strapi.db!.connection;
    const client = process.env.DATABASE_CLIENT ?? 'sqlite';
    if (client === 'postgres') {
      const found = await knex.raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'bks_lines_search_trgm'");
      expect(found.rows[0].indexdef).toContain('gin_trgm_ops');
    } else if (client === 'sqlite') {
      const table = await knex('sqlite_master').first('sql').where({ name: 'bks_lines_search' });
      expect(table.sql).toContain('trigram');
      const rows = await knex('bks_lines_search').count({ n: '*' });
      expect(Number(rows[0].n)).toBe(2104);
    } else {
      expect(client).toBe('mysql'); // MySQL/MariaDB: LIKE, as documented
    }
  });

  it('finds any part of the label, the counterparty or the transaction id, in any case', async () => {
    expect((await search('acme corp')).data.map((l) => l.providerTransactionId)).toEqual(['rare-1']);
    expect((await search('unique-7')).data.map((l) => l.providerTransactionId)).toEqual(['TX-Unique-777']);
    expect((await search('INVOICE 2026')).data.map((l) => l.label)).toEqual(['Invoice 2026-0042 paid']);
    expect((await search('no such words')).data).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect((await search('100%')).data.map((l) => l.providerTransactionId)).toEqual(['rare-2']);
    expect((await search('payment_1')).data).toEqual([]);
    expect((await search('r_s')).data.map((l) => l.providerTransactionId)).toEqual(['rare-3']);
  });

  it('pages a common word in order, and answers words too short for the index', async () => {
    const common = await search('payment');
    expect(common.data).toHaveLength(50);
    expect(common.meta).toMatchObject({ total: null, hasMore: true });
    expect(common.data.every((l) => l.label.includes('payment'))).toBe(true);
    const short = await search('ac');
    expect(short.data.map((l) => l.providerTransactionId)).toContain('rare-1');
    expect(short.data.every((l) => /ac/i.test(`${l.label} ${l.providerTransactionId}`) || l.providerTransactionId === 'rare-1')).toBe(true);
  });

  it('finds lines imported later, and keeps to the statement searched', async () => {
    await importLines([transaction('late-1', 'Late refund Zephyr')], 2);
    expect((await search('zephyr')).data.map((l) => l.providerTransactionId)).toEqual(['late-1']);
    const statements = await app.http().get(`/bank-sync/journals/${journalId}/statements`).set('Authorization', auth);
    const february = statements.body.data.find((s: { periodStart: string }) => s.periodStart.startsWith('2026-02'));
    const march = statements.body.data.find((s: { periodStart: string }) => s.periodStart.startsWith('2026-03'));
    expect((await search('under_score', `statements/${february.id}`)).data).toHaveLength(1);
    expect((await search('under_score', `statements/${march.id}`)).data).toHaveLength(0);
  });
});

describe('line search, characters with a meaning in patterns', () => {
  it('takes * ? [ literally', async () => {
    await importLines([transaction('glob-1', 'Order *42? [urgent]')], 3);
    expect((await search('*42?')).data.map((l) => l.providerTransactionId)).toEqual(['glob-1']);
    expect((await search('[urgent]')).data.map((l) => l.providerTransactionId)).toEqual(['glob-1']);
    expect((await search('order ?42')).data).toEqual([]);
  });
});
