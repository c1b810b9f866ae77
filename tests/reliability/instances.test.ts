import path from 'node:path';
import { useTestApp } from '../helpers/admin-api';
import { startChildInstance, type ChildInstance } from '../helpers/child-instance';
import { recordFigures } from '../helpers/reliability-figures';
import { connectSandbox } from '../helpers/sandbox';

/**
 * Several Strapi instances on one PostgreSQL database, each with its scheduler ticking
 * (issue: reliability suite): 100 due connections run exactly once per window, counted in
 * the run log; an instance killed in the middle of its runs leaves leases that lapse, and
 * another instance finishes its work. PostgreSQL only (the deployment this protects);
 * scheduler.test.ts runs two instances on every database.
 */
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const suite = client === 'postgres' ? describe : describe.skip;
const LEASE_SECONDS = 30;
const CONNECTIONS = 100;
const SCENARIO = { accounts: 1, transactions: 12, days: 30, endDate: '2026-04-15', pageSize: 4, pending: 0, latencyMs: 60 };
const CHILD = path.join(__dirname, '..', 'helpers', 'instance-child.js');

const { app } = useTestApp({
  env: { BANK_SYNC_CONFIG: JSON.stringify({ scheduler: { leaseSeconds: LEASE_SECONDS, concurrency: 4 } }) },
});
const knex = () => app().strapi.db.connection;

let instances: ChildInstance[] = [];
afterAll(async () => {
  await Promise.all(instances.map((i) => i.kill()));
});

async function makeAllDue(ids: number[]): Promise<Date> {
  const since = new Date();
  await knex()('bks_online_connections')
    .whereIn('id', ids)
    .update({ next_sync_at: new Date(Date.now() - 60_000) });
  return since;
}

/** Per connection, its runs started since `since`, by status. */
async function runsSince(ids: number[], since: Date): Promise<Map<number, string[]>> {
  const rows = (await knex()('bks_sync_runs')
    .whereIn('connection_id', ids)
    .andWhere('started_at', '>=', since)
    .select('connection_id', 'status', 'error_code')) as Array<{ connection_id: number; status: string; error_code: string | null }>;
  const byConnection = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (const r of rows) byConnection.get(Number(r.connection_id))!.push(r.error_code === 'interrupted' ? 'interrupted' : r.status);
  return byConnection;
}

suite(`three instances on one database, ${CONNECTIONS} due connections`, () => {
  const ids: number[] = [];

  beforeAll(async () => {
    for (let i = 0; i < CONNECTIONS; i += 1) ids.push((await connectSandbox(app(), { scenario: SCENARIO, code: `MI${i}` })).connectionId);
    instances = [0, 1, 2].map(() => startChildInstance(CHILD));
    await Promise.all(instances.map((i) => i.waitFor('READY')));
  }, 300_000);

  it('runs each due connection exactly once in a window, the work shared between the instances', async () => {
    const since = await makeAllDue(ids);
    for (const instance of instances) instance.send('tick-for 12000');
    const claimed = await Promise.all(instances.map(async (i) => JSON.parse(await i.waitFor('RESULT')) as number[]));
    const all = claimed.flat();
    expect(new Set(all)).toEqual(new Set(ids));
    expect(all).toHaveLength(CONNECTIONS);
    expect(claimed.filter((c) => c.length > 0).length).toBeGreaterThanOrEqual(2);
    const runs = await runsSince(ids, since);
    const wrong = [...runs].filter(([, statuses]) => statuses.length !== 1 || statuses[0] !== 'success');
    expect(wrong).toEqual([]);
  }, 120_000);

  it('finishes the work of an instance killed in the middle of its runs once its leases lapse', async () => {
    const since = await makeAllDue(ids);
    const [victim, ...others] = instances;
    const firstClaim = victim!.waitFor('CLAIMED', { fresh: true });
    victim!.send('tick-for 60000');
    const taken = JSON.parse(await firstClaim) as number[];
    await victim!.kill();
    instances = others;
    const killedAt = Date.now();
    const results = others.map((i) => i.waitFor('RESULT', { fresh: true }));
    for (const instance of others) instance.send(`tick-for ${(LEASE_SECONDS + 15) * 1000}`);
    const claimed = (await Promise.all(results)).flatMap((r) => JSON.parse(r) as number[]);

    // The dead instance's connections were taken over, after their leases lapsed.
    expect(claimed).toEqual(expect.arrayContaining(taken));
    const runs = await runsSince(ids, since);
    const notOnce = [...runs].filter(([, statuses]) => statuses.filter((s) => s === 'success').length !== 1);
    expect(notOnce).toEqual([]);
    // A killed run (when it had started) is closed as interrupted; nothing else is recorded for them.
    for (const id of taken) expect(runs.get(id)!.filter((s) => s !== 'interrupted')).toEqual(['success']);
    const [{ n }] = await knex()('bks_sync_runs').whereIn('connection_id', ids).andWhere({ status: 'running' }).count({ n: '*' });
    expect(Number(n)).toBe(0);
    const takenOver = (await knex()('bks_sync_runs')
      .whereIn('connection_id', taken)
      .andWhere({ status: 'success' })
      .andWhere('started_at', '>=', since)
      .select('started_at')) as Array<{ started_at: string | Date }>;
    for (const r of takenOver) expect(new Date(r.started_at).getTime()).toBeGreaterThanOrEqual(killedAt + (LEASE_SECONDS - 2) * 1000);
    recordFigures('several instances', {
      instances: 3,
      dueConnections: CONNECTIONS,
      windows: 2,
      runsPerConnectionPerWindow: 1,
      instanceKilled: 1,
      connectionsTakenOver: taken.length,
      leaseSeconds: LEASE_SECONDS,
    });
  }, 180_000);
});
