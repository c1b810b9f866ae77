import { connectSandbox } from '../helpers/sandbox';
import { defaultDatabaseName, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Rotating the encryption key of stored credentials (issue: reliability suite; README
 * "Security"): with the new key in `encryptionKey` and the old one in
 * `previousEncryptionKeys`, a start re-encrypts everything with the new key; the old key can
 * then go. A key that opens nothing gives a clear error, never garbage.
 */
const KEY_A = 'first-key-0123456789abcdef';
const KEY_B = 'second-key-0123456789abcdef';
const KEY_C = 'unrelated-key-0123456789abcdef';
const SETTINGS_SECRET = 'ponto-secret-kept-in-settings';

const keys = (encryptionKey: string, previousEncryptionKeys: string[] = []) => ({
  BANK_SYNC_CONFIG: JSON.stringify({ encryptionKey, previousEncryptionKeys }),
});

let app: TestApp | undefined;
let database: string;
afterAll(async () => {
  await app?.stop();
});

async function restart(env: Record<string, string>): Promise<TestApp> {
  await app?.stop({ keepDatabase: true });
  app = await startTestApp({ database, keepDatabase: true, env });
  return app;
}

const rawCredentials = async (a: TestApp, id: number) =>
  ((await a.strapi.db.connection('bks_online_connections').where({ id }).first()) as { credentials: string }).credentials;
const settingsSecret = (a: TestApp) =>
  (a.strapi.plugin('bank-sync').service('settings').get().providers.ponto as { clientSecret?: string } | undefined)?.clientSecret;

describe('encryption key rotation', () => {
  it('re-encrypts every stored credential with the new key at start, after which the old key can go', async () => {
    database = defaultDatabaseName();
    app = await startTestApp({ database, env: keys(KEY_A) });
    const setup = await connectSandbox(app, { scenario: { accounts: 1, transactions: 5 }, code: 'ROT' });
    await app.strapi
      .plugin('bank-sync')
      .service('settings')
      .update({ providers: { ponto: { clientSecret: SETTINGS_SECRET } } });
    const sealedWithA = await rawCredentials(app, setup.connectionId);
    expect(sealedWithA).toMatch(/^bks1:/);

    // The new key, the old one kept as previous: the start re-encrypts.
    let current = await restart(keys(KEY_B, [KEY_A]));
    const sealedWithB = await rawCredentials(current, setup.connectionId);
    expect(sealedWithB).toMatch(/^bks1:/);
    expect(sealedWithB).not.toBe(sealedWithA);
    expect(settingsSecret(current)).toBe(SETTINGS_SECRET);

    // The old key removed: everything still opens.
    current = await restart(keys(KEY_B));
    expect(await current.strapi.plugin('bank-sync').service('connections').readCredentials(setup.connectionId)).toEqual({
      token: 'sandbox-token',
    });
    expect(settingsSecret(current)).toBe(SETTINGS_SECRET);
    const run = await current.strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId);
    expect(run.status).toBe('success');
  });

  it('says clearly that no configured key opens the credentials, and serves the rest', async () => {
    const current = await restart(keys(KEY_C));
    const plugin = current.strapi.plugin('bank-sync');
    const [connection] = (await current.strapi.db.connection('bks_online_connections').select('id')) as Array<{ id: number }>;
    await expect(plugin.service('connections').readCredentials(connection!.id)).rejects.toThrow(
      /cannot be decrypted.*previousEncryptionKeys|previousEncryptionKeys.*Update Credentials/,
    );
    const run = await plugin.service('sync').runConnection(connection!.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ class: 'config' });
    expect(run.error.message).toMatch(/cannot be decrypted/);
    // The secret stored in Settings is not read, and no garbage takes its place.
    expect(settingsSecret(current)).not.toBe(SETTINGS_SECRET);
    const token = await current.adminToken();
    const page = await current.http().get(`/bank-sync/connections/${connection!.id}`).set('Authorization', `Bearer ${token}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('sandbox-token');
  });
});
