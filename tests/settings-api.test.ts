import { useTestApp } from './helpers/admin-api';

const { app, api } = useTestApp();
const { get } = api;
const put = (body: object) => api.put('/bank-sync/settings', body);

describe('Settings through the admin API', () => {
  it('changes developer mode, defaults and a provider client; a secret is write-only and stored sealed', async () => {
    const before = (await get('/bank-sync/settings')).body.data;
    expect(before).toMatchObject({ developerMode: false, encryptionConfigured: true });
    const res = await put({
      developerMode: true,
      defaultTimeZone: 'Europe/Amsterdam',
      frequencyMinutes: 360,
      firstFetchDays: 30,
      providers: { ponto: { clientId: 'settings-client-id', clientSecret: 'settings-client-secret-value' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      developerMode: true,
      defaultTimeZone: 'Europe/Amsterdam',
      sync: { frequencyMinutes: 360, firstFetchDays: 30 },
      providers: { ponto: { clientId: 'settings-client-id', clientSecretSet: true, clientSecretSource: 'settings' } },
    });
    expect(JSON.stringify(res.body)).not.toContain('settings-client-secret-value');
    const stored = JSON.stringify(await app().strapi.store({ type: 'plugin', name: 'bank-sync', key: 'settings' }).get({}));
    expect(stored).not.toContain('settings-client-secret-value');
    expect(stored).toContain('bks1:');

    // What the admin pages read with the read permission, and what new things take.
    expect((await get('/bank-sync/settings/defaults')).body.data).toEqual({
      developerMode: true,
      defaultTimeZone: 'Europe/Amsterdam',
      frequencyMinutes: 360,
      firstFetchDays: 30,
    });
    const journal = await app().strapi.plugin('bank-sync').service('journals').create({ name: 'New', code: 'NEWTZ', currency: 'EUR' });
    expect(journal.timeZone).toBe('Europe/Amsterdam');
    // The provider sees the stored client.
    expect(app().strapi.plugin('bank-sync').service('settings').get().providers.ponto).toMatchObject({
      clientId: 'settings-client-id',
      clientSecret: 'settings-client-secret-value',
    });

    // Erased from Settings: the configuration file's secret (if any) applies again.
    const erased = await put({ providers: { ponto: { clientSecret: null } } });
    expect(erased.body.data.providers.ponto.clientSecretSet).toBe(before.providers.ponto.clientSecretSet);
    // ...and the view says where the secret now comes from.
    expect(erased.body.data.providers.ponto.clientSecretSource).toBe(before.providers.ponto.clientSecretSet ? 'configuration' : null);
    expect(app().strapi.plugin('bank-sync').service('settings').get().providers.ponto?.clientSecret).not.toBe(
      'settings-client-secret-value',
    );
  });

  it.each([
    [{ frequencyMinutes: 2 }, 'frequencyMinutes'],
    [{ defaultTimeZone: 'Mars/Olympus' }, 'defaultTimeZone'],
    [{ providers: { nobank: { clientId: 'x' } } }, 'nobank'],
    [{ scheduler: { enabled: false } }, 'scheduler'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });
});
