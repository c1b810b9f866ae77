/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import type { Browser, Page } from 'playwright-core';
import { browserDescribe, expectAccessible, fullScreenshot as shot, launchBrowser, openPage, screenshot } from '../helpers/browser';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();

let app: TestApp;
let browser: Browser;
let baseUrl: string;

const open = (): Promise<Page> => openPage(browser, baseUrl, ADMIN);

async function settingsPage(page: Page) {
  await page.goto(`${baseUrl}/admin/settings/bank-sync`);
  await page.getByRole('heading', { name: 'Bank Sync settings', level: 1 }).waitFor({ timeout: 30_000 });
}

const save = (page: Page) => page.getByRole('button', { name: 'Save' });
const settingsView = async () =>
  (
    await app
      .http()
      .get('/bank-sync/settings')
      .set('Authorization', `Bearer ${await app.adminToken()}`)
  ).body.data;

describeInBrowser('Settings → Bank Sync in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('turns developer mode on, and the dashboard links to Online Synchronization', async () => {
    const page = await open();
    await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
    await page.getByRole('heading', { name: 'Bank journals', level: 1 }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('link', { name: 'Online Synchronization' }).count()).toBe(0);

    // Reached from Settings → Bank Sync.
    await page.goto(`${baseUrl}/admin/settings`);
    await page.getByRole('link', { name: 'Bank Sync' }).last().click();
    await page.getByRole('heading', { name: 'Bank Sync settings', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByText('Configured', { exact: true }).waitFor();
    await shot(page, 'settings-1280');
    await expectAccessible(page, 'settings');
    await page.setViewportSize({ width: 1920, height: 900 });
    await shot(page, 'settings-1920');
    await page.setViewportSize({ width: 1280, height: 900 });

    const toggle = page.getByRole('checkbox', { name: 'Developer mode' });
    expect(await toggle.isChecked()).toBe(false);
    expect(await save(page).isDisabled()).toBe(true);
    await toggle.click();
    await save(page).click();
    await page.getByText('Settings saved.').waitFor();
    expect((await settingsView()).developerMode).toBe(true);

    await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
    await page.getByRole('link', { name: 'Online Synchronization' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'journals-developer-mode-1280');
    await page.getByRole('link', { name: 'Online Synchronization' }).click();
    await page.waitForURL(/\/plugins\/bank-sync\/connections$/);
    await page.context().close();
  });

  it('changes the defaults, and refuses a bad value next to its field', async () => {
    const page = await open();
    await settingsPage(page);

    await page.getByRole('combobox', { name: 'Synchronize automatically' }).click();
    await page.getByRole('option', { name: 'Every 6 hours' }).click();
    const days = page.getByRole('textbox', { name: 'First fetch window (days)' });
    await days.fill('0');
    await save(page).click();
    await page.getByText('Enter a whole number of days from 1 to 3650.').waitFor();
    await shot(page, 'settings-invalid-1280');
    await expectAccessible(page, 'settings-invalid');

    await days.fill('120');
    const zone = page.getByRole('combobox', { name: 'Default time zone' });
    // It shows the current zone; typing filters the list (as a person types, key by key).
    expect(await zone.inputValue()).toBe('Europe/Brussels');
    await zone.fill('');
    await zone.pressSequentially('Amster');
    await page.getByRole('option', { name: 'Europe/Amsterdam' }).click();
    await save(page).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await settingsView();
    expect(saved.sync.frequencyMinutes).toBe(360);
    expect(saved.sync.firstFetchDays).toBe(120);
    expect(saved.defaultTimeZone).toBe('Europe/Amsterdam');

    // A 400 from the server (its details name the field) shows next to that field, worded here.
    await page.route('**/bank-sync/settings', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              data: null,
              error: {
                status: 400,
                name: 'ValidationError',
                message: 'Invalid input: frequencyMinutes must be at least 5',
                details: { errors: [{ path: ['frequencyMinutes'], message: 'Number must be greater than or equal to 5' }] },
              },
            }),
          })
        : route.continue(),
    );
    await page.getByRole('combobox', { name: 'Synchronize automatically' }).click();
    await page.getByRole('option', { name: 'Every 15 minutes' }).click();
    await save(page).click();
    await page.getByText('Choose a frequency between 5 minutes and 30 days.').waitFor();
    await page.getByText('Some values are refused: see the messages next to the fields.').waitFor();
    await screenshot(page, 'settings-server-error-1280');
    await page.unroute('**/bank-sync/settings');
    await page.context().close();
  });

  it('keeps a client secret write-only: set, never shown, erased on purpose', async () => {
    const page = await open();
    await settingsPage(page);
    const section = page.locator('section').filter({ hasText: 'Ponto' });
    await section.getByRole('textbox', { name: 'Client ID' }).fill('ponto-client-42');
    await section.getByLabel('Client secret').fill('very-secret-value');
    await save(page).click();
    await page.getByText('Settings saved.').waitFor();

    const view = await settingsView();
    expect(view.providers.ponto).toEqual({ clientId: 'ponto-client-42', clientSecretSet: true, clientSecretSource: 'settings' });
    expect(JSON.stringify(view)).not.toContain('very-secret-value');

    // After the save the secret field is empty again and says the secret is set.
    await section.getByText('Set', { exact: true }).waitFor();
    expect(await section.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain('very-secret-value');
    await shot(page, 'settings-secret-set-1280');

    await section.getByRole('button', { name: 'Erase the secret' }).click();
    await section.getByText('The secret is erased when you save.', { exact: false }).waitFor();
    await save(page).click();
    // The playground's configuration gives Ponto a secret: it applies again, and the page says so.
    await section.getByText("Set in the server's configuration", { exact: true }).waitFor();
    expect((await settingsView()).providers.ponto.clientSecretSource).toBe('configuration');
    expect(await section.getByRole('button', { name: 'Erase the secret' }).count()).toBe(0);
    await shot(page, 'settings-secret-from-configuration-1280');
    await page.context().close();
  });

  it('warns clearly when no encryption key is configured', async () => {
    const page = await open();
    // The server's answer as it is without a key (starting a second Strapi without one would say the same).
    await page.route('**/bank-sync/settings', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.data.encryptionConfigured = false;
      await route.fulfill({ response, json: body });
    });
    await settingsPage(page);
    await page.getByRole('alert').filter({ hasText: 'No encryption key is configured' }).waitFor();
    expect(await page.getByLabel('Client secret').first().isDisabled()).toBe(true);
    await shot(page, 'settings-no-encryption-key-1280');
    await expectAccessible(page, 'settings-no-encryption-key');
    await page.context().close();
  });
});
