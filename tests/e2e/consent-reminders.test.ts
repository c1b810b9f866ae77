import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserDescribe, expectAccessible, launchBrowser, openPage, screenshotBothWidths } from '../helpers/browser';
import { connectSandbox } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();
const DAY = 86_400_000;
const mailFile = path.join(os.tmpdir(), `bank-sync-e2e-mails-${process.pid}-${Date.now()}.jsonl`);
const EMAILS = ['compta@example.com', 'direction.financiere@example.com'];

let app: TestApp;
let browser: Browser;
let baseUrl: string;

async function api(method: 'get' | 'post' | 'put', url: string, body?: object) {
  const req = app
    .http()
    [method](url)
    .set('Authorization', `Bearer ${await app.adminToken()}`);
  return body ? req.send(body) : req;
}

const open = (): Promise<Page> => openPage(browser, baseUrl, ADMIN);

describeInBrowser('Consent reminders and events in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        SERVE_ADMIN_PANEL: 'true',
        BANK_SYNC_TEST_MAIL_FILE: mailFile,
        BANK_SYNC_CONFIG: JSON.stringify({ reminders: { emails: EMAILS } }),
      },
    });
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(mailFile, { force: true });
  });

  it('shows the reminder addresses and days, and the events, in Settings', async () => {
    const page = await open();
    await page.goto(`${baseUrl}/admin/settings/bank-sync`);
    await page.getByRole('heading', { name: 'Bank Sync settings', level: 1 }).waitFor({ timeout: 30_000 });
    const reminders = page.getByRole('region', { name: 'Consent reminders' });
    await reminders.waitFor();
    for (const email of EMAILS) await reminders.getByText(email).waitFor();
    await reminders.scrollIntoViewIfNeeded();
    await screenshotBothWidths(page, 'settings-reminders');
    await reminders.getByText(/^15, 3,? and 1 days before the consent ends$/).waitFor();
    await reminders.getByText('E-mails on').waitFor();
    const events = page.getByRole('region', { name: 'Events for developers' });
    for (const name of ['bank-sync.lines.imported', 'bank-sync.run.finished', 'bank-sync.connection.error', 'bank-sync.consent.expiring']) {
      await events.getByText(name, { exact: true }).waitFor();
    }
    expect(await events.getByText('Available', { exact: true }).count()).toBe(4);
    await expectAccessible(page, 'settings-reminders');
    await page.context().close();
  });

  it("lists on the connection page the reminders sent, with the consent's end", async () => {
    expect((await api('put', '/bank-sync/settings', { developerMode: true })).status).toBe(200);
    const s = await connectSandbox(app, { scenario: { accounts: 1, transactions: 3 }, code: 'RMD', autoSync: false });
    const end = new Date(Date.now() + 2 * DAY + 3_600_000);
    await app.strapi.db
      .query('plugin::bank-sync.online-connection')
      .update({ where: { id: s.connectionId }, data: { consentExpiresAt: end } });
    // The 15-day reminder went earlier (as the scheduler would have sent it), the 3-day one now.
    await app.strapi
      .plugin('bank-sync')
      .service('consent-reminders')
      .check(new Date(end.getTime() - 12 * DAY));
    const check = await api('post', '/bank-sync/reminders/check');
    expect(check.body.data.sent.map((r: { days: number }) => r.days)).toEqual([3]);

    const page = await open();
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/connections/${s.connectionId}`);
    await page.getByRole('heading', { name: 'Sandbox Bank Belgium', level: 1 }).waitFor({ timeout: 30_000 });
    const section = page.getByRole('region', { name: 'Consent reminders' });
    await section.getByText('3 days before').waitFor();
    await section.getByText('15 days before').waitFor();
    expect(await section.getByText('E-mailed to 2 addresses').count()).toBe(2);
    // Each with the day it went: the 15-day reminder 12 days before the end, the 3-day one today.
    const items = await section.getByRole('listitem').allInnerTexts();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^3 days before/);
    expect(items[1]).toMatch(/^15 days before/);
    expect(items[1]).toContain(
      new Date(end.getTime() - 12 * DAY).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'Europe/Brussels' }),
    );
    await section.scrollIntoViewIfNeeded();
    await screenshotBothWidths(page, 'connection-reminders');
    await expectAccessible(page, 'connection-reminders');
    await page.context().close();
  });
});
