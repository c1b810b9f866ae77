import { readMinorUnits } from '../server/src/domain/money';
import type { NormalizedTransaction } from '../server/src/providers/types';
import { connectSandbox, statements } from './helpers/sandbox';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const service = (name: string) => app.strapi.plugin('bank-sync').service(name);

async function journalWithAccount(periodicity: string, timeZone = 'Europe/Brussels') {
  seq += 1;
  const journal = await service('journals').create({
    name: `J${seq}`,
    code: `ST${seq}`,
    currency: 'EUR',
    statementPeriodicity: periodicity,
    timeZone,
  });
  const account = await app.strapi.db.query('plugin::bank-sync.online-account').create({
    data: { providerAccountId: `acc-${seq}`, currency: 'EUR', journal: journal.id },
  });
  return { journal: { ...journal, statementPeriodicity: periodicity }, accountId: account.id as number };
}

function tx(id: string, bookingDate: string, amount: bigint): NormalizedTransaction {
  return {
    providerTransactionId: id,
    bookingDate,
    valueDate: null,
    amount,
    currency: 'EUR',
    label: `tx ${id}`,
    counterpartyName: null,
    counterpartyAccount: null,
    status: 'posted',
    raw: { id },
  };
}

async function importAll(setup: Awaited<ReturnType<typeof journalWithAccount>>, transactions: NormalizedTransaction[], runId = 1) {
  return service('importer').importBatch({
    journal: setup.journal,
    onlineAccountId: setup.accountId,
    run: { id: runId, date: '2026-04-20' },
    transactions,
  });
}

function expectChained(list: Array<{ balance_start: unknown; balance_end: unknown }>) {
  for (let i = 1; i < list.length; i += 1) {
    expect(readMinorUnits(list[i].balance_start)).toBe(readMinorUnits(list[i - 1].balance_end));
  }
}

describe('statements', () => {
  it('puts a transaction at 23:30Z on 31 March on 1 April in Europe/Brussels', async () => {
    const brussels = await journalWithAccount('month', 'Europe/Brussels');
    await importAll(brussels, [tx('tz-1', '2026-03-31T23:30:00Z', 100n), tx('tz-2', '2026-03-31T21:30:00Z', 50n)]);
    const list = await statements(app, brussels.journal.id);
    expect(list.map((s: { name: string }) => s.name)).toEqual([`${brussels.journal.code}/2026/03`, `${brussels.journal.code}/2026/04`]);
    const line = await app.strapi.db.connection('bks_statement_lines').where({ provider_transaction_id: 'tz-1' }).first();
    expect(String(line.booking_date).slice(0, 10)).toBe('2026-04-01');

    const utc = await journalWithAccount('month', 'UTC');
    await importAll(utc, [tx('tz-1', '2026-03-31T23:30:00Z', 100n)]);
    expect((await statements(app, utc.journal.id)).map((s: { period_key: string }) => s.period_key)).toEqual(['2026-03']);
  });

  it.each([
    ['day', ['2026-03-01', '2026-03-01', '2026-03-02'], ['2026-03-01', '2026-03-02']],
    ['week', ['2026-03-01', '2026-03-02', '2026-03-08', '2026-03-09'], ['2026-W09', '2026-W10', '2026-W11']],
    ['bimonthly', ['2026-02-15', '2026-02-16', '2026-02-28', '2026-03-01'], ['2026-02-1', '2026-02-2', '2026-03-1']],
    ['month', ['2026-01-31', '2026-02-01', '2026-02-28', '2026-03-01'], ['2026-01', '2026-02', '2026-03']],
  ])('groups by %s', async (periodicity, dates, keys) => {
    const setup = await journalWithAccount(periodicity);
    await importAll(
      setup,
      dates.map((d, i) => tx(`${periodicity}-${i}`, d, BigInt(100 * (i + 1)))),
    );
    const list = await statements(app, setup.journal.id);
    expect(list.map((s: { period_key: string }) => s.period_key)).toEqual(keys);
    expect(list.reduce((n: number, s: { line_count: number }) => n + Number(s.line_count), 0)).toBe(dates.length);
    for (const st of list) {
      const own = await app.strapi.db.connection('bks_statement_lines').where({ statement_id: st.id });
      for (const line of own) {
        const date = String(line.booking_date).slice(0, 10);
        expect(date >= String(st.period_start).slice(0, 10) && date <= String(st.period_end).slice(0, 10)).toBe(true);
      }
    }
    expectChained(list);
  });

  it('makes one statement per synchronization run with periodicity none', async () => {
    const setup = await journalWithAccount('none');
    await importAll(setup, [tx('n1', '2026-03-01', 10n), tx('n2', '2026-03-20', 20n)], 501);
    await importAll(setup, [tx('n3', '2026-03-21', 30n)], 502);
    const list = await statements(app, setup.journal.id);
    expect(list.map((s: { period_key: string; line_count: number }) => [s.period_key, Number(s.line_count)])).toEqual([
      ['run-501', 2],
      ['run-502', 1],
    ]);
    expectChained(list);
  });

  it('keeps the chain when an older period is imported after newer ones', async () => {
    const setup = await journalWithAccount('month');
    await importAll(setup, [tx('o1', '2026-04-10', 1000n), tx('o2', '2026-05-10', -300n)]);
    await importAll(setup, [tx('o3', '2026-03-10', 250n), tx('o4', '2026-04-11', 5n)]);
    const list = await statements(app, setup.journal.id);
    expect(list.map((s: { period_key: string }) => s.period_key)).toEqual(['2026-03', '2026-04', '2026-05']);
    expectChained(list);
    const total = readMinorUnits(list[2].balance_end) - readMinorUnits(list[0].balance_start);
    expect(total).toBe(1000n - 300n + 250n + 5n);
  });

  it('groups a sandbox import by week in the journal time zone', async () => {
    const scenario = { accounts: 1, transactions: 90, days: 45, endDate: '2026-04-15', pending: 0 };
    const setup = await connectSandbox(app, { scenario, periodicity: 'week', timeZone: 'America/New_York', code: 'WK' });
    const run = await service('sync').runConnection(setup.connectionId);
    expect(run.imported).toBe(90);
    const list = await statements(app, setup.accounts[0].journalId);
    for (const st of list) {
      const start = new Date(`${String(st.period_start).slice(0, 10)}T00:00:00Z`);
      expect(start.getUTCDay()).toBe(1); // Monday
    }
    expectChained(list);
  });
});
