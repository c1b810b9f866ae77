/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { browserDescribe, expectAccessible, launchBrowser, openPage, screenshotBothWidths } from '../helpers/browser';
import { connectSandbox, lines, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Find missing transactions in a real browser: from the journal's page, a period, the diff
 * with its status badges, two new transactions selected and imported; a read-only admin
 * sees no action.
 */
const describeInBrowser = browserDescribe();

const READER = { email: 'finder-reader@example.com', password: 'Reader2026pass' };
// One transaction a day from March 17 to April 15; the newest 2 pending; one without an amount.
const SCENARIO = { accounts: 1, transactions: 30, days: 30, endDate: '2026-04-15', pending: 2, invalidEvery: 25, openingBalance: 100_000 };

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let bank: SandboxSetup;

const journalId = () => bank.accounts[0]!.journalId;
const open = (who: { email: string; password: string }): Promise<Page> => openPage(browser, baseUrl, who);

async function journalPage(page: Page) {
  await page.goto(`${baseUrl}/admin/plugins/bank-sync/journals/${journalId()}`);
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
  await page.getByText('Opening balance').waitFor({ timeout: 30_000 });
}

describeInBrowser('Find missing transactions in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    bank = await connectSandbox(app, { scenario: SCENARIO, code: 'MISS', firstFetchDate: '2026-04-01' });
    await app.strapi.plugin('bank-sync').service('sync').runConnection(bank.connectionId);
    const role = await app.strapi.service('admin::role').create({ name: 'Finder reader', description: 'bank-sync read only' });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app.strapi
      .service('admin::user')
      .create({ ...READER, firstname: 'Read', lastname: 'Only', roles: [role.id], isActive: true, registrationToken: null });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists what an import would do for a period, imports the two transactions selected, and nothing more', async () => {
    const before = (await lines(app, { journal_id: journalId() })).length;
    const page = await open(ADMIN);
    await journalPage(page);
    await screenshotBothWidths(page, 'finder-journal-page');
    await page.getByRole('link', { name: 'Find missing transactions' }).click();
    await page.getByRole('heading', { name: 'Find missing transactions', level: 1 }).waitFor();
    await page.getByText('Choose a period and look at the bank').waitFor();
    await screenshotBothWidths(page, 'finder-start');

    await page.getByLabel('From').fill('2026-03-01');
    await page.getByLabel('To').fill('2026-04-15');
    await page.getByRole('button', { name: 'Look at the bank' }).click();
    await page.getByText('30 transactions in this period:').waitFor({ timeout: 30_000 });
    const table = page.locator('table');
    for (const words of ['New', 'Already imported', 'Pending', 'Invalid']) {
      expect(await table.getByText(words, { exact: true }).count()).toBeGreaterThan(0);
    }
    await table
      .getByText(/Not posted by the bank yet/)
      .first()
      .waitFor();
    await table.getByText(/Cannot be imported: .*amount/i).waitFor();
    await table.getByText('Bank reference sbx-1-1-24').waitFor(); // the record without an amount, by its id
    await table
      .getByText(/In the journal \(line #\d+\)/)
      .first()
      .waitFor();
    // Looking wrote nothing.
    expect((await lines(app, { journal_id: journalId() })).length).toBe(before);
    const boxes = page.getByRole('checkbox', { name: /Select the transaction of/ });
    const selectable = await boxes.count();
    expect(selectable).toBeGreaterThan(5);
    expect(await page.getByRole('button', { name: 'Import selected (0)' }).isDisabled()).toBe(true);
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await screenshotBothWidths(page, 'finder-diff');
    await expectAccessible(page, 'finder-diff');

    await page.getByRole('button', { name: 'Import selected (2)' }).click();
    await page.getByText("2 transactions imported into the journal's statements.").waitFor({ timeout: 30_000 });
    expect((await lines(app, { journal_id: journalId() })).length).toBe(before + 2);
    // The diff again: two fewer to select.
    await page.getByRole('button', { name: 'Import selected (0)' }).waitFor();
    expect(await boxes.count()).toBe(selectable - 2);
    await screenshotBothWidths(page, 'finder-after-import');
    await page.context().close();
  });

  it('shows the look at the bank in words in the run log', async () => {
    expect(
      (
        await app
          .http()
          .put('/bank-sync/settings')
          .set('Authorization', `Bearer ${await app.adminToken()}`)
          .send({ developerMode: true })
      ).status,
    ).toBe(200);
    const page = await open(ADMIN);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/connections/${bank.connectionId}`);
    await page.getByRole('heading', { name: 'Run log' }).waitFor({ timeout: 30_000 });
    await page
      .getByText(/Find missing transactions \(nothing imported\)/)
      .first()
      .waitFor();
    await screenshotBothWidths(page, 'finder-run-log');
    await page.context().close();
  });

  it('offers no action to an admin who may only read', async () => {
    const page = await open(READER);
    await journalPage(page);
    expect(await page.getByRole('link', { name: 'Find missing transactions' }).count()).toBe(0);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/journals/${journalId()}/find-missing`);
    await page.getByText(/needs the “Synchronize now” permission/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Look at the bank' }).count()).toBe(0);
    await page.context().close();
  });
});
