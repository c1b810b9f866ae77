import { statementCamt053 } from '../server/src/domain/export/camt053';
import { statementCsv } from '../server/src/domain/export/csv';
import { fileName } from '../server/src/domain/export/formats';
import { statementOfx } from '../server/src/domain/export/ofx';
import type { StatementFile } from '../server/src/domain/export/statement-file';
import { text } from '../server/src/domain/export/xml';
import { isoDateTimeIn, isoWallTime, ofxDateTimeIn } from '../server/src/domain/export/zoned-time';
import { parseCsv, parseXml, validateCamt053 } from './helpers/export-files';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function file(currency: string, amounts: bigint[], timeZone = 'Asia/Tokyo'): StatementFile {
  return {
    name: 'T/2026/01',
    reference: 'BKS-STMT-1',
    journal: { name: 'Test', code: 'T', timeZone },
    account: { number: null, bankId: null },
    currency,
    from: '2026-01-01',
    to: '2026-01-31',
    balanceStart: 0n,
    balanceEnd: amounts.reduce((a, b) => a + b, 0n),
    lines: amounts.map((amount, i) => ({
      id: i + 1,
      bookingDate: `2026-01-${String(i + 1).padStart(2, '0')}`,
      valueDate: null,
      amount,
      label: `line ${i + 1}`,
      counterpartyName: null,
      counterpartyAccount: null,
      providerTransactionId: `tx-${i + 1}`,
      kind: i === 1 ? 'reversal' : null,
      note: null,
    })),
    createdAt: new Date('2026-01-31T22:30:00Z'),
  };
}

describe('statement export formats (no server)', () => {
  it.each([
    // Yen have no decimals, Bahraini dinars three; amounts beyond a float's exact range stay exact.
    ['JPY', [1_234_567n, -5n], ['1234567', '-5'], '1234562'],
    ['BHD', [1n, -2_500n], ['0.001', '-2.500'], '-2.499'],
    ['EUR', [9_007_199_254_740_993n, 1n], ['90071992547409.93', '0.01'], '90071992547409.94'],
  ])('writes %s amounts exactly, in the three formats', (currency, amounts, written, closing) => {
    const f = file(currency, amounts);
    const rows = parseCsv(statementCsv(f)).slice(1);
    expect(rows.map((r) => r[2])).toEqual(written);
    expect(rows.at(-1)![4]).toBe(closing);
    const camt = statementCamt053(f);
    expect(validateCamt053(camt)).toEqual({ ok: true, output: '' });
    const stmt = (parseXml(camt, ['Ntry', 'Bal']) as Doc).Document.BkToCstmrStmt.Stmt;
    expect(stmt.Ntry.map((n: Doc) => `${n.CdtDbtInd === 'DBIT' ? '-' : ''}${n.Amt['#text']}`)).toEqual(written);
    expect(stmt.Ntry[1].RvslInd).toBe('true');
    expect(stmt.Acct.Id.Othr.Id).toBe('UNKNOWN');
    const ofx = (parseXml(statementOfx(f), ['STMTTRN']) as Doc).OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS;
    expect(ofx.BANKTRANLIST.STMTTRN.map((t: Doc) => t.TRNAMT)).toEqual(written);
    expect(ofx.LEDGERBAL.BALAMT).toBe(closing);
  });

  it('writes instants in the journal time zone, across daylight saving and half-hour zones', () => {
    const instant = new Date('2026-03-31T22:30:00Z');
    expect(isoDateTimeIn(instant, 'Europe/Brussels')).toBe('2026-04-01T00:30:00+02:00');
    expect(isoDateTimeIn(instant, 'America/New_York')).toBe('2026-03-31T18:30:00-04:00');
    expect(isoDateTimeIn(instant, 'Asia/Kolkata')).toBe('2026-04-01T04:00:00+05:30');
    expect(isoDateTimeIn(instant, 'UTC')).toBe('2026-03-31T22:30:00+00:00');
    expect(isoWallTime('2026-03-29', '00:00:00', 'Europe/Brussels')).toBe('2026-03-29T00:00:00+01:00');
    expect(isoWallTime('2026-03-29', '23:59:59', 'Europe/Brussels')).toBe('2026-03-29T23:59:59+02:00');
    expect(ofxDateTimeIn(instant, 'Europe/Brussels')).toBe('20260401003000.000[+2:CEST]');
    expect(ofxDateTimeIn(instant, 'America/New_York')).toBe('20260331183000.000[-4:EDT]');
    expect(ofxDateTimeIn(instant, 'Asia/Kolkata')).toBe('20260401040000.000[+5.50]');
  });

  it('keeps XML text to what XML and the field allow', () => {
    expect(text('a\u0000b\u001Fc\uFFFEd', 10)).toBe('a b c d');
    expect(text('  line\none\r\n\ttwo  ', 50)).toBe('line one two');
    expect(text('😀'.repeat(5), 3)).toBe('😀😀😀');
    expect(text('   ', 5)).toBeUndefined();
    expect(text(null, 5)).toBeUndefined();
  });

  it('names files safely for a header and a file system', () => {
    expect(fileName('BNK1/2026/03', 'csv')).toBe('BNK1-2026-03.csv');
    expect(fileName('Caisse "été"\r\n/../x', 'ofx')).toBe('Caisse-ete-x.ofx');
    expect(fileName('///', 'camt053')).toBe('statement.camt053.xml');
  });
});
