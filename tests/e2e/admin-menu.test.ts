import type { Browser } from 'playwright-core';
import { browserDescribe, launchBrowser } from '../helpers/browser';
import { connectSandbox } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe('menu');

let app: TestApp;
let browser: Browser;
let baseUrl: string;

describeInBrowser('admin in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    await app.strapi.plugin('bank-sync').service('journals').create({ name: 'Main account', code: 'BNK1', currency: 'EUR' });
    await connectSandbox(app, { scenario: { accounts: 1, transactions: 25, days: 20, endDate: '2026-04-15', pending: 1 }, code: 'E2E' });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows Bank Sync in the menu and lists the journals', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/admin/auth/login`);
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();

    const menuLink = page.getByRole('link', { name: 'Bank Sync' });
    await menuLink.waitFor({ timeout: 60_000 });
    await menuLink.click();

    await page.getByRole('heading', { name: 'Bank journals', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Main account' }).waitFor();
    expect(await page.getByText(/Code BNK1/).count()).toBe(1);
    expect(page.url()).toContain('/admin/plugins/bank-sync');

    // Synchronize Now on the sandbox journal: one notification, worded for its bank connection.
    await page
      .getByRole('button', { name: /^Synchronize Now/ })
      .first()
      .click();
    await page.getByText('Sandbox Bank Belgium: synchronized').waitFor({ timeout: 30_000 });
    await page.getByText('24 new transactions imported. 1 pending transaction is imported once the bank books it.').waitFor();
    expect(await page.getByText('Connected', { exact: true }).count()).toBeGreaterThan(0);
  });
});
