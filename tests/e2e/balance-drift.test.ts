/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { browserDescribe, expectAccessible, launchBrowser, openPage, screenshotBothWidths } from '../helpers/browser';
import { connectSandbox, setScenario, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();
const READER = { email: 'drift-reader@example.com', password: 'Reader2026pass', firstname: 'Reader' };
const DAY = 86_400_000;

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let drifting: SandboxSetup;
let quiet: SandboxSetup;

const open = (who: { email: string; password: string } = ADMIN): Promise<Page> => openPage(browser, baseUrl, who);
const sync = (connectionId: number) => app.strapi.plugin('bank-sync').service('sync').runConnection(connectionId, { trigger: 'manual' });
const settingsView = async () =>
  (
    await app
      .http()
      .get('/bank-sync/settings')
      .set('Authorization', `Bearer ${await app.adminToken()}`)
  ).body.data;

async function dashboard(page: Page) {
  await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
  await page.getByRole('heading', { name: 'Bank journals', level: 1 }).waitFor({ timeout: 30_000 });
  await page.locator('article').first().waitFor();
}

/** The drifting journal's card. */
const driftCard = (page: Page) => page.locator('article', { has: page.getByRole('heading', { name: 'Current account' }) });

describeInBrowser('balance drift and stale feeds in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();

    // A bank that reports 34.56 EUR more than its transactions after the first run...
    drifting = await connectSandbox(app, {
      code: 'CUR',
      scenario: { accounts: 1, transactions: 30, days: 30, endDate: '2026-04-15', pending: 0, openingBalance: 2_500_000 },
    });
    await app.strapi.db
      .query('plugin::bank-sync.journal')
      .update({ where: { id: drifting.accounts[0]!.journalId }, data: { name: 'Current account' } });
    expect((await sync(drifting.connectionId)).status).toBe('success');
    await setScenario(app, drifting.connectionId, { balanceOffset: 3456 });
    expect((await sync(drifting.connectionId)).status).toBe('success');
    // ...and a bank whose last success is three weeks old.
    quiet = await connectSandbox(app, {
      code: 'SAV',
      scenario: { accounts: 1, transactions: 5, days: 5, endDate: '2026-04-15', pending: 0 },
    });
    await sync(quiet.connectionId);
    await app.strapi.db.query('plugin::bank-sync.online-connection').update({
      where: { id: quiet.connectionId },
      data: { lastSuccessAt: new Date(Date.now() - 21 * DAY), lastSyncAt: new Date(Date.now() - 21 * DAY) },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says on the journal card and the journal page what the bank says, where the statements end and since when', async () => {
    const page = await open();
    await dashboard(page);
    const card = driftCard(page);
    const drift = card.getByText(
      /^The bank says -?€\d[\d,]*\.\d{2}; the statements end at -?€\d[\d,]*\.\d{2} \(€34\.56 missing since the run of \w+ \d+, 2026\)\.$/,
    );
    await drift.waitFor();
    await card.getByText('Balance differs', { exact: true }).waitFor();
    await card.getByText(/The bank gives only its current balance/).waitFor();
    await card.getByText(/The bank and the statements last agreed on/).waitFor();
    // The engine's drift replaces the card's own difference line (said once).
    expect(await card.getByText(/The bank's balance is .* higher than the last statement's/).count()).toBe(0);
    // The quiet bank.
    const quietCard = page.locator('article').filter({ hasText: /No successful synchronization for 1[4-6] business days \(the last on / });
    expect(await quietCard.count()).toBe(1);
    await quietCard.getByText('No recent data', { exact: true }).waitFor();
    await screenshotBothWidths(page, 'drift-dashboard');
    await expectAccessible(page, 'drift-dashboard');

    await card.getByRole('link', { name: 'Current account' }).click();
    await page.getByRole('heading', { name: 'Current account', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByText(/\(€34\.56 missing since the run of/).waitFor();
    await page.getByText('Balance differs', { exact: true }).waitFor();
    await screenshotBothWidths(page, 'drift-journal');
    await expectAccessible(page, 'drift-journal');
    await page.context().close();
  });

  it('chooses in Settings that a drift fails the run, and the card then says the synchronization failed because of it', async () => {
    const page = await open();
    await page.goto(`${baseUrl}/admin/settings/bank-sync`);
    await page.getByRole('heading', { name: 'Bank Sync settings', level: 1 }).waitFor({ timeout: 30_000 });
    const mode = page.getByRole('combobox', { name: "When the bank's balance differs from the statements" });
    expect(await mode.textContent()).toContain('Warn on the journal');
    await mode.click();
    await page.getByRole('option', { name: 'Warn, and mark the synchronization failed' }).click();
    const days = page.getByRole('textbox', { name: 'Warn of a quiet bank feed after (business days)' });
    expect(await days.inputValue()).toBe('5');
    await days.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a whole number of days from 1 to 60.').waitFor();
    await days.fill('4');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect((await settingsView()).sync).toMatchObject({ balanceDrift: 'fail', staleBusinessDays: 4 });
    await screenshotBothWidths(page, 'drift-settings');

    try {
      const run = await sync(drifting.connectionId);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('balance_drift');
      await dashboard(page);
      const card = driftCard(page);
      await card
        .getByText(
          `While the balances differ, synchronizations are marked failed (Settings → Bank Sync). Reference ${run.error?.reference}`,
        )
        .waitFor();
      // Not worded as the bank refusing a request.
      expect(await card.getByText(/The bank refused the request/).count()).toBe(0);
      await page
        .locator('article')
        .filter({ hasText: /No successful synchronization for 1[4-6] business days/ })
        .first()
        .waitFor();
      await screenshotBothWidths(page, 'drift-failed');
    } finally {
      await app.strapi.plugin('bank-sync').service('settings').update({ balanceDrift: 'warn', staleBusinessDays: 5 });
    }
    await page.context().close();
  });

  it('speaks French to a French admin', async () => {
    await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'fr' } });
    try {
      const page = await openPage(browser, baseUrl, ADMIN, { fresh: true });
      await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
      await page.getByRole('heading', { name: 'Journaux de banque', level: 1 }).waitFor({ timeout: 30_000 });
      await page
        .getByText(/^La banque indique .* ; les relevés se terminent à .* \(34,56\s€ manquent depuis la synchronisation du /)
        .waitFor();
      await page.getByText('Solde différent', { exact: true }).waitFor();
      await page.getByText('Pas de données récentes', { exact: true }).waitFor();
      await screenshotBothWidths(page, 'drift-dashboard-fr');
      await expectAccessible(page, 'drift-dashboard-fr');
      await page.context().close();
    } finally {
      await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'en' } });
    }
  });

  it('shows a read-only admin the drift and the stale feed, with no button to act', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'Drift reader', description: 'reads bank journals' });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app.strapi.service('admin::user').create({ ...READER, roles: [role.id], isActive: true, registrationToken: null });
    const page = await open(READER);
    await dashboard(page);
    await driftCard(page)
      .getByText(/€34\.56 missing since the run of/)
      .waitFor();
    expect(await page.getByRole('button', { name: /Synchronize|Reconnect/ }).count()).toBe(0);
    await screenshotBothWidths(page, 'drift-readonly');
    await page.context().close();
    const login = await app.http().post('/admin/login').send(READER);
    const refused = await app
      .http()
      .put('/bank-sync/settings')
      .set('Authorization', `Bearer ${login.body.data.token}`)
      .send({ balanceDrift: 'fail' });
    expect(refused.status).toBe(403);
  });
});
