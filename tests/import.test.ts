import { readMinorUnits } from '../server/src/domain/money';
import { balanceOf } from '../server/src/providers/sandbox/bank';
import { sandboxPostedSum } from './helpers/ledger';
import { scenarioSchema } from '../server/src/providers/sandbox/scenario';
import { connectSandbox, lines, setScenario, statements } from './helpers/sandbox';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
const sync = () => app.strapi.plugin('bank-sync').service('sync');

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const END = '2026-04-15';

describe('import through the sandbox provider', () => {
  it('imports the same transactions fetched three times only once, with exact sums and chained balances', async () => {
    const scenario = { accounts: 2, transactions: 150, days: 75, endDate: END, pageSize: 40, pending: 0, openingBalance: 1234567 };
    const setup = await connectSandbox(app, { scenario, code: 'DUP' });
    const runs = [];
    for (let i = 0; i < 3; i += 1) runs.push(await sync().runConnection(setup.connectionId));

    expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    expect(runs[0].imported).toBe(300);
    expect(runs[1].imported).toBe(0);
    expect(runs[2].imported).toBe(0);
    // Later runs re-read the overlap window: what they see again is counted as duplicates.
    expect(runs[1].duplicates).toBeGreaterThan(0);

    for (const [a, account] of setup.accounts.entries()) {
      const stored = await lines(app, { online_account_id: account.id });
      const expected = sandboxPostedSum(scenario, a);
      expect(stored).toHaveLength(expected.count);
      expect(new Set(stored.map((l: { provider_transaction_id: string }) => l.provider_transaction_id)).size).toBe(expected.count);
      const sum = stored.reduce((acc: bigint, l: { amount: unknown }) => acc + readMinorUnits(l.amount), 0n);
      expect(sum).toBe(expected.sum);

      // Statements chain, each holds exactly its lines, and the last one ends at the bank balance.
      const list = await statements(app, account.journalId);
      expect(list.length).toBe(4); // 75 days up to 15 April: January to April
      for (const [i, st] of list.entries()) {
        const own = stored.filter((l: { statement_id: number }) => l.statement_id === st.id);
        const ownSum = own.reduce((acc: bigint, l: { amount: unknown }) => acc + readMinorUnits(l.amount), 0n);
        expect(readMinorUnits(st.balance_end) - readMinorUnits(st.balance_start)).toBe(ownSum);
        expect(Number(st.line_count)).toBe(own.length);
        if (i > 0) expect(readMinorUnits(st.balance_start)).toBe(readMinorUnits(list[i - 1].balance_end));
      }
      const bank = balanceOf(scenarioSchema.parse(scenario), a);
      expect(readMinorUnits(list[list.length - 1].balance_end)).toBe(bank);
      expect(readMinorUnits(list[0].balance_start)).toBe(bank - expected.sum);
    }
  });

  it('keeps two transactions with the same date, amount and label but different ids', async () => {
    const scenario = { accounts: 1, transactions: 60, days: 30, endDate: END, pending: 0, twinEvery: 10 };
    const setup = await connectSandbox(app, { scenario, code: 'TWN' });
    const run = await sync().runConnection(setup.connectionId);
    expect(run.imported).toBe(66);
    const stored = await lines(app, { online_account_id: setup.accounts[0].id });
    const twins = stored.filter((l: { provider_transaction_id: string }) => l.provider_transaction_id.endsWith('-twin'));
    expect(twins).toHaveLength(6);
    for (const twin of twins) {
      const original = stored.find(
        (l: { provider_transaction_id: string }) => l.provider_transaction_id === twin.provider_transaction_id.replace('-twin', ''),
      );
      expect(original).toBeDefined();
      expect([original.booking_date, String(original.amount), original.label]).toEqual([
        twin.booking_date,
        String(twin.amount),
        twin.label,
      ]);
    }
  });

  it.each(['same', 'new'])('imports a pending transaction once, only when posted (%s id)', async (pendingIdStyle) => {
    const scenario = { accounts: 1, transactions: 40, days: 20, endDate: END, pending: 3, pendingIdStyle };
    const setup = await connectSandbox(app, { scenario, code: `P${pendingIdStyle[0]}` });
    const first = await sync().runConnection(setup.connectionId);
    expect(first.imported).toBe(37);
    expect(first.pendingSkipped).toBe(3);

    await setScenario(app, setup.connectionId, { postPending: true });
    const second = await sync().runConnection(setup.connectionId);
    expect(second.imported).toBe(3);
    expect(second.pendingSkipped).toBe(0);
    const third = await sync().runConnection(setup.connectionId);
    expect(third.imported).toBe(0);

    const stored = await lines(app, { online_account_id: setup.accounts[0].id });
    expect(stored).toHaveLength(40);
    expect(stored.some((l: { provider_transaction_id: string }) => l.provider_transaction_id.endsWith('-pending'))).toBe(false);
  });

  it('commits pages 1-6 when page 7 of 10 fails, then imports 7-10 on the next run with nothing duplicated', async () => {
    const scenario = { accounts: 1, transactions: 500, days: 60, endDate: END, pageSize: 50, pending: 0, failAtPage: 7 };
    const setup = await connectSandbox(app, { scenario, code: 'FAIL' });
    const failed = await sync().runConnection(setup.connectionId);
    expect(failed.status).toBe('failed');
    expect(failed.imported).toBe(300);
    expect(failed.error?.reference).toMatch(/^BKS-[0-9A-F]{8}$/);
    expect(await lines(app, { online_account_id: setup.accounts[0].id })).toHaveLength(300);
    const conn = await app.strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id: setup.connectionId } });
    expect(conn.state).toBe('error');
    expect(conn.lastErrorReference).toBe(failed.error?.reference);

    await setScenario(app, setup.connectionId, { failAtPage: undefined });
    const resumed = await sync().runConnection(setup.connectionId);
    expect(resumed.status).toBe('success');
    expect(resumed.imported).toBe(200);
    expect(resumed.duplicates).toBe(0);
    const stored = await lines(app, { online_account_id: setup.accounts[0].id });
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((l: { provider_transaction_id: string }) => l.provider_transaction_id)).size).toBe(500);
    const list = await statements(app, setup.accounts[0].journalId);
    expect(list.reduce((n: number, s: { line_count: number }) => n + Number(s.line_count), 0)).toBe(500);
  });

  it('counts and reports invalid records and imports the rest', async () => {
    const scenario = { accounts: 1, transactions: 100, days: 30, endDate: END, pending: 0, invalidEvery: 20 };
    const setup = await connectSandbox(app, { scenario, code: 'INV' });
    const run = await sync().runConnection(setup.connectionId);
    expect(run.invalid).toBe(5);
    expect(run.imported).toBe(95);
    expect(run.status).toBe('partial');
    expect(run.error?.message).toMatch(/5 records rejected: missing or inexact amount \(5\)/);
  });

  it('goes on with the other accounts when one fails', async () => {
    const scenario = { accounts: 2, transactions: 30, days: 20, endDate: END, pending: 0, failAtPage: 1, failAccount: 0 };
    const setup = await connectSandbox(app, { scenario, code: 'ONE' });
    const run = await sync().runConnection(setup.connectionId);
    expect(run.status).toBe('partial');
    expect(run.imported).toBe(30);
    expect(await lines(app, { online_account_id: setup.accounts[0].id })).toHaveLength(0);
    expect(await lines(app, { online_account_id: setup.accounts[1].id })).toHaveLength(30);
  });
});
