/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { startPontoFake } from '../fakes/ponto-server';
import {
  browserDescribe,
  expectAccessible,
  expectNoSidewaysScroll,
  freePort,
  launchBrowser,
  openPage,
  screenshot,
  screenshotBothWidths,
} from '../helpers/browser';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Add a Bank Account in a real browser: the search across providers (Beta badge and its
 * tooltip), Connect, the provider's consent (the sandbox redirects straight back, the fake
 * Ponto's consent page answers at once), the callback's choices per account, Finish, the
 * first synchronization's progress, and the new journal's statements. Also the callback
 * opened without parameters or with a used link, a refused consent, French, and an admin
 * who may only read.
 */

const describeInBrowser = browserDescribe();

type Fake = Awaited<ReturnType<typeof startPontoFake>>;

let app: TestApp;
let fake: Fake;
let browser: Browser;
let baseUrl: string;
let auth: string;

const READER = { email: 'reader@example.com', password: 'Reader2026pass' };
const PLUGIN = () => `${baseUrl}/admin/plugins/bank-sync`;

async function api<T>(method: 'get' | 'post' | 'put', url: string, body?: object): Promise<{ status: number; body: T }> {
  const req = app.http()[method](url).set('Authorization', auth);
  const res = await (body ? req.send(body) : req);
  return { status: res.status, body: res.body as T };
}

async function lineTotal(journalId: number): Promise<number> {
  const res = await api<{ meta: { total: number } }>('get', `/bank-sync/journals/${journalId}/lines?page=1&pageSize=1`);
  return res.body.meta.total;
}

/** A logged-in page of its own; each admin logs in once (openPage keeps the session). */
const newPage = (credentials = ADMIN): Promise<Page> => openPage(browser, baseUrl, credentials);

/** Closes a page and its context. */
const close = (page: Page) => page.context().close();

/** The choice block of one account on the callback page. */
const accountSection = (page: Page, name: string) => page.getByRole('region', { name });

