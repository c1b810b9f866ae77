/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import type { Browser, Page } from 'playwright-core';
import {
  browserDescribe,
  expectAccessible,
  expectNoSidewaysScroll,
  fullScreenshot as shot,
  launchBrowser,
  openPage,
} from '../helpers/browser';
import { connectSandbox, setScenario, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();

const READER = { email: 'reader@example.com', password: 'Reader2026pass', firstname: 'Reader' };

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let slow: SandboxSetup;
let failing: SandboxSetup;

/** A new page (own cookies and storage) logged in as `who`, at `width` px. */
const open = (who: { email: string; password: string }, options: { fresh?: boolean } = {}): Promise<Page> =>
  openPage(browser, baseUrl, who, options);

async function dashboard(page: Page, heading = 'Bank journals') {
  await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: 30_000 });
}

describeInBrowser('journals dashboard in a real browser', () => {
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

  it('shows an empty state that leads to Add a Bank Account', async () => {
    const page = await open(ADMIN);
    await dashboard(page);
    await page.getByText('No bank journal yet').waitFor();
    const add = page.getByRole('link', { name: 'Add a Bank Account' });
    expect(await add.count()).toBeGreaterThan(0);
    await shot(page, 'journals-empty-1280');
    await expectAccessible(page, 'journals-empty');
    await add.last().click();
    await page.waitForURL(/\/plugins\/bank-sync\/add$/);
    await page.context().close();
  });

  it('lists each journal with its balances, state, dates and warnings, fitting 1280 and 1920 px', async () => {
    // A slow bank (so a run lasts a few seconds) with two accounts, a bank whose consent ends soon
    // and whose last run failed, and a journal kept by hand.
    slow = await connectSandbox(app, {
      code: 'SLOW',
      scenario: {
        accounts: 2,
        transactions: 240,
        days: 40,
        endDate: '2026-04-15',
        pending: 1,
        pageSize: 20,
        latencyMs: 250,
        openingBalance: 9_500_000,
        consentDays: 170,
      },
    });
    failing = await connectSandbox(app, {
      code: 'FAIL',
      scenario: { accounts: 1, transactions: 30, days: 20, endDate: '2026-04-15', consentDays: 6, openingBalance: 120_000 },
    });
    await app.strapi.plugin('bank-sync').service('sync').runConnection(failing.connectionId, { trigger: 'schedule' });
    await setScenario(app, failing.connectionId, { failAtPage: 1, failClass: 'retry' });
    const failed = await app.strapi.plugin('bank-sync').service('sync').runConnection(failing.connectionId, { trigger: 'schedule' });
    expect(failed.status).toBe('failed');
    await app.strapi
      .plugin('bank-sync')
      .service('journals')
      .create({ name: 'Petty cash kept by hand with a long name that must wrap', code: 'CASH', currency: 'EUR' });

    const page = await open(ADMIN);
    await dashboard(page);
    await page.getByRole('heading', { name: 'Sandbox', exact: false }).first().waitFor();
    expect(await page.locator('article').count()).toBe(4);

    // Words and coloured badges, not enum values; a failed last attempt is not shown as a success.
    expect(await page.getByText('Connected', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Error', { exact: true }).count()).toBe(1);
    await page
      .getByText(/^Failed on /)
      .first()
      .waitFor();
    await page.getByText('The last synchronization failed.', { exact: false }).first().waitFor();
    await page
      .getByText(/The bank consent ends in 6 days/)
      .first()
      .waitFor();
    expect(await page.getByText('Monthly').count()).toBeGreaterThan(0);
    expect(await page.getByText('connected', { exact: true }).count()).toBe(0);
    expect(await page.getByText('month', { exact: true }).count()).toBe(0);
    // Money formatted for the locale with the currency.
    expect(await page.getByText(/€\d{2},\d{3}\.\d{2}/).count()).toBeGreaterThan(0);

    await expectNoSidewaysScroll(page);
    await shot(page, 'journals-dashboard-1280');
    await expectAccessible(page, 'journals-dashboard');
    await page.setViewportSize({ width: 1920, height: 1000 });
    await expectNoSidewaysScroll(page);
    await shot(page, 'journals-dashboard-1920');

    // A journal leads to its statements.
    await page.getByRole('link', { name: 'Petty cash kept by hand', exact: false }).first().click();
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/);
    await page.getByText('No statement yet').first().waitFor();
    await page.context().close();
  });

  it('Synchronize Now shows the run progress and ends with a result worded for the bank connection', async () => {
    const page = await open(ADMIN);
    await dashboard(page);
    const first = page.locator('article').filter({ hasText: 'SLOW' }).first();
    await first.getByRole('button', { name: /^Synchronize Now/ }).click();

    // Progress read from the database while the run goes: pages, received, new.
    const progress = first.getByRole('status').filter({ hasText: /Synchronizing Sandbox Bank Belgium \(By hand/ });
    await progress.waitFor({ timeout: 20_000 });
    await first.getByText(/[1-9]\d* pages? read/).waitFor({ timeout: 20_000 });
    // The other journal of the same connection shows the same run.
    const second = page.locator('article').filter({ hasText: 'SLOW' }).nth(1);
    await second.getByText(/Synchronizing Sandbox Bank Belgium \(By hand/).waitFor();
    await shot(page, 'journals-sync-progress-1280');
    await expectNoSidewaysScroll(page);

    // One notification for the connection (its bank), with the connection's totals.
    const done = page.getByText('Sandbox Bank Belgium: synchronized');
    await done.waitFor({ timeout: 60_000 });
    await page.getByText('478 new transactions imported.').waitFor();
    await page.getByText(/2 pending transactions are imported once the bank books them/).waitFor();
    await first.getByText(/Synchronizing/).waitFor({ state: 'detached' });
    await shot(page, 'journals-sync-result-1280');
    expect(await page.getByText('Sandbox Bank Belgium: synchronized').count()).toBe(1);
    await expectAccessible(page, 'journals-sync-result');
    await page.context().close();
  });

  it('shows a run started elsewhere (the scheduler) and notifies its end', async () => {
    const page = await open(ADMIN);
    await dashboard(page);
    await setScenario(app, slow.connectionId, { transactions: 300 });
    const run = app.strapi.plugin('bank-sync').service('sync').runConnection(slow.connectionId, { trigger: 'schedule' });
    const first = page.locator('article').filter({ hasText: 'SLOW' }).first();
    await first.getByText(/Synchronizing Sandbox Bank Belgium \(Scheduled/).waitFor({ timeout: 20_000 });
    await shot(page, 'journals-scheduled-progress-1280');
    await run;
    await page.getByText('Sandbox Bank Belgium: synchronized').waitFor({ timeout: 30_000 });
    await page.getByText('120 new transactions imported.').waitFor();
    await page.context().close();
  });

  it('Synchronize all runs every bank and tells each result', async () => {
    await setScenario(app, failing.connectionId, { failAtPage: undefined });
    const page = await open(ADMIN);
    await dashboard(page);
    await page.getByRole('button', { name: 'Synchronize all' }).click();
    await page.getByText('Sandbox Bank Belgium: synchronized').first().waitFor({ timeout: 60_000 });
    expect(await page.getByText('Sandbox Bank Belgium: synchronized').count()).toBe(2);
    await shot(page, 'journals-sync-all-1280');
    await page.context().close();
  });

  it('speaks French to a French admin', async () => {
    await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'fr' } });
    try {
      const page = await open(ADMIN, { fresh: true });
      await dashboard(page, 'Journaux de banque');
      await page
        .getByRole('button', { name: /^Synchroniser maintenant/ })
        .first()
        .waitFor();
      await page.getByRole('link', { name: 'Ajouter un compte bancaire' }).waitFor();
      expect(await page.getByText('Connectée', { exact: true }).count()).toBeGreaterThan(0);
      expect(await page.getByText('Mensuels').count()).toBeGreaterThan(0);
      expect(await page.getByText('Dernière synchronisation réussie').count()).toBeGreaterThan(0);
      // French money: "95 000,00 €" (narrow no-break spaces).
      expect(await page.getByText(/\d[\s\u202f\u00a0]\d{3},\d{2}[\s\u202f\u00a0]€/).count()).toBeGreaterThan(0);
      await expectNoSidewaysScroll(page);
      await shot(page, 'journals-dashboard-fr-1280');
      await expectAccessible(page, 'journals-dashboard-fr');
      await page.setViewportSize({ width: 1920, height: 1000 });
      await shot(page, 'journals-dashboard-fr-1920');
      await page.context().close();
    } finally {
      await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'en' } });
    }
  });

  it('shows a read-only admin no Synchronize nor Add button, and the API refuses the call with 403', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'Bank reader', description: 'reads bank journals' });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app.strapi.service('admin::user').create({ ...READER, roles: [role.id], isActive: true, registrationToken: null });

    const page = await open(READER);
    await dashboard(page);
    await page.locator('article').first().waitFor();
    expect(await page.getByRole('button', { name: /Synchronize/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Add a Bank Account' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Online Synchronization' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reconnect' }).count()).toBe(0);
    await shot(page, 'journals-readonly-1280');
    await expectAccessible(page, 'journals-readonly');
    await page.context().close();

    const login = await app.http().post('/admin/login').send(READER);
    const auth = `Bearer ${login.body.data.token}`;
    const sync = await app.http().post(`/bank-sync/journals/${slow.accounts[0].journalId}/sync`).set('Authorization', auth).send({});
    expect(sync.status).toBe(403);
    expect((await app.http().post('/bank-sync/sync-all').set('Authorization', auth).send({})).status).toBe(403);
  });
});
