import path from 'node:path';
import { startChildInstance } from './helpers/child-instance';
import { connectSandbox } from './helpers/sandbox';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
const END = '2026-04-15';
const SCENARIO = { accounts: 1, transactions: 5, days: 5, endDate: END, pending: 0 };

beforeAll(async () => {
  app = await startTestApp({ env: { BANK_SYNC_CONFIG: JSON.stringify({ scheduler: { concurrency: 4, leaseSeconds: 60 } }) } });
});
afterAll(async () => {
  await app?.stop();
});

const scheduler = () => app.strapi.plugin('bank-sync').service('scheduler');
const connections = () => app.strapi.db.query('plugin::bank-sync.online-connection');
const knex = () => app.strapi.db.connection;

async function makeDue(ids: number[], data: Record<string, unknown> = {}) {
  await knex()('bks_online_connections')
    .whereIn('id', ids)
    .update({
      next_sync_at: new Date(Date.now() - 60_000),
      state: 'connected',
      auto_sync: true,
      lease_owner: null,
      lease_expires_at: null,
      ...data,
    });
}

async function runsOf(id: number) {
  return app.strapi.db.query('plugin::bank-sync.sync-run').findMany({ where: { connectionId: id } });
}

describe('scheduler', () => {
  beforeEach(async () => {
    // Nothing else due: each test stages its own connections.
    await knex()('bks_online_connections').update({ next_sync_at: new Date(Date.now() + 86_400_000) });
  });

  it('runs a due connection on a tick and schedules the next run at its frequency', async () => {
    const { connectionId } = await connectSandbox(app, { scenario: SCENARIO, code: 'SCH' });
    await makeDue([connectionId]);
    const before = Date.now();
    expect(await scheduler().tick({ wait: true })).toEqual([connectionId]);
    const runs = await runsOf(connectionId);
    expect(runs.map((r: { trigger: string; status: string }) => [r.trigger, r.status])).toEqual([['schedule', 'success']]);
    const row = await connections().findOne({ where: { id: connectionId } });
    const next = new Date(row.nextSyncAt).getTime() - before;
    expect(next).toBeGreaterThan(719 * 60_000);
    expect(next).toBeLessThan(721 * 60_000);
    expect(row.leaseOwner).toBeNull();
    expect(await scheduler().tick({ wait: true })).toEqual([]);
  });

  it('leaves alone what is not due, paused, expired or leased by a live instance, and takes over an expired lease', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await connectSandbox(app, { scenario: SCENARIO, code: `SKP${i}` })).connectionId);
    await makeDue(ids);
    await knex()('bks_online_connections')
      .where('id', ids[0])
      .update({ next_sync_at: new Date(Date.now() + 60_000) });
    await knex()('bks_online_connections').where('id', ids[1]).update({ auto_sync: false });
    await knex()('bks_online_connections').where('id', ids[2]).update({ state: 'expired' });
    await knex()('bks_online_connections')
      .where('id', ids[3])
      .update({ lease_owner: 'other-instance', lease_expires_at: new Date(Date.now() + 60_000) });
    await knex()('bks_online_connections')
      .where('id', ids[4])
      .update({ lease_owner: 'crashed-instance', lease_expires_at: new Date(Date.now() - 1_000) });

    expect(await scheduler().tick({ wait: true })).toEqual([ids[4]]);
    expect(await runsOf(ids[3])).toHaveLength(0);
  });

  it('runs at most `concurrency` connections at once', async () => {
    const ids = [];
    for (let i = 0; i < 6; i += 1)
      ids.push((await connectSandbox(app, { scenario: { ...SCENARIO, latencyMs: 50 }, code: `CC${i}` })).connectionId);
    await makeDue(ids);
    const first = await scheduler().tick();
    expect(first).toHaveLength(4);
    // While those run, a second tick has no free slot.
    expect(await scheduler().tick()).toEqual([]);
    await scheduler().drain();
    for (const id of first) expect(await runsOf(id)).toHaveLength(1);
  });

  it('never overlaps a run with itself', async () => {
    const { connectionId } = await connectSandbox(app, { scenario: { ...SCENARIO, latencyMs: 100 }, code: 'OVL' });
    await makeDue([connectionId]);
    const tick = scheduler().tick();
    const now = app.strapi.plugin('bank-sync').service('sync').runConnection(connectionId);
    const results = await Promise.allSettled([tick.then(() => scheduler().drain()), now]);
    const manual = results[1];
    const ran = (await runsOf(connectionId)).length;
    // Either the tick or Synchronize Now got the lease; the other did not start a run.
    expect(ran).toBe(1);
    if (manual.status === 'rejected') expect(String((manual.reason as Error).message)).toMatch(/already running/);
  });

  it('runs each of 50 due connections exactly once with two instances ticking together', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i += 1) ids.push((await connectSandbox(app, { scenario: SCENARIO, code: `TWO${i}` })).connectionId);

    const child = startChildInstance(path.join(__dirname, 'helpers', 'second-instance.js'));
    await child.waitFor('READY');
    await makeDue(ids);

    const mine: number[] = [];
    child.send('go');
    let idle = 0;
    while (idle < 3) {
      const claimed = await scheduler().tick({ wait: true });
      mine.push(...claimed);
      idle = claimed.length === 0 ? idle + 1 : 0;
      if (claimed.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const theirs = JSON.parse(await child.waitFor('RESULT')) as number[];

    expect(new Set([...mine, ...theirs])).toEqual(new Set(ids));
    expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
    expect(mine.length + theirs.length).toBe(50);
    // Both instances did part of the work.
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    const counts = await knex()('bks_sync_runs')
      .whereIn('connection_id', ids)
      .groupBy('connection_id')
      .select('connection_id')
      .count({ n: '*' });
    expect(counts).toHaveLength(50);
    expect(counts.every((row: { n?: unknown }) => Number(row.n) === 1)).toBe(true);
  });
});
