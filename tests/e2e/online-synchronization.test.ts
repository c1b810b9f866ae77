/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  browserDescribe,
  expectAccessible,
  expectNoSidewaysScroll,
  freePort,
  launchBrowser,
  openPage,
  screenshotBothWidths,
} from '../helpers/browser';
import { connectSandbox, setScenario, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Online Synchronization in a real browser: hidden outside developer mode (the page says how
 * to turn it on), the list of connections, a connection's page with its last error and
 * reference, its accounts and run log, and each action: Fetch Accounts, Fetch Transactions
 * from a date, Edit, Update Credentials (masked, never shown back), Disconnect (journals kept)
 * and Reconnect. Also French and an admin who may only read.
 */

const describeInBrowser = browserDescribe();

const READER = { email: 'online-reader@example.com', password: 'Reader2026pass', firstname: 'Reader' };

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let healthy: SandboxSetup;
let failing: SandboxSetup;
/** Lines of the failing connection's journal after its first run. */
let failingLines: number;

const plugin = () => app.strapi.plugin('bank-sync');
const connectionsUrl = () => `${baseUrl}/admin/plugins/bank-sync/connections`;

async function api(method: 'get' | 'put', url: string, body?: object) {
  const req = app
    .http()
    [method](url)
    .set('Authorization', `Bearer ${await app.adminToken()}`);
  return body ? req.send(body) : req;
}

async function lineCount(journalId: number): Promise<number> {
  return (await api('get', `/bank-sync/journals/${journalId}/lines?page=1&pageSize=1`)).body.meta.total;
}

const setDeveloperMode = async (on: boolean) => expect((await api('put', '/bank-sync/settings', { developerMode: on })).status).toBe(200);

async function connectionPage(page: Page, setup: SandboxSetup) {
  await page.goto(`${connectionsUrl()}/${setup.connectionId}`);
  await page.getByRole('heading', { name: 'Sandbox Bank Belgium', level: 1 }).waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'Run log' }).waitFor();
}

