import { connectSandbox, setScenario } from './helpers/sandbox';
import { useTestApp } from './helpers/admin-api';

const END = '2026-04-15';
const { app, api } = useTestApp();
const { get } = api;
const post = (url: string) => api.post(url);
const connection = (id: number) => app().strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });

describe('sync through the admin API', () => {
  let setup: Awaited<ReturnType<typeof connectSandbox>>;

  beforeAll(async () => {
    setup = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 230, days: 40, endDate: END, pending: 2, openingBalance: 50000, consentDays: 10 },
      code: 'API',
    });
  });

  it('synchronizes a journal now and shows the run, the statements and their lines', async () => {
    const journalId = setup.accounts[0].journalId;
    const res = await post(`/bank-sync/journals/${journalId}/sync`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'success', trigger: 'manual', imported: 228, pendingSkipped: 2, invalid: 0 });

    const runs = await get(`/bank-sync/runs?connectionId=${setup.connectionId}`);
    expect(runs.body.data[0].id).toBe(res.body.data.id);
    expect(runs.body.data[0].durationMs).toBeGreaterThanOrEqual(0);

    const journals = await get('/bank-sync/journals');
    const journal = journals.body.data.find((j: { id: number }) => j.id === journalId);
    expect(journal.connection).toMatchObject({ state: 'connected', providerId: 'sandbox' });
    expect(journal.warnings.map((w: { code: string }) => w.code)).toContain('consent_expiring');
    expect(journal.balance).toMatch(/^-?\d+\.\d{2}$/);

    const statementsRes = await get(`/bank-sync/journals/${journalId}/statements`);
    expect(statementsRes.status).toBe(200);
    const list = statementsRes.body.data;
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0].balanceEnd).toBe(journal.balance); // newest first
    const total = list.reduce((n: number, s: { lineCount: number }) => n + s.lineCount, 0);
    expect(total).toBe(228);

    const page1 = await get(`/bank-sync/statements/${list[0].id}/lines?pageSize=10`);
    expect(page1.status).toBe(200);
    expect(page1.body.meta).toEqual({ page: 1, pageSize: 10, total: list[0].lineCount, hasMore: list[0].lineCount > 10 });
    const dates = page1.body.data.map((l: { bookingDate: string }) => l.bookingDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(page1.body.data[0].amount).toMatch(/^-?\d+\.\d{2}$/);

    const all = await get(`/bank-sync/journals/${journalId}/lines?pageSize=500&sort=amount:asc`);
    expect(all.body.data).toHaveLength(228);
    expect(all.body.meta.total).toBe(228);
    const amounts = all.body.data.map((l: { amount: string }) => Number(l.amount));
    expect([...amounts].sort((a, b) => a - b)).toEqual(amounts);

    const search = await get(`/bank-sync/journals/${journalId}/lines?search=payment%2017`);
    expect((await get(`/bank-sync/journals/${journalId}/lines?search=100%25_!`)).body.data).toEqual([]); // wildcards are literal
    expect(search.body.meta.total).toBeNull();
    expect(search.body.data.length).toBeGreaterThan(0);
    expect(search.body.data.every((l: { label: string }) => /payment 17/i.test(l.label))).toBe(true);

    expect((await get(`/bank-sync/journals/${journalId}/lines?pageSize=0`)).status).toBe(400);
    expect((await get(`/bank-sync/journals/${journalId}/lines?sort=label`)).status).toBe(400);
    expect((await get('/bank-sync/statements/999999/lines')).status).toBe(404);
  });

  it('answers 409 "already running" when a run holds the connection', async () => {
    // Another instance holds the connection's lease.
    const lease = (owner: string | null, expires: Date | null) =>
      app()
        .strapi.db.connection('bks_online_connections')
        .where({ id: setup.connectionId })
        .update({ lease_owner: owner, lease_expires_at: expires });
    const end = new Date(Date.now() + 60_000);
    await lease('other-instance', end);
    try {
      const res = await post(`/bank-sync/connections/${setup.connectionId}/sync`);
      expect(res.status).toBe(409);
      // Says when the connection can run if that instance stopped (its lease ends then).
      expect(res.body.error.message).toMatch(/already running\. If the server running it stopped, the connection can run again from /);
      expect(Math.abs(new Date(res.body.error.details.retryAt).getTime() - end.getTime())).toBeLessThan(1_000);
      // A lease whose owner stopped renewing it has ended: the connection runs.
      await lease('stopped-instance', new Date(Date.now() - 1_000));
      expect((await post(`/bank-sync/connections/${setup.connectionId}/sync`)).status).toBe(200);
    } finally {
      await lease(null, null);
    }
    expect((await post(`/bank-sync/connections/${setup.connectionId}/sync`)).status).toBe(200);
    // A run holds no lease after it.
    expect(await connection(setup.connectionId)).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
  });

  it('refuses to synchronize a journal without an online account, clearly', async () => {
    const journal = await app().strapi.plugin('bank-sync').service('journals').create({ name: 'Cash', code: 'CASH', currency: 'EUR' });
    const res = await post(`/bank-sync/journals/${journal.id}/sync`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not linked to an online account/);
  });

  it.each([
    ['reauth', 'expired', false],
    ['backoff', 'error', true],
    ['retry', 'error', true],
    ['config', 'error', true],
  ])('maps a %s error to state %s with a reference', async (failClass, state, autoSync) => {
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 10, days: 10, endDate: END, pending: 0 },
      code: `E${failClass.slice(0, 3).toUpperCase()}`,
    });
    await setScenario(app(), s.connectionId, { failAccounts: true, failClass });
    const before = Date.now();
    const res = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('failed');
    const row = await connection(s.connectionId);
    expect(row.state).toBe(state);
    expect(Boolean(row.autoSync)).toBe(autoSync);
    expect(row.lastErrorReference).toBe(res.body.data.error.reference);
    expect(row.lastErrorMessage.length).toBeGreaterThan(10);
    const next = new Date(row.nextSyncAt).getTime() - before;
    if (failClass === 'backoff') expect(next).toBeGreaterThan(55 * 60_000); // the provider's time: 1 hour
    if (failClass === 'retry') expect(next).toBeLessThan(6 * 60_000); // first retry after 5 minutes
    const view = (await get(`/bank-sync/connections/${s.connectionId}`)).body.data;
    expect(view.lastError.reference).toBe(res.body.data.error.reference);
    expect(view.warnings.length).toBeGreaterThan(0);
  });

  it('reports a provider failure of Fetch Accounts as a 502 with its class and reference, not a 500', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 3, days: 3, endDate: END, pending: 0 }, code: 'FAC' });
    await setScenario(app(), s.connectionId, { failAccounts: true, failClass: 'reauth' });
    const res = await post(`/bank-sync/connections/${s.connectionId}/fetch-accounts`);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ name: 'ProviderError', details: { class: 'reauth', code: 'sandbox_reauth' } });
    expect(res.body.error.message).toMatch(/reconnect/);
    const row = await connection(s.connectionId);
    expect([row.state, row.lastErrorReference]).toEqual(['expired', res.body.error.details.reference]);
  });

  it('backs off exponentially on repeated retry errors, capped at the frequency', async () => {
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 5, days: 5, endDate: END, pending: 0 },
      code: 'EXP',
    });
    await setScenario(app(), s.connectionId, { failAccounts: true, failClass: 'retry' });
    const delays = [];
    for (let i = 0; i < 9; i += 1) {
      const before = Date.now();
      await app().strapi.plugin('bank-sync').service('sync').runConnection(s.connectionId);
      delays.push(Math.round((new Date((await connection(s.connectionId)).nextSyncAt).getTime() - before) / 60_000));
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(Math.max(...delays)).toBe(720);
    expect((await connection(s.connectionId)).consecutiveFailures).toBe(9);
    await setScenario(app(), s.connectionId, { failAccounts: false });
    await app().strapi.plugin('bank-sync').service('sync').runConnection(s.connectionId);
    const healed = await connection(s.connectionId);
    expect([healed.state, healed.consecutiveFailures, healed.lastErrorCode]).toEqual(['connected', 0, null]);
  });

  it('shows a run going, with its counts so far read from the database, and closes a run left running by a stopped server', async () => {
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 400, days: 40, endDate: END, pending: 0, pageSize: 20, latencyMs: 150 },
      code: 'PRG',
    });
    // A run a stopped server left marked running.
    const stale = await app()
      .strapi.db.query('plugin::bank-sync.sync-run')
      .create({
        data: { connection: s.connectionId, connectionId: s.connectionId, trigger: 'schedule', status: 'running', startedAt: new Date() },
      });
    expect((await get('/bank-sync/runs/active')).body.data).toEqual([]); // no live lease: not going

    const running = post(`/bank-sync/connections/${s.connectionId}/sync`).then((res) => res.body.data);
    let seen: { id: number; pages: number; fetched: number; imported: number; status: string } | undefined;
    for (let i = 0; i < 100 && !(seen && seen.pages > 0); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = (await get('/bank-sync/runs/active')).body.data.find((r: { connectionId: number }) => r.connectionId === s.connectionId);
    }
    expect(seen).toMatchObject({ status: 'running', pages: expect.any(Number) });
    expect(seen!.pages).toBeGreaterThan(0);
    expect(seen!.imported).toBeLessThan(400);
    const finished = await running;
    expect(finished).toMatchObject({ id: seen!.id, status: 'success', pages: 20, fetched: 400, imported: 400 });
    expect((await get('/bank-sync/runs/active')).body.data).toEqual([]);

    const log = (await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data;
    expect(log.find((r: { id: number }) => r.id === stale.id)).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
  });

  it('answers 401 and 403 on the sync routes like on every admin route', async () => {
    expect((await app().http().post(`/bank-sync/connections/${setup.connectionId}/sync`)).status).toBe(401);
    expect((await app().http().get('/bank-sync/runs')).status).toBe(401);
  });
});
