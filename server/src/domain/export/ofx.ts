import { formatMinorUnits } from '../money';
import type { StatementFile, StatementFileLine } from './statement-file';
import { buildXml, text, type XmlTree } from './xml';
import { ofxDateTimeIn, ofxDay } from './zoned-time';

const OK: XmlTree = { CODE: '0', SEVERITY: 'INFO' };

function transaction(line: StatementFileLine, currency: string): XmlTree {
  const name = text(line.counterpartyName, 32) ?? text(line.label, 32);
  const memo = [line.label, line.note].filter(Boolean).join(' — ');
  return {
    TRNTYPE: line.amount < 0n ? 'DEBIT' : 'CREDIT',
    DTPOSTED: ofxDay(line.bookingDate),
    DTUSER: line.valueDate ? ofxDay(line.valueDate) : undefined,
    TRNAMT: formatMinorUnits(line.amount, currency),
    FITID: text(line.providerTransactionId, 255) ?? String(line.id),
    NAME: name,
    MEMO: text(memo, 255),
  };
}

/**
 * OFX 2.2 (XML): the OFX processing instruction, a sign-on answer, and one bank statement
 * (STMTRS) with the currency, the account, the transactions (signed amounts, FITID = the
 * provider's transaction id) and the closing balance (LEDGERBAL) as of the last day. Times are
 * written in the journal's time zone with their offset.
 */
export function statementOfx(file: StatementFile): string {
  const zone = file.journal.timeZone;
  return buildXml({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8', '@standalone': 'no' },
    '?OFX': { '@OFXHEADER': '200', '@VERSION': '220', '@SECURITY': 'NONE', '@OLDFILEUID': 'NONE', '@NEWFILEUID': 'NONE' },
    OFX: {
      SIGNONMSGSRSV1: { SONRS: { STATUS: OK, DTSERVER: ofxDateTimeIn(file.createdAt, zone), LANGUAGE: 'ENG' } },
      BANKMSGSRSV1: {
        STMTTRNRS: {
          TRNUID: text(file.reference, 36)!,
          STATUS: OK,
          STMTRS: {
            CURDEF: file.currency,
            BANKACCTFROM: {
              BANKID: text(file.account.bankId, 9) ?? text(file.journal.code, 9)!,
              ACCTID: text(file.account.number?.replace(/\s+/g, ''), 22) ?? text(file.journal.code, 22)!,
              ACCTTYPE: 'CHECKING',
            },
            BANKTRANLIST: {
              DTSTART: ofxDay(file.from),
              DTEND: ofxDay(file.to),
              STMTTRN: file.lines.length ? file.lines.map((line) => transaction(line, file.currency)) : undefined,
            },
            LEDGERBAL: { BALAMT: formatMinorUnits(file.balanceEnd, file.currency), DTASOF: ofxDay(file.to) },
          },
        },
      },
    },
  });
}
