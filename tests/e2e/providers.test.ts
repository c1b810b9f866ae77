/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { startPlaidFake } from '../fakes/plaid-server';
import { startSaltEdgeFake } from '../fakes/saltedge-server';
import { startYodleeFake } from '../fakes/yodlee-server';
import { browserDescribe, expectAccessible, freePort, launchBrowser, openPage, screenshotBothWidths } from '../helpers/browser';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Plaid, Salt Edge and Yodlee added through Add a Bank Account in a real browser: search the
 * bank, Connect, the browser goes through the provider's fake consent page (Plaid's Hosted Link,
 * Salt Edge's connect page, Yodlee's FastLink) and back to the callback, a new journal for each
 * account, Finish, the first journal's page, and the lines imported.
 */

const describeInBrowser = browserDescribe();

interface ProviderCase {
  provider: 'plaid' | 'saltedge' | 'yodlee';
  /** As the admin names it on Add a Bank Account. */
  label: string;
  bank: string;
  /** The fake's consent page, as the browser asks for it. */
  consentPage: RegExp;
  /** Each account the consent shares, and the posted transactions its fake holds (pending ones are not imported). */
  accounts: Array<[name: string, lines: number]>;
}

const CASES: ProviderCase[] = [
  {
    provider: 'plaid',
    label: 'Plaid',
    bank: 'First Platypus Bank',
    consentPage: /\/hosted-link\/[^/?]+$/,
    accounts: [
      ['Plaid Checking', 30],
      ['Plaid Saving 1', 30],
    ],
  },
  {
    provider: 'saltedge',
    label: 'Salt Edge',
    bank: 'Fake Bank Simple',
    consentPage: /\/connect\/[^/?]+$/,
    accounts: [
      ['Business account 1', 30],
      ['Business account 2', 30],
    ],
  },
  {
    provider: 'yodlee',
    label: 'Yodlee',
    bank: 'Dag Site',
    // The plugin's default puts FastLink's parameters in the fragment: the fake's page reads them in the browser.
    consentPage: /\/fastlink\?accessToken=/,
    accounts: [
      ['Business Checking', 40],
      ['Business Card', 40],
    ],
  },
];

const SCENARIO = { accounts: 2, transactionsPerAccount: 30, pendingPerAccount: 1, days: 30 };

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let auth: string;
const fakes: Array<{ close(): Promise<void> }> = [];

async function get<T>(url: string): Promise<T> {
  const res = await app.http().get(url).set('Authorization', auth);
  expect(res.status).toBe(200);
  return (res.body as { data: T }).data;
}

async function lineTotal(journalId: number): Promise<number> {
  const res = await app.http().get(`/bank-sync/journals/${journalId}/lines?page=1&pageSize=1`).set('Authorization', auth);
  return (res.body as { meta: { total: number } }).meta.total;
}

describeInBrowser('Add a Plaid, Salt Edge or Yodlee bank account in a real browser', () => {
  beforeAll(async () => {
    const plaid = await startPlaidFake({ host: '127.0.0.1', port: 0, scenario: SCENARIO });
    const saltedge = await startSaltEdgeFake({ host: '127.0.0.1', port: 0, scenario: SCENARIO });
    const yodlee = await startYodleeFake({ host: '127.0.0.1', port: 0 });
    fakes.push(plaid, saltedge, yodlee);
    const port = await freePort();
    app = await startTestApp({
      env: {
        SERVE_ADMIN_PANEL: 'true',
        PORT: String(port),
        BANK_SYNC_CONFIG: JSON.stringify({
          providers: {
            plaid: { apiUrl: plaid.apiUrl, clientId: 'plaid-client-id', clientSecret: 'plaid-secret', countryCodes: ['US'] },
            saltedge: {
              apiUrl: saltedge.apiUrl,
              clientId: 'saltedge-app-id',
              clientSecret: 'saltedge-secret',
              includeFakeProviders: true,
            },
            yodlee: {
              apiUrl: yodlee.apiUrl,
              fastlinkUrl: yodlee.fastlinkUrl,
              clientId: 'yodlee-client-id',
              clientSecret: 'yodlee-client-secret',
              adminLoginName: 'yodlee-admin',
            },
          },
        }),
      },
    });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${port}`;
    auth = `Bearer ${await app.adminToken()}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await Promise.all(fakes.map((fake) => fake.close()));
  });

  it.each(CASES)('adds a $label bank account through its consent page', async ({ provider, label, bank, consentPage, accounts }) => {
    const page: Page = await openPage(browser, baseUrl, ADMIN);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/add`);
    await page.getByRole('searchbox', { name: 'Search a bank' }).fill(bank);
    const row = page.getByRole('row', { name: new RegExp(bank) });
    await row.waitFor();
    expect(await row.getByText(label, { exact: true }).count()).toBe(1);

    // Connect: the browser goes to the fake's consent page, which sends it back to the callback.
    const consent = page.waitForRequest((req) => req.isNavigationRequest() && consentPage.test(req.url()));
    await row.getByRole('button', { name: `Connect ${bank}` }).click();
    await consent;
    await page.waitForURL(/\/connect\/callback\?/, { timeout: 30_000 });
    await page.getByRole('heading', { name: `${bank} is connected` }).waitFor({ timeout: 30_000 });

    // A new journal for each account.
    for (const [name] of accounts) {
      const section = page.getByRole('region', { name });
      await section.getByRole('radio', { name: 'Create a new journal' }).check();
      expect(await section.getByRole('textbox', { name: 'Journal name' }).inputValue()).toContain(bank);
    }
    await screenshotBothWidths(page, `callback-choose-accounts-${provider}`);
    await expectAccessible(page, `callback-choose-accounts-${provider}`);

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/, { timeout: 60_000 });
    const landed = Number(/journals\/(\d+)$/.exec(page.url())?.[1]);

    // Each account feeds its new journal, the first one shown; the lines are there.
    const connections = await get<Array<{ id: number; providerId: string; institutionName: string }>>('/bank-sync/connections');
    const connection = connections.find((c) => c.providerId === provider && c.institutionName === bank);
    expect(connection).toBeDefined();
    const linked = await get<Array<{ name: string; journalId: number | null }>>(`/bank-sync/connections/${connection?.id}/accounts`);
    expect(linked.map((a) => a.name)).toEqual(accounts.map(([name]) => name));
    expect(linked[0]?.journalId).toBe(landed);
    for (const [i, [, lines]] of accounts.entries()) expect(await lineTotal(linked[i]?.journalId as number)).toBe(lines);
    await page.context().close();
  });
});
