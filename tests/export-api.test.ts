import type { NormalizedTransaction } from '../server/src/providers/types';
import { useTestApp } from './helpers/admin-api';
import { itWithXmllint, parseCsv, parseXml, validateCamt053 } from './helpers/export-files';
import { connectSandbox } from './helpers/sandbox';

const withXmllint = itWithXmllint();
const { app, api } = useTestApp();
const { get } = api;

/** A download as text, whatever its media type. */
async function download(url: string) {
  const res = await get(url)
    .buffer(true)
    .parse((stream, done) => {
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => done(null, text));
    });
  return Object.assign(res, { text: res.body as string });
}

const TRICKY_LABEL = 'Rent, "March"\nflat 2, <Brussels> & co';
const COUNTERPARTY = "O'Brien & <Sons> \u0001Ltd";
const HEADER = [
  'booking_date',
  'value_date',
  'amount',
  'currency',
  'balance',
  'label',
  'counterparty_name',
  'counterparty_account',
  'transaction_id',
  'kind',
  'note',
];

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function tx(id: string, bookingDate: string, amount: bigint, extra: Partial<NormalizedTransaction> = {}): NormalizedTransaction {
  return {
    providerTransactionId: id,
    bookingDate,
    valueDate: null,
    amount,
    currency: 'EUR',
    label: `Payment ${id}`,
    counterpartyName: null,
    counterpartyAccount: null,
    status: 'posted',
    raw: { id },
    ...extra,
  };
}

let journalId = 0;
let march: { id: number; balanceStart: string; balanceEnd: string; lineCount: number; name: string };
let april: { id: number; balanceStart: string; balanceEnd: string };

/** A Brussels journal with an IBAN, 1,000.00 EUR before March, and lines in March and April 2026. */
beforeAll(async () => {
  const plugin = app().strapi.plugin('bank-sync');
  const journal = await plugin.service('journals').create({
    name: 'Main account',
    code: 'EXP',
    currency: 'EUR',
    statementPeriodicity: 'month',
    timeZone: 'Europe/Brussels',
    bankAccountNumber: 'BE68 5390 0754 7034',
  });
  journalId = journal.id;
  const account = await app()
    .strapi.db.query('plugin::bank-sync.online-account')
    .create({ data: { providerAccountId: 'exp-1', currency: 'EUR', accountNumber: 'BE68 5390 0754 7034', journal: journal.id } });
  await plugin.service('importer').importBatch({
    journal: { ...journal, statementPeriodicity: 'month' },
    onlineAccountId: account.id,
    run: { id: 1, date: '2026-04-20' },
    transactions: [
      tx('feb-1', '2026-02-10', 100_000n),
      tx('mar-1', '2026-03-02', 10n, { valueDate: '2026-03-01' }),
      tx('mar-2', '2026-03-15', 20n),
      tx('mar-3', '2026-03-20', -123_456_789n, {
        label: TRICKY_LABEL,
        counterpartyName: COUNTERPARTY,
        counterpartyAccount: 'BE71 0961 2345 6769',
      }),
      // 23:30 UTC on 31 March is 1 April in Brussels.
      tx('apr-1', '2026-03-31T23:30:00Z', 250_000_00n, { counterpartyName: 'ACME SA' }),
      tx(`apr-long-${'x'.repeat(60)}`, '2026-04-10', -5n),
    ],
  });
  const list = (await get(`/bank-sync/journals/${journalId}/statements`)).body.data;
  march = list.find((s: { periodKey: string }) => s.periodKey === '2026-03');
  april = list.find((s: { periodKey: string }) => s.periodKey === '2026-04');
});

