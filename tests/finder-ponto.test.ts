import { startPontoFake } from './fakes/ponto-server';
import type { AdminApi } from './helpers/admin-api';
import { connectPontoThroughAdmin, pontoConfigFor, type PontoFake } from './helpers/ponto-connect';
import { lines } from './helpers/sandbox';
import { startTestApp, type TestApp } from './helpers/strapi';

/**
 * Find missing transactions against the Ponto fake (its real API shapes: booked and pending
 * transactions, rotating refresh tokens): the preview asks the bank for no synchronization and
 * writes no line; the import adds the selected ones once; the connection still runs after.
 */
const END = '2026-04-15';
let fake: PontoFake;
let app: TestApp;
let api: AdminApi;

beforeAll(async () => {
  fake = await startPontoFake({
    host: '127.0.0.1',
    port: 0,
    scenario: { accounts: 1, transactionsPerAccount: 30, pendingPerAccount: 2, endDate: END, days: 30 },
  });
  app = await startTestApp({
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        connect: { redirectUri: 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback' },
        providers: {
          // Pages of 5: the first import (from April 6) stops after the page that reaches it.
          ponto: pontoConfigFor(fake, { synchronize: true, syncPollMs: 10, pageLimit: 5 }),
        },
      }),
    },
  });
  const auth = `Bearer ${await app.adminToken()}`;
  api = {
    get: (url) => app.http().get(url).set('Authorization', auth),
    post: (url, body = {}) => app.http().post(url).set('Authorization', auth).send(body),
    put: (url, body) => app.http().put(url).set('Authorization', auth).send(body),
    del: (url) => app.http().delete(url).set('Authorization', auth),
  };
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

interface Found {
  providerTransactionId: string;
  status: string;
  importable: boolean;
}

describe('Find missing transactions with Ponto', () => {
  it('lists the older booked transactions as new and the pending ones apart, then imports the selection once', async () => {
    const ponto = await connectPontoThroughAdmin(app, api, fake);
    const account = ponto.accounts[0]!;
    // The first import reads the last 10 days only: the older ones are missing from the journal.
    await app.strapi.db
      .query('plugin::bank-sync.online-account')
      .update({ where: { id: account.id }, data: { firstFetchDate: '2026-04-06' } });
    const run = await api.post(`/bank-sync/connections/${ponto.connectionId}/sync`);
    expect(run.body.data.status).toBe('success');
    const imported = (await lines(app, { journal_id: account.journalId })).length;
    expect(imported).toBeGreaterThan(3);

    const synchronizations = fake.countRequests('POST', '/synchronizations');
    const preview = await api.post(`/bank-sync/journals/${account.journalId}/find-missing`, { from: '2026-03-01', to: END });
    expect(preview.status).toBe(200);
    const found = preview.body.data.transactions as Found[];
    expect(preview.body.data.counts).toMatchObject({ imported, pending: 2, invalid: 0, currency: 0 });
    expect(preview.body.data.counts.new).toBeGreaterThan(10);
    // A look at the bank asks it for no fresh synchronization and stores nothing.
    expect(fake.countRequests('POST', '/synchronizations')).toBe(synchronizations);
    expect((await lines(app, { journal_id: account.journalId })).length).toBe(imported);

    const fresh = found.filter((t) => t.importable).map((t) => t.providerTransactionId);
    const pending = found.filter((t) => t.status === 'pending').map((t) => t.providerTransactionId);
    const once = await api.post(`/bank-sync/journals/${account.journalId}/import-selected`, {
      from: '2026-03-01',
      to: END,
      ids: [...fresh, ...pending],
    });
    expect(once.body.data).toMatchObject({ imported: fresh.length, alreadyImported: 0, skipped: pending });
    const twice = await api.post(`/bank-sync/journals/${account.journalId}/import-selected`, { from: '2026-03-01', to: END, ids: fresh });
    expect(twice.body.data).toMatchObject({ imported: 0, alreadyImported: fresh.length });
    expect((await lines(app, { journal_id: account.journalId })).length).toBe(imported + fresh.length);

    // Ponto rotated its refresh token on each use: the connection still synchronizes.
    const after = await api.post(`/bank-sync/connections/${ponto.connectionId}/sync`);
    expect(after.body.data).toMatchObject({ status: 'success', imported: 0 });
  });
});
