import { readMinorUnits } from '../server/src/domain/money';
import { recordAt, recordCount } from '../server/src/providers/sandbox/bank';
import { scenarioSchema } from '../server/src/providers/sandbox/scenario';
import { useTestApp } from './helpers/admin-api';
import { ledgerProblems } from './helpers/ledger';
import { connectSandbox, lines, setScenario, statements } from './helpers/sandbox';
import type { TestApp } from './helpers/strapi';

/**
 * Find missing transactions: the preview lists what an import would do with each transaction
 * of a range and writes nothing; Import selected adds exactly the chosen ones, once.
 */
const { app, api } = useTestApp();
const { get, post } = api;

const END = '2026-04-15';
// 30 transactions, one a day from March 17; the newest 2 pending; record 25 (n = 24) has no amount.
const SCENARIO = { accounts: 1, transactions: 30, days: 30, endDate: END, pending: 2, invalidEvery: 25, openingBalance: 100_000 };
const RANGE = { from: '2026-03-01', to: END };

interface Found {
  providerTransactionId: string | null;
  status: string;
  date: string | null;
  amount: string | null;
  reason: string | null;
  importable: boolean;
  match: { id: number; date: string; amount: string } | null;
}

/** The sandbox's records, as the bank holds them. */
function bank(scenario: Record<string, unknown>) {
  const s = scenarioSchema.parse(scenario);
  return Array.from({ length: recordCount(s) }, (_, n) => recordAt(s, 0, n));
}

/** Everything a preview must leave as it was: lines, statements, the account's cursor, the connection's data. */
async function snapshot(a: TestApp, s: { connectionId: number; accounts: Array<{ id: number; journalId: number }> }) {
  const account = await a.strapi.db.connection('bks_online_accounts').where({ id: s.accounts[0]!.id }).first('cursor', 'updated_at');
  const connection = await a.strapi.db
    .connection('bks_online_connections')
    .where({ id: s.connectionId })
    .first('state', 'provider_data', 'last_sync_at');
  return JSON.stringify({
    lines: (await lines(a, { journal_id: s.accounts[0]!.journalId })).map((l: { id: number; amount: unknown }) => [l.id, String(l.amount)]),
    statements: await statements(a, s.accounts[0]!.journalId),
    account,
    connection,
  });
}