describe('statement export through the admin API', () => {
  it('answers a statement as CSV: a header, one row per line, exact amounts with a dot, quotes and line breaks kept', async () => {
    const res = await download(`/bank-sync/statements/${march.id}/export?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="EXP-2026-03.csv"');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + march.lineCount);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['0.10', '0.20', '-1234567.89']);
    expect(rows[1]![1]).toBe('2026-03-01');
    const tricky = rows[3]!;
    expect(tricky[5]).toBe(TRICKY_LABEL);
    expect(tricky[6]).toBe(COUNTERPARTY);
    expect(tricky[8]).toBe('mar-3');
    // Running balance: the opening plus each line; the last is the statement's closing balance.
    expect(march.balanceStart).toBe('1000.00');
    expect(rows.slice(1).map((r) => r[4])).toEqual(['1000.10', '1000.30', '-1233567.59']);
    expect(rows.at(-1)![4]).toBe(march.balanceEnd);
    expect(res.text).toContain('"Rent, ""March""\nflat 2, <Brussels> & co"');
  });

  it('answers a CAMT.053 that xmllint validates against the ISO 20022 schema, with balances, entries and Brussels times', async () => {
    const res = await download(`/bank-sync/statements/${march.id}/export?format=camt053`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="EXP-2026-03.camt053.xml"');
    const verdict = validateCamt053(res.text);
    expect(verdict).toEqual({ ok: true, output: '' });

    const stmt = (parseXml(res.text, ['Ntry', 'Bal', 'Ustrd']) as Doc).Document.BkToCstmrStmt.Stmt;
    expect(stmt.Acct.Id.IBAN).toBe('BE68539007547034');
    expect(stmt.Acct.Ccy).toBe('EUR');
    expect(stmt.FrToDt).toEqual({ FrDtTm: '2026-03-01T00:00:00+01:00', ToDtTm: '2026-03-31T23:59:59+02:00' });
    expect(stmt.CreDtTm).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    const balances = stmt.Bal.map((b: Doc) => [b.Tp.CdOrPrtry.Cd, b.Amt['#text'], b.Amt['@Ccy'], b.CdtDbtInd, b.Dt.Dt]);
    expect(balances).toEqual([
      ['OPBD', '1000.00', 'EUR', 'CRDT', '2026-03-01'],
      ['CLBD', '1233567.59', 'EUR', 'DBIT', '2026-03-31'],
    ]);
    expect(stmt.TxsSummry.TtlNtries).toEqual({ NbOfNtries: '3', Sum: '1234568.19', TtlNetNtryAmt: '1234567.59', CdtDbtInd: 'DBIT' });
    expect(stmt.Ntry.map((n: Doc) => [n.Amt['#text'], n.CdtDbtInd, n.BookgDt.Dt, n.AcctSvcrRef])).toEqual([
      ['0.10', 'CRDT', '2026-03-02', 'mar-1'],
      ['0.20', 'CRDT', '2026-03-15', 'mar-2'],
      ['1234567.89', 'DBIT', '2026-03-20', 'mar-3'],
    ]);
    expect(stmt.Ntry[0].ValDt.Dt).toBe('2026-03-01');
    const tricky = stmt.Ntry[2].NtryDtls.TxDtls;
    // Text in XML: escaped by the builder, parsed back whole; a control character became a space.
    expect(tricky.RmtInf.Ustrd).toEqual(['Rent, "March" flat 2, <Brussels> & co']);
    expect(tricky.RltdPties.Cdtr.Nm).toBe("O'Brien & <Sons> Ltd");
    expect(tricky.RltdPties.CdtrAcct.Id.IBAN).toBe('BE71096123456769');
  });

  withXmllint('refuses, with xmllint, a CAMT.053 that breaks the schema (the check can fail)', async () => {
    const res = await download(`/bank-sync/statements/${march.id}/export?format=camt053`);
    const broken = res.text.replace('<Sts>BOOK</Sts>', '<Sts>DONE</Sts>');
    expect(broken).not.toBe(res.text);
    const verdict = validateCamt053(broken);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/Sts/);
  });

  it('answers an OFX 2 file: header, sign-on, statement with currency, account, transactions and ledger balance', async () => {
    const res = await download(`/bank-sync/statements/${april.id}/export?format=ofx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ofx; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="EXP-2026-04.ofx"');
    expect(res.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n<\?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE"/,
    );
    const ofx = (parseXml(res.text, ['STMTTRN']) as Doc).OFX;
    expect(ofx.SIGNONMSGSRSV1.SONRS.STATUS).toEqual({ CODE: '0', SEVERITY: 'INFO' });
    expect(ofx.SIGNONMSGSRSV1.SONRS.DTSERVER).toMatch(/^\d{14}\.000\[\+[12]:CES?T\]$/);
    const rs = ofx.BANKMSGSRSV1.STMTTRNRS.STMTRS;
    expect(rs.CURDEF).toBe('EUR');
    expect(rs.BANKACCTFROM).toMatchObject({ ACCTID: 'BE68539007547034', ACCTTYPE: 'CHECKING' });
    expect(rs.BANKTRANLIST.DTSTART).toBe('20260401');
    expect(rs.BANKTRANLIST.DTEND).toBe('20260430');
    expect(rs.BANKTRANLIST.STMTTRN).toEqual([
      { TRNTYPE: 'CREDIT', DTPOSTED: '20260401', TRNAMT: '250000.00', FITID: 'apr-1', NAME: 'ACME SA', MEMO: 'Payment apr-1' },
      {
        TRNTYPE: 'DEBIT',
        DTPOSTED: '20260410',
        TRNAMT: '-0.05',
        FITID: `apr-long-${'x'.repeat(60)}`,
        NAME: 'Payment apr-long-xxxxxxxxxxxxxxx',
        MEMO: `Payment apr-long-${'x'.repeat(60)}`,
      },
    ]);
    expect(rs.LEDGERBAL).toEqual({ BALAMT: april.balanceEnd, DTASOF: '20260430' });
    expect(april.balanceEnd).toBe('-983567.64');
  });

  it('exports a date range of a journal with the opening balance of its first day and the closing one of its last', async () => {
    const res = await download(`/bank-sync/journals/${journalId}/export?format=csv&from=2026-03-10&to=2026-04-05`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="EXP-2026-03-10-2026-04-05.csv"');
    const rows = parseCsv(res.text).slice(1);
    expect(rows.map((r) => r[8])).toEqual(['mar-2', 'mar-3', 'apr-1']);
    // Opening on 10 March: 1,000.00 and 0.10 booked on 2 March.
    expect(rows.map((r) => r[4])).toEqual(['1000.30', '-1233567.59', '-983567.59']);

    // A whole month as a range is the month's statement: same balances, same entries, valid CAMT.
    const camt = await download(`/bank-sync/journals/${journalId}/export?format=camt053&from=2026-03-01&to=2026-03-31`);
    expect(validateCamt053(camt.text)).toEqual({ ok: true, output: '' });
    const stmt = (parseXml(camt.text, ['Ntry', 'Bal']) as Doc).Document.BkToCstmrStmt.Stmt;
    expect(stmt.Bal.map((b: Doc) => `${b.CdtDbtInd === 'DBIT' ? '-' : ''}${b.Amt['#text']}`)).toEqual([
      march.balanceStart,
      march.balanceEnd,
    ]);
    expect(stmt.Ntry).toHaveLength(3);

    // A range with no line: opening equals closing, and the files stay valid.
    const empty = await download(`/bank-sync/journals/${journalId}/export?format=camt053&from=2026-06-01&to=2026-06-30`);
    expect(validateCamt053(empty.text)).toEqual({ ok: true, output: '' });
    const emptyStmt = (parseXml(empty.text, ['Bal']) as Doc).Document.BkToCstmrStmt.Stmt;
    expect(emptyStmt.Bal.map((b: Doc) => b.Amt['#text'])).toEqual(['983567.64', '983567.64']);
    const ofx = await download(`/bank-sync/journals/${journalId}/export?format=ofx&from=2026-06-01&to=2026-06-30`);
    expect((parseXml(ofx.text) as Doc).OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS.LEDGERBAL.BALAMT).toBe('-983567.64');
  });

  it.each([
    ['no format', `/bank-sync/statements/{s}/export`, 'format'],
    ['an unknown format', `/bank-sync/statements/{s}/export?format=pdf`, 'format'],
    ['an unknown parameter', `/bank-sync/statements/{s}/export?format=csv&limit=1`, 'limit'],
    ['a day that does not exist', `/bank-sync/journals/{j}/export?format=csv&from=2026-02-30&to=2026-03-01`, 'from'],
    ['a date in another form', `/bank-sync/journals/{j}/export?format=csv&from=01/03/2026&to=2026-03-31`, 'from'],
    ['an end before the start', `/bank-sync/journals/{j}/export?format=csv&from=2026-04-01&to=2026-03-01`, 'to'],
    ['a range of twenty years', `/bank-sync/journals/{j}/export?format=csv&from=2006-01-01&to=2026-01-01`, 'to'],
    ['no range', `/bank-sync/journals/{j}/export?format=ofx`, 'from'],
    ['a repeated format', `/bank-sync/statements/{s}/export?format=csv&format=ofx`, 'format'],
    ['a bad id', `/bank-sync/statements/abc/export?format=csv`, 'abc'],
  ])('refuses %s with a 400 naming it', async (_what, url, field) => {
    const res = await get(url.replace('{s}', String(march.id)).replace('{j}', String(journalId)));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('answers 404 for a statement or journal that does not exist', async () => {
    expect((await get('/bank-sync/statements/999999/export?format=csv')).status).toBe(404);
    expect((await get('/bank-sync/journals/999999/export?format=csv&from=2026-01-01&to=2026-01-31')).status).toBe(404);
  });

  it('lets an admin who may read statements export them, and refuses one without the permission (403)', async () => {
    const strapi = app().strapi;
    const reader = await strapi.service('admin::role').create({ name: 'Export reader', description: 'reads bank statements' });
    await strapi
      .service('admin::role')
      .assignPermissions(reader.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    const other = await strapi.service('admin::role').create({ name: 'No bank', description: 'no bank permission' });
    const people = [
      { email: 'export-reader@example.com', password: 'Reader2026pass', firstname: 'Reader', roles: [reader.id] },
      { email: 'export-none@example.com', password: 'Nobody2026pass', firstname: 'Nobody', roles: [other.id] },
    ];
    const status: number[] = [];
    for (const person of people) {
      await strapi.service('admin::user').create({ ...person, isActive: true, registrationToken: null });
      const login = await app().http().post('/admin/login').send({ email: person.email, password: person.password });
      const auth = `Bearer ${login.body.data.token}`;
      status.push((await app().http().get(`/bank-sync/statements/${march.id}/export?format=csv`).set('Authorization', auth)).status);
      status.push(
        (
          await app()
            .http()
            .get(`/bank-sync/journals/${journalId}/export?format=ofx&from=2026-03-01&to=2026-03-31`)
            .set('Authorization', auth)
        ).status,
      );
    }
    expect(status).toEqual([200, 200, 403, 403]);
    expect((await app().http().get(`/bank-sync/statements/${march.id}/export?format=csv`)).status).toBe(401);
  });

  it("exports every statement of a synchronized sandbox journal in the three formats: valid, chained, and without the connection's secret", async () => {
    const s = await connectSandbox(app(), {
      code: 'SBX',
      timeZone: 'America/New_York',
      scenario: { accounts: 1, transactions: 120, days: 70, endDate: '2026-04-15', pending: 0, openingBalance: 9_500_000 },
    });
    await app().strapi.plugin('bank-sync').service('sync').runConnection(s.connectionId);
    const list = (await get(`/bank-sync/journals/${s.accounts[0]!.journalId}/statements`)).body.data as Array<{
      id: number;
      lineCount: number;
      balanceStart: string;
      balanceEnd: string;
    }>;
    expect(list.length).toBeGreaterThan(1);
    let lineTotal = 0;
    for (const statement of list) {
      const csv = await download(`/bank-sync/statements/${statement.id}/export?format=csv`);
      const camt = await download(`/bank-sync/statements/${statement.id}/export?format=camt053`);
      const ofx = await download(`/bank-sync/statements/${statement.id}/export?format=ofx`);
      for (const file of [csv.text, camt.text, ofx.text]) expect(file).not.toContain('sandbox-token');
      expect(validateCamt053(camt.text)).toEqual({ ok: true, output: '' });
      const rows = parseCsv(csv.text).slice(1);
      expect(rows).toHaveLength(statement.lineCount);
      lineTotal += rows.length;
      if (rows.length) expect(rows.at(-1)![4]).toBe(statement.balanceEnd);
      const camtStmt = (parseXml(camt.text, ['Bal']) as Doc).Document.BkToCstmrStmt.Stmt;
      expect(camtStmt.FrToDt.FrDtTm).toMatch(/T00:00:00-0[45]:00$/);
      const rs = (parseXml(ofx.text, ['STMTTRN']) as Doc).OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS;
      expect(rs.LEDGERBAL.BALAMT).toBe(statement.balanceEnd);
      expect(rs.BANKTRANLIST.STMTTRN ?? []).toHaveLength(statement.lineCount);
    }
    expect(lineTotal).toBe(120);
  });
});