describeInBrowser('Online Synchronization in a real browser', () => {
  beforeAll(async () => {
    // Reconnect sends the browser to the app's own callback: the app must know its port.
    const port = await freePort();
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true', PORT: String(port) } });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${port}`;
    healthy = await connectSandbox(app, {
      code: 'OK',
      scenario: { accounts: 2, transactions: 60, days: 40, endDate: '2026-04-15', openingBalance: 250_000, consentDays: 170 },
    });
    failing = await connectSandbox(app, {
      code: 'KO',
      scenario: { accounts: 1, transactions: 30, days: 20, endDate: '2026-04-15', openingBalance: 120_000, consentDays: 8 },
    });
    const sync = plugin().service('sync');
    expect((await sync.runConnection(healthy.connectionId, { trigger: 'schedule' })).status).toBe('success');
    expect((await sync.runConnection(failing.connectionId, { trigger: 'schedule' })).status).toBe('success');
    failingLines = await lineCount(failing.accounts[0].journalId);
    expect(failingLines).toBeGreaterThan(0);
    await setScenario(app, failing.connectionId, { failAtPage: 1, failClass: 'retry' });
    expect((await sync.runConnection(failing.connectionId, { trigger: 'schedule' })).status).toBe('failed');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('outside developer mode, says where to turn it on instead of showing the connections', async () => {
    await setDeveloperMode(false);
    const page = await openPage(browser, baseUrl, ADMIN);
    await page.goto(connectionsUrl());
    await page.getByText('Online Synchronization is shown in developer mode').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Open Settings → Bank Sync' }).waitFor();
    expect(await page.getByRole('grid').count()).toBe(0);
    await screenshotBothWidths(page, 'online-sync-developer-mode-off');
    await expectAccessible(page, 'online-sync-developer-mode-off');
    await page.context().close();
  });

  it('lists every connection with its provider, state, schedule and consent', async () => {
    await setDeveloperMode(true);
    const page = await openPage(browser, baseUrl, ADMIN);
    await page.goto(connectionsUrl());
    await page.getByRole('heading', { name: 'Online Synchronization', level: 1 }).waitFor({ timeout: 30_000 });
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const failed = rows.filter({ has: page.getByText('Error', { exact: true }) });
    expect(await failed.count()).toBe(1);
    await expect(failed.innerText()).resolves.toMatch(/failed/i);
    await expect(failed.innerText()).resolves.toMatch(/consent ends in 8 days/i);
    expect(await page.getByText('Connected', { exact: true }).count()).toBe(1);
    expect(await page.getByText('every 12 hours').count()).toBe(2);
    // Words, not enum values.
    expect(await page.getByText('connected', { exact: true }).count()).toBe(0);
    expect(await page.getByText('sandbox', { exact: true }).count()).toBe(0);
    await screenshotBothWidths(page, 'online-sync-connections');
    await expectAccessible(page, 'online-sync-connections');

    await rows.nth(1).getByRole('link').click();
    await page.waitForURL(/\/connections\/\d+$/);
    await page.getByRole('heading', { name: 'Run log' }).waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  it("shows a failed connection's error by class, its reference with a copy button, its accounts and its run log", async () => {
    const page = await openPage(browser, baseUrl, ADMIN);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await connectionPage(page, failing);
    await page.getByText('Last error', { exact: true }).waitFor();
    await page.getByText('The bank could not be reached. Nothing was lost; it is tried again automatically.').first().waitFor();
    const connection = (await api('get', `/bank-sync/connections/${failing.connectionId}`)).body.data;
    const reference: string = connection.lastError.reference;
    expect(reference).toMatch(/^BKS-/);
    await page.getByText(`Reference ${reference}`).first().waitFor();
    await page
      .getByRole('button', { name: `Copy reference ${reference}` })
      .first()
      .click();
    await page.getByText(`Reference ${reference} copied.`).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);

    // Accounts: the linked journal and the bank's balance.
    // The design system's tables are grids.
    const accounts = page.getByRole('grid').first();
    await expect(accounts.innerText()).resolves.toContain('Sandbox');
    await expect(accounts.innerText()).resolves.toMatch(/€[\d,]+\.\d{2}/);

    // Run log: newest first, the failure with its reference, then the success with its counts.
    const runs = page.locator('li').filter({ hasText: /Scheduled/ });
    expect(await runs.count()).toBe(2);
    await expect(runs.first().innerText()).resolves.toMatch(/failed/i);
    await expect(runs.first().innerText()).resolves.toContain(reference);
    await expect(runs.nth(1).innerText()).resolves.toMatch(/succeeded/i);
    await expect(runs.nth(1).innerText()).resolves.toMatch(new RegExp(`Imported\\s*${failingLines}\\b`));
    await screenshotBothWidths(page, 'online-sync-connection-error');
    await expectAccessible(page, 'online-sync-connection-error');
    await page.context().close();
  });

  it('Fetch Accounts and Fetch Transactions from a date, each ending with a result', async () => {
    await setScenario(app, failing.connectionId, { failAtPage: undefined });
    const page = await openPage(browser, baseUrl, ADMIN);
    await connectionPage(page, failing);

    await page.getByRole('button', { name: 'Fetch Accounts' }).click();
    await page.getByText('1 account read again from the bank.').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Fetch Transactions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fetch Transactions' });
    await dialog.waitFor();
    // A day in the future is refused before anything is sent.
    await dialog.getByLabel('From (optional)').fill('2099-01-01');
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    await dialog.getByText('Choose today or a day before.').waitFor();
    await screenshotBothWidths(page, 'online-sync-fetch-transactions');
    await dialog.getByLabel('From (optional)').fill('2026-03-20');
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    await page.getByText(/^Synchronized: (no new transaction|\d+ new transactions?)\./).waitFor({ timeout: 60_000 });
    // The connection is healthy again and its run log has the manual run on top.
    await page.getByText('Last error', { exact: true }).waitFor({ state: 'detached', timeout: 30_000 });
    const runs = page.locator('li').filter({ hasText: /By hand|Scheduled/ });
    await expect(runs.first().innerText()).resolves.toContain('By hand');
    await expect(runs.first().innerText()).resolves.toMatch(/succeeded/i);
    // Read again from 20 March: already imported, so skipped, nothing twice.
    expect(await lineCount(failing.accounts[0].journalId)).toBe(failingLines);
    await page.context().close();
  });

  it('Edit changes the schedule; Update Credentials keeps the secret masked and never shows it back', async () => {
    const page = await openPage(browser, baseUrl, ADMIN);
    await connectionPage(page, healthy);

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await edit.waitFor();
    await screenshotBothWidths(page, 'online-sync-edit');
    await edit.getByRole('combobox').first().click();
    await page.getByRole('option', { name: /every 6 hours|Every 6 hours/ }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText("The connection's schedule was saved.").waitFor();
    const saved = (await api('get', `/bank-sync/connections/${healthy.connectionId}`)).body.data;
    expect(saved.frequencyMinutes).toBe(360);

    await page.getByRole('button', { name: 'Update Credentials' }).click();
    const credentials = page.getByRole('dialog');
    const token = credentials.getByLabel('Access token');
    await token.waitFor();
    expect(await token.getAttribute('type')).toBe('password');
    expect(await token.inputValue()).toBe('');
    // Empty: refused in the form.
    await credentials.getByRole('button', { name: 'Check and save' }).click();
    await credentials.getByText('Enter this value.').waitFor();
    await token.fill('sandbox-token-rotated');
    await screenshotBothWidths(page, 'online-sync-credentials');
    await credentials.getByRole('button', { name: 'Check and save' }).click();
    await page.getByText('The new credentials were accepted and saved.').waitFor({ timeout: 30_000 });
    expect(await page.content()).not.toContain('sandbox-token-rotated');
    const view = await api('get', `/bank-sync/connections/${healthy.connectionId}`);
    expect(JSON.stringify(view.body)).not.toContain('sandbox-token-rotated');
    await page.context().close();
  });

  it('Disconnect asks first, keeps the journals and statements; Reconnect brings the same accounts back', async () => {
    const page = await openPage(browser, baseUrl, ADMIN);
    await connectionPage(page, healthy);
    const before = await api('get', `/bank-sync/journals/${healthy.accounts[0].journalId}/statements`);
    expect(before.body.data.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await confirm.getByText('Disconnect Sandbox Bank Belgium?').waitFor();
    await confirm.getByText(/The journals and their statements are kept/).waitFor();
    await screenshotBothWidths(page, 'online-sync-disconnect-confirm');
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Sandbox Bank Belgium is disconnected. Its journals and statements are kept.').waitFor({ timeout: 30_000 });
    await page.getByText('This connection is disconnected: nothing is synchronized.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Fetch Transactions' }).count()).toBe(0);
    await screenshotBothWidths(page, 'online-sync-disconnected');
    const after = await api('get', `/bank-sync/journals/${healthy.accounts[0].journalId}/statements`);
    expect(after.body.data).toEqual(before.body.data);
    expect((await api('get', `/bank-sync/connections/${healthy.connectionId}`)).body.data.state).toBe('disconnected');

    // Reconnect: the sandbox's consent answers at once and sends the admin back to the callback.
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForURL(/\/connect\/callback\?/, { timeout: 30_000 });
    await page.getByText('Sandbox Bank Belgium is connected').waitFor({ timeout: 30_000 });
    await page.getByText('Already synchronized into').first().waitFor();
    expect((await api('get', `/bank-sync/connections/${healthy.connectionId}`)).body.data.state).toBe('connected');
    await page.context().close();
  });

  it('speaks French', async () => {
    await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'fr' } });
    try {
      const page = await openPage(browser, baseUrl, ADMIN, { fresh: true });
      await page.goto(connectionsUrl());
      await page.getByRole('heading', { name: 'Synchronisation en ligne', level: 1 }).waitFor({ timeout: 30_000 });
      await screenshotBothWidths(page, 'online-sync-connections-fr');
      await page.goto(`${connectionsUrl()}/${failing.connectionId}`);
      await page.getByRole('button', { name: 'Récupérer les comptes' }).waitFor({ timeout: 30_000 });
      await page.getByRole('heading', { name: 'Journal des synchronisations' }).waitFor();
      await expectNoSidewaysScroll(page, 'online-sync-connection-fr');
      await screenshotBothWidths(page, 'online-sync-connection-fr');
      await expectAccessible(page, 'online-sync-connection-fr');
      await page.context().close();
    } finally {
      await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'en' } });
    }
  });

  it('shows an admin who may only read neither the menu nor the pages, and the API refuses the actions', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'Bank reader (online)', description: 'reads bank journals' });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app.strapi.service('admin::user').create({ ...READER, roles: [role.id], isActive: true, registrationToken: null });

    const page = await openPage(browser, baseUrl, READER);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
    await page.getByRole('heading', { name: 'Bank journals', level: 1 }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('link', { name: 'Online Synchronization' }).count()).toBe(0);
    await page.goto(`${connectionsUrl()}/${failing.connectionId}`);
    // Strapi's own "no permission" page, and none of the actions.
    await page.getByText(/You don't have the permissions to access that content/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Fetch Accounts' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Disconnect' }).count()).toBe(0);
    await screenshotBothWidths(page, 'online-sync-readonly');
    await page.context().close();

    const login = await app.http().post('/admin/login').send(READER);
    const auth = `Bearer ${login.body.data.token}`;
    const id = failing.connectionId;
    expect((await app.http().post(`/bank-sync/connections/${id}/fetch-accounts`).set('Authorization', auth)).status).toBe(403);
    expect((await app.http().post(`/bank-sync/connections/${id}/sync`).set('Authorization', auth).send({})).status).toBe(403);
    expect((await app.http().put(`/bank-sync/connections/${id}`).set('Authorization', auth).send({ autoSync: false })).status).toBe(403);
    expect((await app.http().delete(`/bank-sync/connections/${id}`).set('Authorization', auth)).status).toBe(403);
  });
});
