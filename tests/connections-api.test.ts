import { connectSandbox, setScenario } from './helpers/sandbox';
import { captureLogs, useTestApp } from './helpers/admin-api';

const { app, api } = useTestApp();
const { get, post, put } = api;
let logged: string[] = [];
beforeAll(() => {
  logged = captureLogs(app());
});
type Warning = { code: string; params?: Record<string, unknown> };
const codes = (warnings: Warning[]) => warnings.map((w) => w.code);

/** Connect through the admin API: the sandbox's consent page sends the admin straight back with a code. */
async function connectThroughApi(body: Record<string, unknown>) {
  const start = await post('/bank-sync/connect', { providerId: 'sandbox', ...body });
  expect(start.status).toBe(200);
  const callback = new URL(start.body.data.url, 'http://localhost');
  return {
    connectionId: start.body.data.connectionId as number,
    code: callback.searchParams.get('code')!,
    state: callback.searchParams.get('state')!,
  };
}

describe('connections through the admin API', () => {
  it('keeps the consent end per account: only the journal whose consent ends is warned, and the connection', async () => {
    const setup = await connectSandbox(app(), { scenario: { accounts: 2, transactions: 10, accountConsentDays: [10, 170] }, code: 'CNS' });
    const journals = (await get('/bank-sync/journals')).body.data as Array<{
      id: number;
      warnings: Warning[];
      connection: { consentExpiresAt: string };
    }>;
    const [first, second] = setup.accounts.map((a) => journals.find((j) => j.id === a.journalId)!);
    expect(first!.warnings.find((w) => w.code === 'consent_expiring')).toMatchObject({ params: { days: 10 } });
    expect(codes(second!.warnings)).not.toContain('consent_expiring');
    expect(new Date(second!.connection.consentExpiresAt).getTime()).toBeGreaterThan(new Date(first!.connection.consentExpiresAt).getTime());

    const connection = (await get(`/bank-sync/connections/${setup.connectionId}`)).body.data;
    expect(connection.warnings.find((w: Warning) => w.code === 'consent_expiring')).toMatchObject({ params: { days: 10 } });
    const accounts = (await get(`/bank-sync/connections/${setup.connectionId}/accounts`)).body.data;
    expect(
      accounts.map((a: { consentExpiresAt: string }) => Math.round((Date.parse(a.consentExpiresAt) - Date.now()) / 86_400_000)),
    ).toEqual([10, 170]);
  });

  it("gives a journal whose account has no transaction yet the bank's balance, in an opening statement", async () => {
    const setup = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 0, pending: 0, openingBalance: 123456 },
      code: 'EMP',
    });
    const journalId = setup.accounts[0]!.journalId;
    expect((await get(`/bank-sync/journals/${journalId}`)).body.data.balance).toBeNull();
    const run = await post(`/bank-sync/journals/${journalId}/sync`);
    expect(run.body.data).toMatchObject({ status: 'success', imported: 0 });
    expect((await get(`/bank-sync/journals/${journalId}`)).body.data.balance).toBe('1234.56');
    const statements = (await get(`/bank-sync/journals/${journalId}/statements`)).body.data;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ lineCount: 0, balanceStart: '1234.56', balanceEnd: '1234.56' });
    // A second run adds no second opening statement.
    await post(`/bank-sync/journals/${journalId}/sync`);
    expect((await get(`/bank-sync/journals/${journalId}/statements`)).body.data).toHaveLength(1);
  });

  it('answers Fetch Accounts in decimals; a failure sets the state, with a reference the connection shows', async () => {
    const setup = await connectSandbox(app(), { scenario: { accounts: 2, transactions: 5, openingBalance: 100050 }, code: 'FAC' });
    const ok = await post(`/bank-sync/connections/${setup.connectionId}/fetch-accounts`);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toHaveLength(2);
    for (const account of ok.body.data) expect(account.balance).toMatch(/^-?\d+\.\d{2}$/);

    await setScenario(app(), setup.connectionId, { failAccounts: true, failClass: 'retry' });
    const failed = await post(`/bank-sync/connections/${setup.connectionId}/fetch-accounts`);
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ name: 'ProviderError', details: { class: 'retry', code: 'sandbox_retry' } });
    const reference = failed.body.error.details.reference;
    expect(reference).toMatch(/^BKS-[0-9A-F]{8}$/);
    const connection = (await get(`/bank-sync/connections/${setup.connectionId}`)).body.data;
    expect(connection.state).toBe('error');
    expect(connection.lastError.reference).toBe(reference);
    expect(connection.warnings.find((w: Warning) => w.code === 'sync_error')).toMatchObject({ params: { reference } });
  });

  it('connects with the institution id only (name and country looked up), then creates journals with zone, periodicity and first date', async () => {
    const { connectionId, code, state } = await connectThroughApi({ institutionId: 'sandbox-fr' });
    const connection = (await get(`/bank-sync/connections/${connectionId}`)).body.data;
    expect(connection).toMatchObject({ institutionName: 'Sandbox Banque France', institutionCountry: 'FR', state: 'pending' });

    const done = await post('/bank-sync/connect/complete', { state, params: { code } });
    expect(done.status).toBe(200);
    const [first, second] = done.body.data.accounts as Array<{ id: number }>;
    const chosen = await put(`/bank-sync/connections/${connectionId}/accounts`, {
      accounts: [
        {
          accountId: first!.id,
          action: 'create',
          journal: { name: 'Banque NY', code: 'BNY', timeZone: 'America/New_York', statementPeriodicity: 'week' },
          firstFetchDate: '2026-03-01',
        },
        { accountId: second!.id, action: 'none' },
      ],
      frequencyMinutes: 360,
    });
    expect(chosen.status).toBe(200);
    const linked = chosen.body.data.find((a: { id: number }) => a.id === first!.id);
    expect(linked).toMatchObject({ firstFetchDate: '2026-03-01', journalId: expect.any(Number) });
    const journal = (await get(`/bank-sync/journals/${linked.journalId}`)).body.data;
    expect(journal).toMatchObject({ code: 'BNY', timeZone: 'America/New_York', statementPeriodicity: 'week' });
    expect((await get(`/bank-sync/connections/${connectionId}`)).body.data.frequencyMinutes).toBe(360);
  });

  it.each([
    [{ firstFetchDate: '2026-02-30' }, 'firstFetchDate'],
    [{ journal: { name: 'X', code: 'X1', timeZone: 'Mars/Olympus' } }, 'timeZone'],
    [{ journal: { name: 'X', code: 'X1', statementPeriodicity: 'quarter' } }, 'statementPeriodicity'],
  ])('refuses %j when selecting accounts, with a 400 naming %s', async (extra, field) => {
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 1 }, code: `BAD${field.length}` });
    const res = await put(`/bank-sync/connections/${setup.connectionId}/accounts`, {
      accounts: [{ accountId: setup.accounts[0]!.id, action: 'create', journal: { name: 'X', code: 'X1' }, ...extra }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('gives a provider failure at connect time a reference, recorded on the connection, which stays pending', async () => {
    const { connectionId, state } = await connectThroughApi({ institutionId: 'sandbox-be' });
    const res = await post('/bank-sync/connect/complete', { state, params: { code: 'not-a-sandbox-code' } });
    expect(res.status).toBe(502);
    const reference = res.body.error.details.reference;
    expect(reference).toMatch(/^BKS-/);
    const connection = (await get(`/bank-sync/connections/${connectionId}`)).body.data;
    expect(connection).toMatchObject({ state: 'pending', lastError: { code: 'invalid_code', reference } });
    expect(logged.filter((line) => line.includes(reference))).toHaveLength(1);
  });

  it('answers 400, not 500, for an unknown provider', async () => {
    const res = await get('/bank-sync/institutions?providerId=nobank');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/No provider "nobank"/);
    expect((await post('/bank-sync/connect', { providerId: 'nobank', institutionId: 'x' })).status).toBe(400);
  });

  it('writes a failed run once in the log, with the provider request id once', async () => {
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 60, failAtPage: 1 }, code: 'LOG' });
    const res = await post(`/bank-sync/connections/${setup.connectionId}/sync`);
    expect(res.body.data.status).toBe('failed');
    const { reference } = res.body.data.error;
    const lines = logged.filter((line) => line.includes(reference));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.match(/sbx-req-[a-z0-9]+/g)).toHaveLength(1);
  });
});