describe('Find missing transactions through the admin API', () => {
  it('lists new, already imported, pending and invalid transactions, writing nothing but a preview run', async () => {
    const s = await connectSandbox(app(), { scenario: SCENARIO, code: 'FND', firstFetchDate: '2026-04-01' });
    const first = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(first.body.data).toMatchObject({ status: 'partial', invalid: 1 }); // the record without an amount
    const journalId = s.accounts[0]!.journalId;
    const stored = await lines(app(), { journal_id: journalId });
    expect(stored.length).toBeGreaterThan(5);
    const before = await snapshot(app(), s);
    const runsBefore = (await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data.length;

    const res = await post(`/bank-sync/journals/${journalId}/find-missing`, RANGE);
    expect(res.status).toBe(200);
    const result = res.body.data as { counts: Record<string, number>; transactions: Found[]; runId: number; truncated: boolean };
    const byId = new Map(result.transactions.map((t) => [t.providerTransactionId, t]));

    const records = bank(SCENARIO);
    const storedIds = new Map(
      stored.map((l: { provider_transaction_id: string; id: number; amount: unknown }) => [l.provider_transaction_id, l]),
    );
    let expectedNew = 0;
    for (const r of records) {
      const found = byId.get(r.id!);
      expect(found).toBeDefined();
      if (r.amountMinor === undefined) {
        expect(found).toMatchObject({ status: 'invalid', importable: false, amount: null });
        expect(found!.reason).toMatch(/amount/i);
      } else if (r.status === 'PENDING') {
        expect(found).toMatchObject({ status: 'pending', importable: false, match: null });
      } else if (storedIds.has(r.id!)) {
        const line = storedIds.get(r.id!) as { id: number; amount: unknown };
        expect(found).toMatchObject({ status: 'imported', importable: false });
        expect(found!.match).toMatchObject({ id: Number(line.id), amount: (Number(readMinorUnits(line.amount)) / 100).toFixed(2) });
      } else {
        expectedNew += 1;
        expect(found).toMatchObject({ status: 'new', importable: true, match: null });
        expect(found!.amount).toBe((Number(BigInt(r.amountMinor)) / 100).toFixed(2));
        expect(found!.date! < '2026-04-01').toBe(true);
      }
    }
    expect(result.counts).toEqual({ new: expectedNew, imported: stored.length, pending: 2, invalid: 1, currency: 0 });
    expect(expectedNew).toBeGreaterThan(5);
    expect(result.truncated).toBe(false);
    // Oldest first, the invalid record (no date) last.
    const dates = result.transactions.map((t) => t.date);
    expect(dates.slice(0, -1)).toEqual([...dates.slice(0, -1)].sort());
    expect(result.transactions.at(-1)!.status).toBe('invalid');

    // Nothing written but the run log entry, in words the run log shows.
    expect(await snapshot(app(), s)).toBe(before);
    const runs = (await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data;
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs[0]).toMatchObject({ id: result.runId, trigger: 'preview', status: 'success', imported: 0, pendingSkipped: 2 });
    expect(runs[0].pages).toBeGreaterThan(0);
    expect(runs[0].duplicates).toBe(stored.length);
  });

  it('imports exactly the selected new transactions, once however often asked, and keeps the books on the bank balance', async () => {
    const s = await connectSandbox(app(), { scenario: SCENARIO, code: 'IMP', firstFetchDate: '2026-04-01' });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    const journalId = s.accounts[0]!.journalId;
    const preview = (await post(`/bank-sync/journals/${journalId}/find-missing`, RANGE)).body.data as { transactions: Found[] };
    const fresh = preview.transactions.filter((t) => t.importable).map((t) => t.providerTransactionId!);
    const pending = preview.transactions.find((t) => t.status === 'pending')!.providerTransactionId!;
    const imported = preview.transactions.find((t) => t.status === 'imported')!.providerTransactionId!;
    const count = async () => (await lines(app(), { journal_id: journalId })).length;
    const before = await count();

    const chosen = fresh.slice(0, 3);
    const once = await post(`/bank-sync/journals/${journalId}/import-selected`, {
      ...RANGE,
      ids: [...chosen, pending, imported, 'no-such-id'],
    });
    expect(once.status).toBe(200);
    expect(once.body.data).toMatchObject({ imported: 3, alreadyImported: 1, skipped: [pending, 'no-such-id'] });
    expect(once.body.data.run).toMatchObject({ trigger: 'manual', status: 'success', imported: 3 });
    expect(await count()).toBe(before + 3);
    const added = await lines(app(), { journal_id: journalId });
    for (const id of chosen)
      expect(added.filter((l: { provider_transaction_id: string }) => l.provider_transaction_id === id)).toHaveLength(1);

    const twice = await post(`/bank-sync/journals/${journalId}/import-selected`, { ...RANGE, ids: chosen });
    expect(twice.body.data).toMatchObject({ imported: 0, alreadyImported: 3, skipped: [] });
    expect(await count()).toBe(before + 3);

    // All the rest: the journal then holds every posted transaction, and still closes at the bank's balance.
    const rest = await post(`/bank-sync/journals/${journalId}/import-selected`, { ...RANGE, ids: fresh });
    expect(rest.body.data).toMatchObject({ imported: fresh.length - 3, alreadyImported: 3 });
    expect(await ledgerProblems(app(), { id: s.accounts[0]!.id, journalId }, SCENARIO, 0)).toEqual([]);
    const again = (await post(`/bank-sync/journals/${journalId}/find-missing`, RANGE)).body.data;
    expect(again.counts).toMatchObject({ new: 0, pending: 2, invalid: 1 });
  });

  it('names the posted line that replaced a pending transaction, and lists another currency apart', async () => {
    const scenario = { accounts: 1, transactions: 10, days: 10, endDate: END, pending: 2, postPending: true };
    const s = await connectSandbox(app(), { scenario, code: 'PND' });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    // The bank lists the last two as pending again, under the ids of the lines imported.
    await setScenario(app(), s.connectionId, { postPending: false });
    const journalId = s.accounts[0]!.journalId;
    const res = (await post(`/bank-sync/journals/${journalId}/find-missing`, { from: '2026-04-01', to: END })).body.data as {
      transactions: Found[];
    };
    const pending = res.transactions.filter((t) => t.status === 'pending');
    expect(pending).toHaveLength(2);
    for (const p of pending) {
      const [line] = await lines(app(), { journal_id: journalId, provider_transaction_id: p.providerTransactionId });
      expect(p.match).toMatchObject({ id: Number(line.id), date: p.date });
    }

    // A journal kept in another currency than the account's: nothing is importable.
    await app().strapi.db.connection('bks_journals').where({ id: journalId }).update({ currency: 'USD' });
    const other = (await post(`/bank-sync/journals/${journalId}/find-missing`, { from: '2026-04-01', to: END })).body.data;
    expect(other.counts).toEqual({ new: 0, imported: 0, pending: 0, invalid: 0, currency: 10 });
    expect(other.transactions[0].reason).toMatch(/EUR.*USD/);
    const id = other.transactions[0].providerTransactionId;
    const refused = await post(`/bank-sync/journals/${journalId}/import-selected`, { from: '2026-04-01', to: END, ids: [id] });
    expect(refused.body.data).toMatchObject({ imported: 0, skipped: [id] });
  });

  it('refuses bad input with a 4xx naming the field, and a journal without a bank', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 3, days: 3, endDate: END }, code: 'BAD' });
    const url = `/bank-sync/journals/${s.accounts[0]!.journalId}`;
    const cases: Array<[string, object, RegExp]> = [
      ['find-missing', { from: '2026-04-10', to: '2026-04-01' }, /to must be on or after from/],
      ['find-missing', { from: '2026-02-30', to: END }, /from/],
      ['find-missing', { from: '2024-01-01', to: END }, /to must be less than 400 days/],
      ['find-missing', { from: '2026-04-01' }, /to/],
      ['find-missing', { ...RANGE, extra: 1 }, /unknown field/],
      ['import-selected', { ...RANGE, ids: [] }, /ids must name at least one/],
      ['import-selected', { ...RANGE, ids: [''] }, /ids\.0/],
      ['import-selected', { ...RANGE, ids: 'x' }, /ids/],
      ['import-selected', RANGE, /ids/],
    ];
    for (const [action, body, message] of cases) {
      const res = await post(`${url}/${action}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await post('/bank-sync/journals/999999/find-missing', RANGE)).status).toBe(404);
    expect((await post('/bank-sync/journals/abc/find-missing', RANGE)).status).toBe(400);
    const manual = await post('/bank-sync/journals', { name: 'Cash', code: 'CASH1', currency: 'EUR' });
    const none = await post(`/bank-sync/journals/${manual.body.data.id}/find-missing`, RANGE);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/not linked to an online account/);
  });

  it('is refused to an admin without the synchronize permission', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 3, days: 3, endDate: END }, code: 'RO' });
    const role = await app().strapi.service('admin::role').create({ name: 'Bank reader (finder)', description: 'read only' });
    await app()
      .strapi.service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    const reader = { email: 'finder-reader@example.com', password: 'Reader2026pass' };
    await app()
      .strapi.service('admin::user')
      .create({ ...reader, firstname: 'Read', lastname: 'Only', roles: [role.id], isActive: true, registrationToken: null });
    const login = await app().http().post('/admin/login').send(reader);
    const auth = `Bearer ${login.body.data.token}`;
    const url = `/bank-sync/journals/${s.accounts[0]!.journalId}`;
    const runsBefore = (await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data.length;
    for (const [action, body] of [
      ['find-missing', RANGE],
      ['import-selected', { ...RANGE, ids: ['x'] }],
    ] as const) {
      expect((await app().http().post(`${url}/${action}`).set('Authorization', auth).send(body)).status).toBe(403);
    }
    expect((await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data).toHaveLength(runsBefore);
  });
});