describeInBrowser('Add a Bank Account in a real browser', () => {
  beforeAll(async () => {
    fake = await startPontoFake({
      host: '127.0.0.1',
      port: 0,
      scenario: { accounts: 2, transactionsPerAccount: 30, pendingPerAccount: 1, days: 30 },
    });
    const port = await freePort();
    app = await startTestApp({
      env: {
        SERVE_ADMIN_PANEL: 'true',
        PORT: String(port),
        BANK_SYNC_CONFIG: JSON.stringify({
          providers: {
            // Slow enough (a page of 10 every 400 ms) for the progress to be seen.
            sandbox: { scenario: { accounts: 2, transactions: 30, days: 30, pending: 1, pageSize: 10, latencyMs: 400 } },
            ponto: {
              apiUrl: fake.apiUrl,
              authorizationUrl: fake.authorizationUrl,
              clientId: 'ponto-client-id',
              clientSecret: 'ponto-client-secret',
              synchronize: true,
              syncPollMs: 10,
            },
          },
        }),
      },
    });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${port}`;
    auth = `Bearer ${await app.adminToken()}`;
    // A journal without a bank account, to link a Ponto account to.
    await app.strapi
      .plugin('bank-sync')
      .service('journals')
      .create({ name: 'Main account (by hand)', code: 'MAIN', currency: 'EUR', timeZone: 'Europe/Brussels' });
    // An admin who may only read.
    const role = await app.strapi.service('admin::role').create({ name: 'Bank reader', description: 'bank-sync read only' });
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
    await fake?.close();
  });

  let usedCallback = '';

  it('adds a sandbox bank account: search, Beta tooltip, connect, choose, finish, progress, statements', async () => {
    const page = await newPage();
    await page.goto(`${PLUGIN()}/add`);
    await page.getByRole('heading', { name: 'Add a Bank Account', level: 1 }).waitFor();
    // Every enabled provider's banks, with the provider serving each.
    const nederland = page.getByRole('row', { name: /Sandbox Bank Nederland/ });
    await nederland.waitFor();
    await page.getByRole('row', { name: /KBC Brussels/ }).waitFor();
    expect(await nederland.getByText('Sandbox (generated test bank)', { exact: true }).count()).toBe(1);
    expect(await nederland.getByText('Netherlands', { exact: true }).count()).toBe(1);
    await page.getByText(/\d+ banks found/).waitFor();
    await screenshotBothWidths(page, 'add-bank-account');
    await expectAccessible(page, 'add-bank-account');

    // The country filter.
    await page.getByRole('combobox', { name: 'Country' }).click();
    await page.getByRole('option', { name: 'Belgium' }).click();
    await page.getByRole('row', { name: /Sandbox Bank Belgium/ }).waitFor();
    await page.getByRole('row', { name: /Sandbox Bank Nederland/ }).waitFor({ state: 'detached' });
    expect(await page.getByRole('row', { name: /Rabobank/ }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Country' }).click();
    await page.getByRole('option', { name: 'All countries' }).click();

    // The search; the Beta badge says what beta means, on hover and on keyboard focus.
    await page.getByRole('searchbox', { name: 'Search a bank' }).fill('nederland');
    await page.getByText('1 bank found').waitFor();
    const beta = nederland.getByRole('button', { name: /^Beta/ });
    await beta.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toMatch(/does not fully support this bank yet.*connecting helps/);
    await expectNoSidewaysScroll(page, 'add-bank-account-beta-tooltip');
    await screenshot(page, 'add-bank-account-beta-tooltip-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.mouse.move(0, 0);
    await beta.hover();
    await tooltip.waitFor();
    await screenshot(page, 'add-bank-account-beta-tooltip-1920');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.mouse.move(0, 0);
    // The keyboard reaches the badge, and its tooltip opens on focus.
    await beta.focus();
    await tooltip.waitFor();
    await page.keyboard.press('Escape');

    // Connect: the sandbox's consent "page" sends the admin straight back to the callback.
    await nederland.getByRole('button', { name: 'Connect Sandbox Bank Nederland' }).click();
    await page.waitForURL(/\/connect\/callback\?/);
    usedCallback = page.url();
    await page.getByRole('heading', { name: 'Sandbox Bank Nederland is connected' }).waitFor({ timeout: 30_000 });
    const first = accountSection(page, 'Sandbox account 1');
    const second = accountSection(page, 'Sandbox account 2');
    await first.waitFor();
    // Proposals: a journal per account, named from the bank and the account, with a free code.
    expect(await first.getByRole('textbox', { name: 'Journal name' }).inputValue()).toBe('Sandbox Bank Nederland — Account 1');
    expect(await first.getByRole('textbox', { name: 'Journal code' }).inputValue()).toBe('SAND1');
    expect(await second.getByRole('textbox', { name: 'Journal code' }).inputValue()).toBe('SAND2');
    await second.getByRole('radio', { name: 'Do not synchronize' }).click();
    await second.getByText('This account is not synchronized').waitFor();
    await screenshotBothWidths(page, 'callback-choose-accounts');
    await expectAccessible(page, 'callback-choose-accounts');

    // Finish: the choices are saved, the first synchronization runs with its progress.
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Fetching the transactions of Sandbox Bank Nederland…' }).waitFor();
    await page.getByText(/pages? read, \d+ transactions? fetched/).waitFor({ timeout: 30_000 });
    await screenshotBothWidths(page, 'callback-first-sync-progress');
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/, { timeout: 60_000 });
    await page.getByText(/Synchronized: 29 new transactions/).waitFor();
    const journalId = Number(/journals\/(\d+)$/.exec(page.url())?.[1]);
    await screenshotBothWidths(page, 'add-bank-account-done-statements');

    // The new journal has the 29 posted transactions (the 30th is still pending); the second account feeds nothing.
    expect(await lineTotal(journalId)).toBe(29);
    const journal = await api<{ data: { code: string; name: string; statementPeriodicity: string } }>(
      'get',
      `/bank-sync/journals/${journalId}`,
    );
    expect(journal.body.data).toMatchObject({ code: 'SAND1', name: 'Sandbox Bank Nederland — Account 1', statementPeriodicity: 'month' });
    const connections = await api<{ data: Array<{ id: number; institutionName: string }> }>('get', '/bank-sync/connections');
    const connection = connections.body.data.find((c) => c.institutionName === 'Sandbox Bank Nederland');
    const accounts = await api<{ data: Array<{ name: string; journalId: number | null }> }>(
      'get',
      `/bank-sync/connections/${connection?.id}/accounts`,
    );
    expect(accounts.body.data.map((a) => [a.name, a.journalId])).toEqual([
      ['Sandbox account 1', journalId],
      ['Sandbox account 2', null],
    ]);
    await close(page);
  });

  it('adds a Ponto bank account through its consent page: create one journal, link the other, a taken code shown beside the field', async () => {
    const page = await newPage();
    await page.goto(`${PLUGIN()}/add`);
    await page.getByRole('searchbox', { name: 'Search a bank' }).fill('KBC');
    const kbc = page.getByRole('row', { name: /KBC Brussels/ });
    await kbc.waitFor();
    expect(await kbc.getByText('Ponto', { exact: true }).count()).toBe(1);
    await kbc.getByRole('button', { name: 'Connect KBC Brussels' }).click();
    // The browser goes to the fake Ponto's consent page, which answers at once with the code.
    await page.waitForURL(/\/connect\/callback\?.*code=/, { timeout: 30_000 });
    await page.getByRole('heading', { name: 'KBC Brussels is connected' }).waitFor({ timeout: 30_000 });
    const first = accountSection(page, 'Ponto account 1');
    const second = accountSection(page, 'Ponto account 2');
    await first.waitFor();
    expect(await first.getByRole('textbox', { name: 'Journal code' }).inputValue()).toBe('KBC1');

    // A code another journal has: refused beside the field before anything is sent.
    await first.getByRole('textbox', { name: 'Journal code' }).fill('MAIN');
    await second.getByRole('radio', { name: 'Link an existing journal' }).click();
    await second.getByRole('combobox', { name: 'Journal' }).click();
    await page.getByRole('option', { name: 'Main account (by hand) (MAIN)' }).click();
    await page.getByRole('button', { name: 'Finish' }).click();
    await first.getByText('A journal already has this code: choose another one.').waitFor();
    await screenshotBothWidths(page, 'callback-code-taken');
    await expectAccessible(page, 'callback-code-taken');
    await first.getByRole('textbox', { name: 'Journal code' }).fill('KBC-EUR');
    // Auto-sync off, every 6 hours.
    await page.getByRole('combobox', { name: 'Synchronize' }).click();
    await page.getByRole('option', { name: 'every 6 hours' }).click();
    await page.getByRole('checkbox', { name: 'Automatic synchronization' }).click();

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.waitForURL(/\/plugins\/bank-sync\/journals\/\d+$/, { timeout: 60_000 });
    const journalId = Number(/journals\/(\d+)$/.exec(page.url())?.[1]);
    const journal = await api<{ data: { code: string } }>('get', `/bank-sync/journals/${journalId}`);
    expect(journal.body.data.code).toBe('KBC-EUR');
    expect(await lineTotal(journalId)).toBe(30);
    const journals = await api<{ data: Array<{ id: number; code: string }> }>('get', '/bank-sync/journals');
    const main = journals.body.data.find((j) => j.code === 'MAIN');
    expect(await lineTotal(main!.id)).toBe(30);
    const connections = await api<{ data: Array<{ institutionName: string; autoSync: boolean; frequencyMinutes: number }> }>(
      'get',
      '/bank-sync/connections',
    );
    expect(connections.body.data.find((c) => c.institutionName === 'KBC Brussels')).toMatchObject({
      autoSync: false,
      frequencyMinutes: 360,
    });
    await close(page);
  });

  it('explains the callback page opened without parameters or with a used link, and leads back', async () => {
    const page = await newPage();
    await page.goto(`${PLUGIN()}/connect/callback`);
    await page.getByRole('heading', { name: 'Nothing to complete here' }).waitFor();
    await screenshotBothWidths(page, 'callback-without-parameters');
    await expectAccessible(page, 'callback-without-parameters');
    await page.getByRole('link', { name: 'Add a Bank Account' }).click();
    await page.getByRole('heading', { name: 'Add a Bank Account', level: 1 }).waitFor();

    // The first test's link again: already used.
    await page.goto(usedCallback);
    await page.getByRole('heading', { name: 'This connection link can no longer be used' }).waitFor();
    expect(await page.getByRole('button', { name: 'Remove the unfinished connection' }).count()).toBe(0);
    await screenshotBothWidths(page, 'callback-used-link');
    await expectAccessible(page, 'callback-used-link');
    await close(page);
  });

  it('words a refused consent with its reference, and removes the unfinished connection it left', async () => {
    fake.setScenario({ denyConsent: true });
    const page = await newPage();
    try {
      await page.goto(`${PLUGIN()}/add`);
      await page.getByRole('searchbox', { name: 'Search a bank' }).fill('Belfius');
      await page.getByRole('button', { name: 'Connect Belfius' }).click();
      await page.getByRole('heading', { name: 'Belfius could not be connected' }).waitFor({ timeout: 30_000 });
      await page.getByText(/The consent was refused on the bank's page/).waitFor();
      await page.getByText(/^Reference BKS-/).waitFor();
      await page.getByRole('button', { name: /^Copy reference BKS-/ }).waitFor();
      await screenshotBothWidths(page, 'callback-consent-refused');
      await expectAccessible(page, 'callback-consent-refused');

      await page.getByRole('button', { name: 'Remove the unfinished connection' }).click();
      await page.getByRole('heading', { name: 'Add a Bank Account', level: 1 }).waitFor();
      await page.getByText('The unfinished connection was removed.').waitFor();
      const connections = await api<{ data: Array<{ institutionName: string }> }>('get', '/bank-sync/connections');
      expect(connections.body.data.some((c) => c.institutionName === 'Belfius')).toBe(false);
    } finally {
      fake.setScenario({ denyConsent: false });
      await close(page);
    }
  });

  it('speaks French to a French admin', async () => {
    await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'fr' } });
    const page = await newPage();
    try {
      await page.goto(`${PLUGIN()}/add`);
      await page.getByRole('heading', { name: 'Ajouter un compte bancaire', level: 1 }).waitFor();
      await page.getByRole('row', { name: /Sandbox Bank Nederland/ }).waitFor();
      await page
        .getByRole('row', { name: /Pays-Bas/ })
        .first()
        .waitFor();
      await page.getByRole('searchbox', { name: 'Rechercher une banque' }).fill('nederland');
      await page.getByText('1 banque trouvée').waitFor();
      await page.getByRole('button', { name: /^Bêta/ }).hover();
      await page
        .getByRole('tooltip')
        .getByText(/ne prend pas encore entièrement en charge cette banque/)
        .waitFor();
      await screenshotBothWidths(page, 'add-bank-account-fr');
      await expectAccessible(page, 'add-bank-account-fr');
      await page.mouse.move(0, 0);

      await page.goto(`${PLUGIN()}/connect/callback`);
      await page.getByRole('heading', { name: 'Rien à finaliser ici' }).waitFor();
      await screenshotBothWidths(page, 'callback-without-parameters-fr');
    } finally {
      await app.strapi.db.query('admin::user').update({ where: { email: ADMIN.email }, data: { preferedLanguage: null } });
      await close(page);
    }
  });

  it('shows an admin who may only read no way to add a bank account, and the API refuses it', async () => {
    const page = await newPage(READER);
    await page.goto(`${PLUGIN()}/add`);
    await page.getByText(/don't have the permissions|do not have the permissions/i).waitFor();
    expect(await page.getByRole('button', { name: /^Connect/ }).count()).toBe(0);
    await screenshotBothWidths(page, 'add-bank-account-read-only');
    await page.goto(`${PLUGIN()}/connect/callback`);
    await page.getByText(/don't have the permissions|do not have the permissions/i).waitFor();
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: /Remove|Finish|Connect/ })
        .count(),
    ).toBe(0);
    const login = await app.http().post('/admin/login').send(READER);
    const res = await app
      .http()
      .post('/bank-sync/connect')
      .set('Authorization', `Bearer ${login.body.data.token}`)
      .send({ providerId: 'sandbox', institutionId: 'sandbox-be' });
    expect(res.status).toBe(403);
    await close(page);
  });
});
