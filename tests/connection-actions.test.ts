import { connectSandbox, lines } from './helpers/sandbox';
import { useTestApp } from './helpers/admin-api';

const END = '2026-04-15';
const { app, api } = useTestApp();
const { get, post, put, del } = api;

describe('Online Synchronization actions through the admin API', () => {
  it("shows the bank's balance beside the statements' on the journal, and the last success apart from the last attempt", async () => {
    const s = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 30, days: 30, endDate: END, pending: 0, openingBalance: 250000 },
      code: 'BAL',
    });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    const journal = (await get(`/bank-sync/journals/${s.accounts[0]!.journalId}`)).body.data;
    expect(journal.bankBalance).toMatch(/^-?\d+\.\d{2}$/);
    expect(journal.balance).toBe(journal.bankBalance);
    expect(journal.connection.lastSuccessAt).toBe(journal.connection.lastSyncAt);
    expect(journal.connection.lastError).toBeNull();
  });

  it('edits auto-sync and frequency, refusing bad values', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 1 }, code: 'EDT' });
    const off = await put(`/bank-sync/connections/${s.connectionId}`, { autoSync: false, frequencyMinutes: 60 });
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ autoSync: false, frequencyMinutes: 60 });
    expect(off.body.data.warnings.map((w: { code: string }) => w.code)).toContain('auto_sync_off');
    const on = await put(`/bank-sync/connections/${s.connectionId}`, { autoSync: true });
    expect(on.body.data.autoSync).toBe(true);
    expect(Date.parse(on.body.data.nextSyncAt)).toBeLessThanOrEqual(Date.now());
    for (const bad of [{ frequencyMinutes: 1 }, { autoSync: 'yes' }, { state: 'connected' }]) {
      expect((await put(`/bank-sync/connections/${s.connectionId}`, bad)).status).toBe(400);
    }
    expect((await put('/bank-sync/connections/999999', { autoSync: true })).status).toBe(404);
  });

  it('fetches transactions again from a date without importing anything twice', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 60, days: 60, endDate: END, pending: 0 }, code: 'FRM' });
    const first = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(first.body.data.imported).toBe(60);
    const again = await post(`/bank-sync/connections/${s.connectionId}/sync`, { from: '2026-03-01' });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: 'success', imported: 0 });
    expect(again.body.data.duplicates).toBeGreaterThan(25); // March 1 to April 15 read again
    expect(await lines(app(), { journal_id: s.accounts[0]!.journalId })).toHaveLength(60);
    expect((await post(`/bank-sync/connections/${s.connectionId}/sync`, { from: '2026-13-01' })).status).toBe(400);
  });

  it('removes a connection that never connected, and keeps a working one as disconnected with its journal and lines', async () => {
    const start = await post('/bank-sync/connect', { providerId: 'sandbox', institutionId: 'sandbox-be' });
    const pendingId = start.body.data.connectionId;
    const removed = await del(`/bank-sync/connections/${pendingId}`);
    expect(removed.body.data).toEqual({ id: pendingId, removed: true, connection: null, provider: { ended: false, error: null } });
    expect((await get(`/bank-sync/connections/${pendingId}`)).status).toBe(404);

    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 12, days: 12, endDate: END, pending: 0 }, code: 'DIS' });
    await post(`/bank-sync/connections/${s.connectionId}/sync`);
    const kept = await del(`/bank-sync/connections/${s.connectionId}`);
    expect(kept.status).toBe(200);
    expect(kept.body.data).toMatchObject({ removed: false, connection: { state: 'disconnected', autoSync: false, hasCredentials: false } });
    expect(await lines(app(), { journal_id: s.accounts[0]!.journalId })).toHaveLength(12);
    expect((await get(`/bank-sync/journals/${s.accounts[0]!.journalId}`)).body.data.onlineAccount).not.toBeNull();
    // Nothing runs it any more: Synchronize all skips it, the scheduler too.
    const all = (await post('/bank-sync/sync-all')).body.data as Array<{ connectionId: number }>;
    expect(all.map((r) => r.connectionId)).not.toContain(s.connectionId);
  });
});
