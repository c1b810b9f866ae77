/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { browserDescribe, expectAccessible, launchBrowser, openPage, screenshotBothWidths } from '../helpers/browser';
import { parseCsv, parseXml, validateCamt053 } from '../helpers/export-files';
import { connectSandbox, type SandboxSetup } from '../helpers/sandbox';
import { ADMIN, startTestApp, type TestApp } from '../helpers/strapi';

const describeInBrowser = browserDescribe();

const READER = { email: 'export-reader@example.com', password: 'Reader2026pass', firstname: 'Reader' };

let app: TestApp;
let browser: Browser;
let baseUrl: string;
let setup: SandboxSetup;
let statements: Array<{ id: number; name: string; lineCount: number; periodStart: string; periodEnd: string; balanceEnd: string }>;

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Clicks `button` and returns the file the browser downloads: its name and text. */
async function downloadBy(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])) as [
    Download,
    unknown,
  ];
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file!, 'utf8') };
}

async function chooseFormat(page: Page, label: RegExp) {
  await page.getByRole('combobox', { name: 'File format' }).click();
  await page.getByRole('option', { name: label }).click();
}

describeInBrowser('statement export in a real browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { SERVE_ADMIN_PANEL: 'true' } });
    setup = await connectSandbox(app, {
      code: 'EXP',
      scenario: { accounts: 1, transactions: 90, days: 60, endDate: '2026-04-15', pending: 0, openingBalance: 1_250_000 },
    });
    const run = await app.strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('success');
    await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const address = app.strapi.server.httpServer.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const res = await app
      .http()
      .get(`/bank-sync/journals/${setup.accounts[0]!.journalId}/statements`)
      .set('Authorization', `Bearer ${await app.adminToken()}`);
    statements = res.body.data;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('downloads a period of a journal from its statements list, as CSV and as a CAMT.053 that the ISO schema accepts', async () => {
    const journalId = setup.accounts[0]!.journalId;
    const newest = statements[0]!;
    const page = await openPage(browser, baseUrl, ADMIN);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/journals/${journalId}`);
    await page.getByRole('heading', { name: 'Download the transactions of a period' }).waitFor({ timeout: 30_000 });
    // The newest statement's period is proposed.
    expect(await page.getByLabel('From').inputValue()).toBe(newest.periodStart);
    expect(await page.getByLabel('To').inputValue()).toBe(newest.periodEnd);
    await page.getByText("Booking dates in the journal's time zone (Europe/Brussels)", { exact: false }).waitFor();
    // The date fields follow the browser's order; the period is also said in words.
    await screenshotBothWidths(page, 'export-journal-period');
    await page.getByText('Period chosen: Apr 1, 2026 to Apr 30, 2026').waitFor({ timeout: 5_000 });
    await expectAccessible(page, 'export-journal-period');

    const csv = await downloadBy(page, 'Download period');
    expect(csv.name).toBe(`${newest.name.split('/')[0]}-${newest.periodStart}-${newest.periodEnd}.csv`);
    const rows = parseCsv(csv.text);
    expect(rows[0]![0]).toBe('booking_date');
    expect(rows).toHaveLength(1 + newest.lineCount);
    expect(rows.at(-1)![4]).toBe(newest.balanceEnd);
    await page.getByText(`Downloaded ${csv.name}.`).waitFor();

    // Two months as CAMT.053: valid, with every line of both.
    const [older] = statements.filter((s) => s.periodStart < newest.periodStart).slice(0, 1);
    await page.getByLabel('From').fill(older!.periodStart);
    await chooseFormat(page, /^CAMT\.053/);
    const camt = await downloadBy(page, 'Download period');
    expect(camt.name).toMatch(/\.camt053\.xml$/);
    expect(validateCamt053(camt.text)).toEqual({ ok: true, output: '' });
    const stmt = (parseXml(camt.text, ['Ntry']) as Doc).Document.BkToCstmrStmt.Stmt;
    expect(stmt.Ntry).toHaveLength(older!.lineCount + newest.lineCount);

    // A last day before the first: said next to the field, and nothing to download.
    await page.getByLabel('To').fill('2020-01-01');
    await page.getByText('The last day must be on or after the first day.').waitFor();
    expect(await page.getByRole('button', { name: 'Download period' }).isDisabled()).toBe(true);
    await screenshotBothWidths(page, 'export-journal-period-error');
    await page.context().close();
  });

  it("downloads a statement as OFX from the statement's page", async () => {
    const statement = statements[1]!;
    const page = await openPage(browser, baseUrl, ADMIN);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/statements/${statement.id}`);
    await page.getByRole('heading', { name: 'Download this statement' }).waitFor({ timeout: 30_000 });
    await chooseFormat(page, /^OFX 2/);
    await screenshotBothWidths(page, 'export-statement');
    await expectAccessible(page, 'export-statement');
    const ofx = await downloadBy(page, 'Download statement');
    expect(ofx.name).toBe(`${statement.name.replaceAll('/', '-')}.ofx`);
    const rs = (parseXml(ofx.text, ['STMTTRN']) as Doc).OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS;
    expect(rs.CURDEF).toBe('EUR');
    expect(rs.BANKTRANLIST.STMTTRN).toHaveLength(statement.lineCount);
    expect(rs.LEDGERBAL.BALAMT).toBe(statement.balanceEnd);
    await page.context().close();
  });

  it('lets an admin who may only read statements download them too (an export changes nothing)', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'Statement reader', description: 'reads bank statements' });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app.strapi.service('admin::user').create({ ...READER, roles: [role.id], isActive: true, registrationToken: null });
    const page = await openPage(browser, baseUrl, READER);
    await page.goto(`${baseUrl}/admin/plugins/bank-sync/statements/${statements[0]!.id}`);
    await page.getByRole('heading', { name: 'Download this statement' }).waitFor({ timeout: 30_000 });
    const csv = await downloadBy(page, 'Download statement');
    expect(parseCsv(csv.text)).toHaveLength(1 + statements[0]!.lineCount);
    await page.context().close();
  });
});
