import fs from 'node:fs';
import { startPontoFake } from './fakes/ponto-server';
import { makePki, startMtlsProxy, type Pki } from './helpers/mtls';
import { startTestApp, type TestApp } from './helpers/strapi';

let fake: Awaited<ReturnType<typeof startPontoFake>>;
let proxy: Awaited<ReturnType<typeof startMtlsProxy>>;
let pki: Pki;
let app: TestApp;

beforeAll(async () => {
  fake = await startPontoFake({ host: '127.0.0.1', port: 0 });
  pki = makePki();
  proxy = await startMtlsProxy(pki, fake.apiUrl.replace('/ponto-connect', ''));
  app = await startTestApp({
    env: {
      BANK_SYNC_CONFIG: JSON.stringify({
        webhooks: { enabled: true },
        providers: {
          ponto: {
            apiUrl: `${proxy.url}/ponto-connect`,
            authorizationUrl: fake.authorizationUrl,
            clientId: 'ponto-client-id',
            clientSecret: 'ponto-client-secret',
            webhookAudience: 'ponto-application-id',
            // File paths for the certificate and key, PEM text for the CA: both are accepted.
            tls: { cert: pki.clientCert, key: pki.clientKey, ca: fs.readFileSync(pki.ca, 'utf8') },
          },
        },
      }),
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await fake?.close();
  if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('Ponto over mutual TLS', () => {
  it('presents the configured client certificate', async () => {
    const plugin = app.strapi.plugin('bank-sync');
    const connection = await plugin.service('connections').create({ providerId: 'ponto', credentials: {} });
    const accounts = await plugin.service('sync').fetchAccounts(connection.id);
    expect(accounts.length).toBe(2);
    expect(fake.requests.some((r: { path: string }) => r.path === '/ponto-connect/accounts')).toBe(true);
  });

  it('fetches the webhook keys with the client certificate too', async () => {
    fake.clearRequests();
    const { body, signature } = fake.webhook('pontoConnect.account.transactionsCreated', 'an-account-of-no-connection', {
      audience: 'ponto-application-id',
    });
    const res = await app
      .http()
      .post('/api/bank-sync/webhooks/ponto')
      .set('Content-Type', 'application/json')
      .set('Signature', signature)
      .send(body);
    expect(res.status).toBe(202); // verified: the keys came through the mTLS front
    expect(fake.countRequests('GET', '/ponto-connect/webhooks/keys')).toBe(1);
  });

  it('is refused by the server without the client certificate', async () => {
    app.strapi.config.set('plugin::bank-sync.providers.ponto.tls', { ca: fs.readFileSync(pki.ca, 'utf8') });
    const plugin = app.strapi.plugin('bank-sync');
    plugin.service('settings').reload();
    const connection = await plugin.service('connections').create({ providerId: 'ponto', credentials: {} });
    await expect(plugin.service('sync').fetchAccounts(connection.id)).rejects.toMatchObject({
      details: { class: 'retry', code: 'ponto_unavailable' },
    });
  });
});
