import adminRoutes from '../server/src/routes/admin';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  token = await app.adminToken();
});
afterAll(async () => {
  await app?.stop();
});

const SECRET = 'client-secret-that-must-never-leak-7f3a';
const connections = () => app.strapi.plugin('bank-sync').service('connections');

describe('admin routes', () => {
  it.each([
    ['GET', '/bank-sync/journals'],
    ['GET', '/bank-sync/journals/1'],
    ['POST', '/bank-sync/journals'],
    ['GET', '/bank-sync/connections'],
    ['GET', '/bank-sync/connections/1'],
    ['GET', '/bank-sync/settings'],
  ])('%s %s answers 401 without a token', async (method, url) => {
    const res = await app.http()[method === 'GET' ? 'get' : 'post'](url).send({});
    expect(res.status).toBe(401);
  });

  // Every admin route, from the router itself: none answers without a token.
  const everyRoute = adminRoutes.routes.map((r) => [r.method, `/bank-sync${r.path.replace(/:\w+/g, '1')}`, r.config.policies[1]] as const);
  it.each(everyRoute.map(([method, url]) => [method, url]))(
    '%s %s (every admin route) answers 401 without a token',
    async (method, url) => {
      const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      expect((await app.http()[verb](url).send({})).status).toBe(401);
    },
  );

  it('registers the plugin permissions', () => {
    const provider = app.strapi.service('admin::permission').actionProvider;
    for (const action of ['read', 'synchronize', 'connections.manage', 'settings']) {
      expect(provider.get(`plugin::bank-sync.${action}`)).toBeDefined();
    }
  });

  it('answers 403 to an admin whose role lacks the plugin permission', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'No bank', description: 'no bank-sync permission' });
    await app.strapi.service('admin::user').create({
      email: 'clerk@example.com',
      firstname: 'Clerk',
      password: 'Clerk2026pass',
      roles: [role.id],
      isActive: true,
      registrationToken: null,
    });
    const login = await app.http().post('/admin/login').send({ email: 'clerk@example.com', password: 'Clerk2026pass' });
    expect(login.status).toBe(200);
    const res = await app.http().get('/bank-sync/journals').set('Authorization', `Bearer ${login.body.data.token}`);
    expect(res.status).toBe(403);

    // Granting the read permission opens the read route, and only that one.
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    const auth = `Bearer ${login.body.data.token}`;
    expect((await app.http().get('/bank-sync/journals').set('Authorization', auth)).status).toBe(200);
    expect((await app.http().get('/bank-sync/settings').set('Authorization', auth)).status).toBe(403);
    const create = await app.http().post('/bank-sync/journals').set('Authorization', auth).send({ name: 'X', code: 'X', currency: 'EUR' });
    expect(create.status).toBe(403);

    // With read only, every route that needs another permission answers 403, whatever its input.
    for (const route of adminRoutes.routes) {
      const policy = route.config.policies[1] as { config: { actions: string[] } };
      if (policy.config.actions.includes('plugin::bank-sync.read')) continue;
      const verb = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const res = await app
        .http()
        [verb](`/bank-sync${route.path.replace(/:\w+/g, '1')}`)
        .set('Authorization', auth)
        .send({});
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 403]);
    }
  });
});

