import { businessDaysSince } from '../server/src/domain/business-days';
import { nextDriftState } from '../server/src/domain/balance-drift';
import { connectSandbox, setScenario } from './helpers/sandbox';
import { useTestApp } from './helpers/admin-api';

const END = '2026-04-15';
const DAY = 86_400_000;
const { app, api } = useTestApp();
const { get, post, put } = api;

interface Warning {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
const journalOf = async (id: number) =>
  (await get(`/bank-sync/journals/${id}`)).body.data as { balance: string; bankBalance: string; warnings: Warning[] };
const warning = (warnings: Warning[], code: string) => warnings.find((w) => w.code === code);
const account = (id: number) => app().strapi.db.query('plugin::bank-sync.online-account').findOne({ where: { id } });
const setConnection = (id: number, data: Record<string, unknown>) =>
  app().strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id }, data });

describe('business days and the drift rule', () => {
  it('counts Monday to Friday only', () => {
    const friday = new Date('2026-12-04T10:00:00Z');
    expect(businessDaysSince(friday, new Date('2026-12-05T10:00:00Z'))).toBe(0); // Saturday
    expect(businessDaysSince(friday, new Date('2026-12-07T09:00:00Z'))).toBe(1); // Monday
    expect(businessDaysSince(friday, new Date('2026-12-11T10:00:00Z'))).toBe(5); // next Friday
    expect(businessDaysSince(friday, new Date('2026-12-21T10:00:00Z'))).toBe(11);
    expect(businessDaysSince(friday, friday)).toBe(0);
  });

  it('keeps the run that first found a drift, and clears it when the balances agree', () => {
    const t1 = new Date('2026-12-01T00:00:00Z');
    const t2 = new Date('2026-12-02T00:00:00Z');
    const none = { driftAmount: null, driftSinceRunId: null, driftSinceAt: null, balanceAgreedAt: null };
    const first = nextDriftState(none, { bankBalance: 12_345n, statementsBalance: 12_000n, runId: 7, now: t1 });
    expect(first).toMatchObject({ driftAmount: '345', driftSinceRunId: 7, driftSinceAt: t1 });
    const second = nextDriftState(first, { bankBalance: 12_500n, statementsBalance: 12_000n, runId: 8, now: t2 });
    expect(second).toMatchObject({ driftAmount: '500', driftSinceRunId: 7, driftSinceAt: t1 });
    expect(nextDriftState(second, { bankBalance: 1n, statementsBalance: 1n, runId: 9, now: t2 })).toEqual({ ...none, balanceAgreedAt: t2 });
  });
});

