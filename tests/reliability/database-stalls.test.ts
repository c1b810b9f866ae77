import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { useTestApp } from '../helpers/admin-api';
import { connectSandbox } from '../helpers/sandbox';

/**
 * The database stalling or failing under a run (issue: reliability suite, "found wrong"): a
 * provider's rotated token is never lost to a stall (the save waits and retries), and a
 * database error reaches the admin as a code, never the driver's text (which quotes the
 * statement and its values, encrypted credentials included).
 */
const { app } = useTestApp();
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const HOLD_MS = 6500;

/**
 * Holds a write lock on the connection's row (on SQLite, the whole file, from another
 * process: longer than the driver's 5 s busy wait, so the write fails once and is retried).
 * Resolves once the lock is held; `released` once it is let go.
 */
async function holdLock(connectionId: number): Promise<{ released: Promise<void> }> {
  if (client === 'sqlite') {
    const script = `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.exec('BEGIN EXCLUSIVE');
      console.log('LOCKED');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${HOLD_MS});`;
    const child = spawn(process.execPath, ['-e', script, app().env.DATABASE_FILENAME!], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout! });
    await new Promise<void>((resolve) => lines.on('line', (l) => l === 'LOCKED' && resolve()));
    return { released: new Promise((resolve) => child.on('exit', () => resolve())) };
  }
  const trx = await app().strapi.db.connection.transaction();
  await trx('bks_online_connections').where({ id: connectionId }).forUpdate().select('id');
  return { released: new Promise((resolve) => setTimeout(() => void trx.commit().then(() => resolve()), 3000)) };
}

describe('database stalls', () => {
  it("keeps a provider's rotated token through a database stall: the save waits, retries and lands", async () => {
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 3 }, code: 'STALL' });
    const plugin = app().strapi.plugin('bank-sync');
    const row = await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .findOne({ where: { id: setup.connectionId } });
    const { ctx } = await plugin.service('provider-context').forConnection(row);
    const lock = await holdLock(setup.connectionId);
    await ctx.saveCredentials({ token: 'rotated-token-after-the-stall' });
    await lock.released;
    expect(await plugin.service('connections').readCredentials(setup.connectionId)).toEqual({ token: 'rotated-token-after-the-stall' });
  }, 60_000);

  it("words a database error as a code, never the driver's text with its values", () => {
    const failures = app().strapi.plugin('bank-sync').service('failures');
    const driverError = Object.assign(
      new Error(
        "update `bks_online_connections` set `credentials` = 'bks1:c2VjcmV0:dG9rZW4:dGFn' where `id` = 7 - SQLITE_BUSY: database is locked",
      ),
      { code: 'SQLITE_BUSY' },
    );
    const classified = failures.classify(null, driverError);
    expect(classified).toMatchObject({ class: 'retry', code: 'database_error' });
    expect(classified.message).toContain('SQLITE_BUSY');
    expect(classified.message).not.toMatch(/bks1:|update|credentials|where/i);
  });
});
