import { connectSandbox } from '../helpers/sandbox';
import { useTestApp } from '../helpers/admin-api';

/**
 * Races of two requests and input no form would send: a clear 4xx naming the field, a 409 for
 * "at most one", nothing half written, never a 500 (issue: reliability and security suite).
 */
const { app, api } = useTestApp();
const { get, post, put } = api;
const knex = () => app().strapi.db.connection;

/** A connection with `n` accounts, none linked to a journal yet. */
async function unlinkedConnection(n: number) {
  const setup = await connectSandbox(app(), { scenario: { accounts: n, transactions: 3 }, autoSync: false, linkJournals: false });
  return { connectionId: setup.connectionId, accountIds: setup.accounts.map((a) => a.id) };
}

describe('races', () => {
  it('two journals with one code at once: one is created, the other is a 409', async () => {
    const body = { name: 'Race', code: 'RACE1', currency: 'EUR' };
    const answers = await Promise.all([
      post('/bank-sync/journals', body),
      post('/bank-sync/journals', body),
      post('/bank-sync/journals', body),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.message).toMatch(/RACE1/);
    const [{ n }] = await knex()('bks_journals').where({ code: 'RACE1' }).count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('two accounts linked to one journal at once: one link, the other a 409', async () => {
    const { connectionId, accountIds } = await unlinkedConnection(2);
    const journal = await post('/bank-sync/journals', { name: 'Shared', code: 'SHARE1', currency: 'EUR' });
    expect(journal.status).toBe(201);
    const journalId = journal.body.data.id as number;
    const answers = await Promise.all(
      accountIds.map((accountId) =>
        put(`/bank-sync/connections/${connectionId}/accounts`, { accounts: [{ accountId, action: 'link', journalId }] }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const linked = await app()
      .strapi.db.query('plugin::bank-sync.online-account')
      .findMany({ where: { journal: journalId } });
    expect(linked).toHaveLength(1);
  });

  it('choosing accounts is all or nothing: a conflict on the second leaves the first unlinked and no journal made', async () => {
    const { connectionId, accountIds } = await unlinkedConnection(2);
    const taken = await post('/bank-sync/journals', { name: 'Taken', code: 'TAKEN1', currency: 'EUR' });
    const other = await unlinkedConnection(1);
    expect(
      (
        await put(`/bank-sync/connections/${other.connectionId}/accounts`, {
          accounts: [{ accountId: other.accountIds[0], action: 'link', journalId: taken.body.data.id }],
        })
      ).status,
    ).toBe(200);
    const answer = await put(`/bank-sync/connections/${connectionId}/accounts`, {
      accounts: [
        { accountId: accountIds[0], action: 'create', journal: { name: 'First', code: 'FIRST1' } },
        { accountId: accountIds[1], action: 'link', journalId: taken.body.data.id },
      ],
    });
    expect(answer.status).toBe(409);
    expect(
      await app()
        .strapi.db.query('plugin::bank-sync.journal')
        .count({ where: { code: 'FIRST1' } }),
    ).toBe(0);
    const first = (await app()
      .strapi.db.query('plugin::bank-sync.online-account')
      .findOne({ where: { id: accountIds[0] }, populate: ['journal'] })) as { journal: unknown };
    expect(first.journal).toBeNull();
  });
});

describe('bad input', () => {
  it('answers 400, never 500, to absurd paging, unknown providers and NUL characters', async () => {
    for (const url of ['/bank-sync/runs?offset=1e20', '/bank-sync/runs?limit=-5', '/bank-sync/runs?limit=1e9']) {
      const answer = await get(url);
      expect([url, answer.status]).toEqual([url, 400]);
    }
    for (const providerId of ['__proto__', 'constructor', 'toString', 'nope']) {
      const search = await get(`/bank-sync/institutions?providerId=${providerId}`);
      expect([providerId, search.status]).toEqual([providerId, 400]);
      expect(search.body.error.message).toMatch(/provider/i);
      const start = await post('/bank-sync/connect', { providerId, institutionId: 'x' });
      expect([providerId, start.status]).toEqual([providerId, 400]);
    }
    const nul = await post('/bank-sync/journals', { name: 'Bad\u0000name', code: 'NUL1', currency: 'EUR' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/name/);
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 5, endDate: '2026-04-15' }, code: 'NL' });
    await app().strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId);
    const search = await get(`/bank-sync/journals/${setup.accounts[0].journalId}/lines?search=%00`);
    expect(search.status).toBe(400);
    expect(search.body.error.message).toMatch(/search/);
  });

  it('answers 400 to a callback for a connection that does not exist, and records nothing for a bad reauthorize', async () => {
    const complete = await post('/bank-sync/connect/complete', { state: 'no-such-state', params: {} });
    expect(complete.status).toBe(400);
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 2, endDate: '2026-04-15' }, code: 'RA' });
    const before = await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .findOne({ where: { id: setup.connectionId } });
    const reauth = await post(`/bank-sync/connections/${setup.connectionId}/reauthorize`, { bogus: 1 });
    expect(reauth.status).toBe(400);
    const after = await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .findOne({ where: { id: setup.connectionId } });
    expect(after.lastErrorCode ?? null).toBe(before.lastErrorCode ?? null);
    expect(after.state).toBe(before.state);
  });
});

describe('crash leftovers', () => {
  it('closes a run left running by a stopped server on the next scheduler tick, with what it had committed', async () => {
    const setup = await connectSandbox(app(), {
      scenario: { accounts: 1, transactions: 2, endDate: '2026-04-15' },
      code: 'OR',
      autoSync: false,
    });
    const runs = app().strapi.plugin('bank-sync').service('sync-runs');
    const runId = (await runs.start(setup.connectionId, 'scheduled')) as number;
    await runs.progress(runId, { pages: 3, fetched: 120, imported: 100, duplicates: 0, pendingSkipped: 0, invalid: 0, changed: 0 });
    // Its server died: nothing renews the lease, which has lapsed.
    await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .update({
        where: { id: setup.connectionId },
        data: { leaseExpiresAt: new Date(Date.now() - 1000) },
      });
    await app().strapi.plugin('bank-sync').service('scheduler').tick({ wait: true });
    const row = await app()
      .strapi.db.query('plugin::bank-sync.sync-run')
      .findOne({ where: { id: runId } });
    expect(row.status).toBe('failed');
    expect(row.errorCode).toBe('interrupted');
    expect(row.importedCount).toBe(100);
    expect(row.finishedAt).not.toBeNull();
  });
});
