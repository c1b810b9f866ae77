import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('plugin foundation', () => {
  it('loads the plugin with its content types', () => {
    expect(app.strapi.plugin('bank-sync')).toBeDefined();
    for (const name of ['journal', 'online-connection', 'online-account', 'bank-statement', 'bank-statement-line', 'sync-run']) {
      expect(app.strapi.contentType(`plugin::bank-sync.${name}` as never)).toBeDefined();
    }
  });

  it('answers 401 to an admin route without a token', async () => {
    const res = await app.http().get('/bank-sync/journals');
    expect(res.status).toBe(401);
  });

  it('lists journals for an admin', async () => {
    const token = await app.adminToken();
    const res = await app.http().get('/bank-sync/journals').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});