describe('credentials at rest', () => {
  it('stores credentials encrypted, never in plaintext, and never returns them', async () => {
    const created = await connections().create({
      providerId: 'sandbox',
      institutionName: 'Test Bank',
      credentials: { clientId: 'client-id-1', clientSecret: SECRET },
    });
    const row = await app.strapi.db.connection('bks_online_connections').where({ id: created.id }).first();
    expect(row.credentials).toMatch(/^bks1:/);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain('client-id-1');

    // The engine can read them back.
    expect(await connections().readCredentials(created.id)).toEqual({ clientId: 'client-id-1', clientSecret: SECRET });

    // The admin API shows that credentials exist, not what they are.
    const list = await app.http().get('/bank-sync/connections').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(list.body.data[0]).not.toHaveProperty('credentials');
    expect(list.body.data[0]).not.toHaveProperty('leaseOwner');
    expect(list.body.data[0].hasCredentials).toBe(true);

    // Two encryptions of the same value differ (random IV).
    await connections().setCredentials(created.id, { clientId: 'client-id-1', clientSecret: SECRET });
    const again = await app.strapi.db.connection('bks_online_connections').where({ id: created.id }).first();
    expect(again.credentials).not.toBe(row.credentials);
  });

  it('refuses to store credentials when no encryption key is configured, and writes nothing', async () => {
    const adminKey = app.strapi.config.get('admin.secrets.encryptionKey');
    app.strapi.config.set('admin.secrets.encryptionKey', undefined);
    app.strapi.plugin('bank-sync').service('settings').reload();
    const before = await app.strapi.db.query('plugin::bank-sync.online-connection').count();
    try {
      await expect(connections().create({ providerId: 'sandbox', credentials: { clientSecret: SECRET } })).rejects.toThrow(
        /No encryption key is configured.*BANK_SYNC_ENCRYPTION_KEY/,
      );
      expect(await app.strapi.db.query('plugin::bank-sync.online-connection').count()).toBe(before);
      const settings = await app.http().get('/bank-sync/settings').set('Authorization', `Bearer ${token}`);
      expect(settings.body.data.encryptionConfigured).toBe(false);
    } finally {
      app.strapi.config.set('admin.secrets.encryptionKey', adminKey);
      app.strapi.plugin('bank-sync').service('settings').reload();
    }
  });

  it('says clearly when stored credentials were sealed with another key', async () => {
    const created = await connections().create({ providerId: 'sandbox', credentials: { clientSecret: SECRET } });
    const adminKey = app.strapi.config.get('admin.secrets.encryptionKey');
    app.strapi.config.set('admin.secrets.encryptionKey', 'another-key-entirely-0123456789');
    try {
      await expect(connections().readCredentials(created.id)).rejects.toThrow(/encryption key changed/);
    } finally {
      app.strapi.config.set('admin.secrets.encryptionKey', adminKey);
    }
  });

  it('never shows credentials through the Content Manager or the Document Service', async () => {
    const created = await connections().create({ providerId: 'sandbox', credentials: { clientSecret: SECRET } });
    const auth = `Bearer ${token}`;
    const list = await app.http().get('/content-manager/collection-types/plugin::bank-sync.online-connection').set('Authorization', auth);
    expect(list.status).toBe(200);
    expect(list.body.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/bks1:|credentials|leaseOwner/);
    const one = await app
      .http()
      .get(`/content-manager/collection-types/plugin::bank-sync.online-connection/${created.documentId}`)
      .set('Authorization', auth);
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toMatch(/bks1:|credentials/);

    // An edit through the Content Manager cannot replace them either.
    const edit = await app
      .http()
      .put(`/content-manager/collection-types/plugin::bank-sync.online-connection/${created.documentId}`)
      .set('Authorization', auth)
      .send({ institutionName: 'Edited', credentials: 'attacker-controlled' });
    expect([200, 400, 403]).toContain(edit.status);
    expect(await connections().readCredentials(created.id)).toEqual({ clientSecret: SECRET });

    // Nor does a populated connection seen from another type.
    const account = await app.strapi.db.query('plugin::bank-sync.online-account').create({
      data: { providerAccountId: 'acc-1', connection: created.id },
    });
    const viaDocuments = await app.strapi
      .documents('plugin::bank-sync.online-account' as never)
      .findOne({ documentId: account.documentId, populate: ['connection'] } as never);
    expect((viaDocuments as unknown as { connection: { id: number } }).connection.id).toBe(created.id);
    expect(JSON.stringify(viaDocuments)).not.toContain('bks1:');
  });
});
