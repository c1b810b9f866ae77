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
import { connectSandbox, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let setup: SandboxSetup;
let statements: Array<{ id: number; name: string; lineCount: number; periodStart: string }>;

const open = (options: { fresh?: boolean } = {}): Promise<Page> => openPage(browser, baseUrl, ADMIN, options);

const range = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /lines|Lignes/i })
    .first();

describeInBrowser('statements and lines in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    setup = await connectSandbox(app, {
      code: 'ST',
      scenario: { accounts: 1, transactions: 400, days: 70, endDate: '2026-04-15', pending: 0, openingBalance: 9_500_000 },
    });
    const run = await app.strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('success');
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const res = await app
      .http()
      .get(`/bank-sync/journals/${setup.accounts[0].journalId}/statements`)
      .set('Authorization', `Bearer ${await app.adminToken()}`);
    statements = res.body.data;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("lists a journal's statements, newest first, with period, balances and line count", async () => {
    expect(statements.length).toBe(3);
    const page = await open();
    await page.goto(`${baseUrl}/admin/plugins/bank-sync`);
    await page.getByRole('link', { name: 'Sandbox', exact: false }).first().click();
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Sandbox' }).waitFor();

    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    // Newest first, as the server gives them; periods as calendar days; money with the currency.
    await expect(rows.first().innerText()).resolves.toContain(statements[0].name);
    await expect(rows.first().innerText()).resolves.toMatch(/Apr 1, 2026 – Apr 30, 2026/);
    await expect(rows.last().innerText()).resolves.toMatch(/€\d{2},\d{3}\.\d{2}/);
    await expectNoSidewaysScroll(page);
    await shot(page, 'statements-1280');
    await expectAccessible(page, 'statements');
    await page.setViewportSize({ width: 1920, height: 900 });
    await shot(page, 'statements-1920');
    await page.context().close();
  });

  it("pages, sorts and searches a statement's lines on the server", async () => {
    const march = statements.find((s) => s.periodStart.startsWith('2026-03'));
    expect(march).toBeDefined();
    const page = await open();
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/journals/${setup.accounts[0].journalId}`);
    await page.getByRole('link', { name: march!.name }).click();
    await page.waitForURL(new RegExp(`/statements/${march!.id}`));
    await page.getByRole('heading', { level: 1, name: march!.name }).waitFor();

    // First page of 50, the total from the statement's count.
    await range(page)
      .filter({ hasText: `Lines 1–50 of ${march!.lineCount}` })
      .waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await expectNoSidewaysScroll(page);
    await shot(page, 'lines-1280');
    await expectAccessible(page, 'lines');
    await page.setViewportSize({ width: 1920, height: 900 });
    await shot(page, 'lines-1920');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Page 2 through Strapi's Pagination (a link, so the page is in the URL).
    await page.getByRole('link', { name: 'Go to page 2' }).click();
    await range(page)
      .filter({ hasText: `Lines 51–100 of ${march!.lineCount}` })
      .waitFor();
    expect(page.url()).toContain('page=2');

    // Sort by amount, highest first: the first line is the largest money in.
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Amount, highest first' }).click();
    await range(page)
      .filter({ hasText: `Lines 1–50 of ${march!.lineCount}` })
      .waitFor();
    expect(page.url()).toContain('sort=amount:desc');
    const token = await app.adminToken();
    const top = await app
      .http()
      .get(`/bank-sync/statements/${march!.id}/lines?sort=amount:desc&pageSize=1`)
      .set('Authorization', `Bearer ${token}`);
    const firstRow = page.locator('tbody tr').first();
    await expect(firstRow.innerText()).resolves.toContain(top.body.data[0].label);
    const [moneyIn, moneyOut] = [await firstRow.locator('td').nth(3).innerText(), await firstRow.locator('td').nth(4).innerText()];
    expect(moneyIn).toMatch(/^€[\d,]+\.\d{2}$/);
    expect(moneyOut.trim()).toBe('');
    await shot(page, 'lines-sorted-amount-1280');

    // Search: no count, so the range says whether there is more.
    await page.getByRole('searchbox', { name: 'Search the lines' }).fill('Sandbox payment 1');
    await range(page)
      .filter({ hasText: /Matching lines 1–\d+/ })
      .waitFor({ timeout: 10_000 });
    expect(page.url()).toContain('search=Sandbox%20payment%201');
    const labels = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toContain('Sandbox payment 1');
    const found = await app
      .http()
      .get(`/bank-sync/statements/${march!.id}/lines?search=Sandbox%20payment%201&pageSize=50&sort=amount:desc`)
      .set('Authorization', `Bearer ${token}`);
    expect(labels.length).toBe(found.body.data.length);
    if (found.body.meta.hasMore) await range(page).filter({ hasText: 'more on the next page' }).waitFor();
    await shot(page, 'lines-search-1280');
    await expectAccessible(page, 'lines-search');

    // Nothing found: said plainly.
    await page.getByRole('searchbox', { name: 'Search the lines' }).fill('no such payment');
    await page.getByText('No line matches “no such payment”.').waitFor({ timeout: 10_000 });
    await shot(page, 'lines-search-empty-1280');

    // Back links: to the journal, then to the dashboard.
    await page
      .getByRole('link', { name: /^Sandbox/ })
      .first()
      .click();
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/);
    await page.getByRole('link', { name: 'Bank journals' }).click();
    await page.getByRole('heading', { name: 'Bank journals', level: 1 }).waitFor();
    await page.context().close();
  });

  it('shows lines in French with French money and dates', async () => {
    await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'fr' } });
    try {
      const page = await open({ fresh: true });
      await page.goto(`${baseUrl}/admin/plugins/bank-sync/statements/${statements[0].id}`);
      // The design system's header cells are grid cells: found by their text in the table's head.
      await page.locator('thead').getByText('Entrées', { exact: true }).waitFor({ timeout: 30_000 });
      await page.locator('thead').getByText('Sorties', { exact: true }).waitFor();
      await range(page)
        .filter({ hasText: /Lignes 1 à \d+ sur \d+/ })
        .waitFor();
      await expect(page.locator('tbody tr').first().innerText()).resolves.toMatch(/\d+ avr\. 2026/);
      await expect(page.locator('main').innerText()).resolves.toMatch(/\d[\s\u202f\u00a0]\d{3},\d{2}[\s\u202f\u00a0]€/);
      await shot(page, 'lines-fr-1280');
      await expectAccessible(page, 'lines-fr');
      await page.context().close();
    } finally {
      await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'en' } });
    }
  });
});