describe('balance drift after a run', () => {
  it('flags a bank balance that differs from the statements with its amount and run, and clears it when they agree', async () => {
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 30, days: 30, endDate: END, pending: 0, openingBalance: 120_000 },
      code: 'DRF',
    });
    const journalId = s.accounts[0]!.journalId;
    expect((await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data.status).toBe('success');
    let journal = await journalOf(journalId);
    expect(journal.balance).toBe(journal.bankBalance);
    expect(warning(journal.warnings, 'balance_drift')).toBeUndefined();
    const agreed = await account(s.accounts[0]!.id);
    expect(agreed.driftAmount).toBeNull();
    expect(agreed.balanceAgreedAt).not.toBeNull();

    // The bank now reports 34.56 EUR more than its transactions add up to.
    await setScenario(app(), s.connectionId, { balanceOffset: 3456 });
    const run = (await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data;
    expect(run).toMatchObject({ status: 'success', imported: 0 });
    journal = await journalOf(journalId);
    const drift = warning(journal.warnings, 'balance_drift');
    expect(drift?.params).toMatchObject({
      difference: '34.56',
      bankBalance: journal.bankBalance,
      statementsBalance: journal.balance,
      currency: 'EUR',
      runId: run.id,
      basis: 'current_balance',
    });
    expect(drift?.message).toContain(
      `The bank says ${journal.bankBalance} EUR; the statements end at ${journal.balance} EUR (34.56 EUR missing`,
    );
    expect(drift?.message).toContain('only a current balance');
    // The balance moved and the run brought no line: said too.
    expect(warning(journal.warnings, 'balance_moved_without_lines')).toBeDefined();

    // Still differing on the next run: the drift keeps the run that found it.
    const later = (await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data;
    journal = await journalOf(journalId);
    expect(warning(journal.warnings, 'balance_drift')?.params).toMatchObject({ runId: run.id, difference: '34.56' });
    expect(later.id).not.toBe(run.id);
    // The balance did not move this time.
    expect(warning(journal.warnings, 'balance_moved_without_lines')).toBeUndefined();

    // A bank below the statements is a negative difference.
    await setScenario(app(), s.connectionId, { balanceOffset: -1000 });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    journal = await journalOf(journalId);
    expect(warning(journal.warnings, 'balance_drift')?.params).toMatchObject({ runId: run.id, difference: '-10.00' });

    await setScenario(app(), s.connectionId, { balanceOffset: undefined });
    expect((await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data.status).toBe('success');
    journal = await journalOf(journalId);
    expect(warning(journal.warnings, 'balance_drift')).toBeUndefined();
    const cleared = await account(s.accounts[0]!.id);
    expect(cleared).toMatchObject({ driftAmount: null, driftSinceRunId: null, driftSinceAt: null });
  });

  it("fails the run on a drift when sync.balanceDrift is 'fail', and refuses bad settings naming the field", async () => {
    for (const [body, field] of [
      [{ balanceDrift: 'maybe' }, 'balanceDrift'],
      [{ staleBusinessDays: 0 }, 'staleBusinessDays'],
      [{ staleBusinessDays: 'five' }, 'staleBusinessDays'],
    ] as const) {
      const res = await put('/bank-sync/settings', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
    expect((await get('/bank-sync/settings')).body.data.sync).toMatchObject({ balanceDrift: 'warn', staleBusinessDays: 5 });
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 20, days: 20, endDate: END, pending: 0, openingBalance: 50_000 },
      code: 'DFL',
    });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    const saved = await put('/bank-sync/settings', { balanceDrift: 'fail', staleBusinessDays: 3 });
    expect(saved.status).toBe(200);
    expect(saved.body.data.sync).toMatchObject({ balanceDrift: 'fail', staleBusinessDays: 3 });
    try {
      await setScenario(app(), s.connectionId, { balanceOffset: 99 });
      const run = (await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data;
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'balance_drift' });
      expect(run.error.reference).toMatch(/^BKS-/);
      const journal = await journalOf(s.accounts[0]!.journalId);
      expect(warning(journal.warnings, 'balance_drift')?.params).toMatchObject({ difference: '0.99', runId: run.id });
      const connection = (await get(`/bank-sync/connections/${s.connectionId}`)).body.data;
      expect(connection.state).toBe('error');
      expect(connection.lastError.code).toBe('balance_drift');
      // Agreeing again, the run succeeds and the connection is connected.
      await setScenario(app(), s.connectionId, { balanceOffset: undefined });
      expect((await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data.status).toBe('success');
      expect((await get(`/bank-sync/connections/${s.connectionId}`)).body.data.state).toBe('connected');
    } finally {
      await put('/bank-sync/settings', { balanceDrift: 'warn', staleBusinessDays: 5 });
    }
  });
});

describe('stale feeds', () => {
  it('warns of no successful run, or no new transaction, for N business days while connected', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 10, days: 10, endDate: END, pending: 0 }, code: 'STL' });
    const journalId = s.accounts[0]!.journalId;
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    let journal = await journalOf(journalId);
    const codes = () => journal.warnings.map((w) => w.code);
    expect(codes()).not.toContain('stale_no_success');
    expect(codes()).not.toContain('stale_no_transactions');

    const longAgo = new Date(Date.now() - 15 * DAY);
    await setConnection(s.connectionId, { lastSuccessAt: longAgo });
    journal = await journalOf(journalId);
    const businessDays = businessDaysSince(longAgo, new Date());
    expect(businessDays).toBeGreaterThanOrEqual(10);
    expect(warning(journal.warnings, 'stale_no_success')?.params).toEqual({ days: businessDays, since: longAgo.toISOString() });
    // Below the setting, no warning.
    await put('/bank-sync/settings', { staleBusinessDays: businessDays + 1 });
    journal = await journalOf(journalId);
    expect(codes()).not.toContain('stale_no_success');
    await put('/bank-sync/settings', { staleBusinessDays: 5 });
    // A connection in error already says so: no stale warning on top.
    await setConnection(s.connectionId, { state: 'error' });
    journal = await journalOf(journalId);
    expect(codes()).not.toContain('stale_no_success');

    // Runs succeed, but nothing new came for 15 days.
    await setConnection(s.connectionId, { state: 'connected', lastSuccessAt: new Date() });
    await app()
      .strapi.db.query('plugin::bank-sync.online-account')
      .update({ where: { id: s.accounts[0]!.id }, data: { lastNewLineAt: longAgo } });
    journal = await journalOf(journalId);
    expect(codes()).not.toContain('stale_no_success');
    expect(warning(journal.warnings, 'stale_no_transactions')?.params).toEqual({ days: businessDays, since: longAgo.toISOString() });

    // A run that brings a line clears it.
    await setScenario(app(), s.connectionId, { transactions: 11, days: 11 });
    expect((await post(`/bank-sync/connections/${s.connectionId}/sync`)).body.data.imported).toBeGreaterThan(0);
    journal = await journalOf(journalId);
    expect(codes()).not.toContain('stale_no_transactions');
  });
});
