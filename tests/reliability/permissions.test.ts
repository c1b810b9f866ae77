import adminRoutes from '../../server/src/routes/admin';
import { startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Every admin route, from the router itself: without a token 401; for a role without the
 * plugin permission the route names 403; with exactly that permission, an answer that is not
 * a refusal and not a 500 (the routes are called with id 1 and an empty body: a 4xx that
 * names what is wrong is right). The content API exposes nothing but the webhook receiver,
 * which answers 404 until webhooks are enabled.
 */
let app: TestApp;
let superAuth: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  superAuth = `Bearer ${await app.adminToken()}`;
});
afterAll(async () => {
  await app?.stop();
});

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
const routes = adminRoutes.routes.map((route) => ({
  method: route.method,
  verb: route.method.toLowerCase() as Verb,
  url: `/bank-sync${route.path.replace(/:\w+/g, '1')}`,
  action: (route.config.policies[1] as { config: { actions: string[] } }).config.actions[0],
}));

/** A new admin whose only role holds `actions`; its bearer header. */
async function adminWith(actions: string[]): Promise<string> {
  seq += 1;
  const role = await app.strapi.service('admin::role').create({ name: `Role ${seq}`, description: actions.join(', ') || 'nothing' });
  if (actions.length) {
    await app.strapi.service('admin::role').assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
    );
  }
  const email = `user${seq}@example.com`;
  await app.strapi
    .service('admin::user')
    .create({ email, firstname: `User${seq}`, password: 'Pass2026word', roles: [role.id], isActive: true, registrationToken: null });
  const login = await app.http().post('/admin/login').send({ email, password: 'Pass2026word' });
  expect(login.status).toBe(200);
  return `Bearer ${login.body.data.token}`;
}

describe('permissions, route by route', () => {
  it('answers 403 on every route to a role without any plugin permission', async () => {
    const auth = await adminWith([]);
    for (const r of routes) {
      const res = await app.http()[r.verb](r.url).set('Authorization', auth).send({});
      expect([r.method, r.url, res.status]).toEqual([r.method, r.url, 403]);
    }
  });

  it('opens each route to a role holding exactly its permission, without a 500', async () => {
    const byAction = new Map<string, string>();
    for (const r of routes) {
      if (!byAction.has(r.action)) byAction.set(r.action, await adminWith([r.action]));
      const res = await app.http()[r.verb](r.url).set('Authorization', byAction.get(r.action)!).send({});
      expect([r.method, r.url, res.status === 401 || res.status === 403 || res.status >= 500]).toEqual([r.method, r.url, false]);
      if (res.status >= 400) expect(typeof res.body.error?.message).toBe('string');
    }
  });

  it('gives nothing of the plugin through the content API', async () => {
    for (const url of [
      '/api/bank-sync/journals',
      '/api/bank-sync/connections',
      '/api/bank-sync/statements',
      '/api/bank-statements',
      '/api/bank-statement-lines',
      '/api/journals',
    ]) {
      const res = await app.http().get(url);
      expect([url, res.status]).toEqual([url, 404]);
    }
    const webhook = await app.http().post('/api/bank-sync/webhooks/ponto').send({});
    expect(webhook.status).toBe(404);
    expect(superAuth).toMatch(/^Bearer /);
  });
});
