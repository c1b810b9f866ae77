import { formatMinorUnits } from '../money';
import { totals, type StatementFile, type StatementFileLine } from './statement-file';
import { buildXml, text, textPieces, type XmlTree } from './xml';
import { isoDateTimeIn, isoWallTime } from './zoned-time';

export const CAMT_053_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';

const IBAN = /^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$/;

/** CAMT amounts carry no sign: the absolute value, and CRDT or DBIT beside it. */
const amount = (minor: bigint, currency: string): XmlTree => ({
  '#text': formatMinorUnits(minor < 0n ? -minor : minor, currency),
  '@Ccy': currency,
});
const direction = (minor: bigint) => (minor < 0n ? 'DBIT' : 'CRDT');

function accountId(number: string | null): XmlTree {
  const compact = (number ?? '').replace(/\s+/g, '');
  if (IBAN.test(compact)) return { IBAN: compact };
  return { Othr: { Id: text(number, 34) ?? 'UNKNOWN' } };
}

function balance(code: 'OPBD' | 'CLBD', minor: bigint, currency: string, day: string): XmlTree {
  return {
    Tp: { CdOrPrtry: { Cd: code } },
    Amt: amount(minor, currency),
    CdtDbtInd: direction(minor),
    Dt: { Dt: day },
  };
}

function entry(line: StatementFileLine, currency: string): XmlTree {
  const incoming = line.amount >= 0n;
  const reference = text(line.providerTransactionId, 35);
  const fitsReference = reference === line.providerTransactionId;
  const party = text(line.counterpartyName, 140);
  const partyAccount = text(line.counterpartyAccount, 34);
  // Money in: the counterparty paid (debtor); money out: it was paid (creditor).
  const related: XmlTree = {
    [incoming ? 'Dbtr' : 'Cdtr']: party ? { Nm: party } : undefined,
    [incoming ? 'DbtrAcct' : 'CdtrAcct']: partyAccount ? { Id: accountId(partyAccount) } : undefined,
  };
  const remittance = textPieces(line.label, 140, 10);
  return {
    NtryRef: String(line.id),
    Amt: amount(line.amount, currency),
    CdtDbtInd: direction(line.amount),
    RvslInd: line.kind === 'reversal' ? 'true' : undefined,
    Sts: 'BOOK',
    BookgDt: { Dt: line.bookingDate },
    ValDt: { Dt: line.valueDate ?? line.bookingDate },
    AcctSvcrRef: fitsReference ? reference : undefined,
    BkTxCd: { Prtry: { Cd: line.kind === null ? 'TRANSACTION' : line.kind.toUpperCase() } },
    NtryDtls: {
      TxDtls: {
        Refs: fitsReference ? { AcctSvcrRef: reference } : undefined,
        RltdPties: party || partyAccount ? related : undefined,
        RmtInf: remittance.length ? { Ustrd: remittance } : undefined,
        // A provider id longer than a CAMT reference (35) is kept whole here.
        AddtlTxInf: fitsReference ? undefined : text(`Transaction ${line.providerTransactionId}`, 500),
      },
    },
    AddtlNtryInf: text(line.note, 500),
  };
}

/**
 * ISO 20022 camt.053.001.02 (BankToCustomerStatementV02), valid against its XSD: one Stmt with
 * the account, the opening (OPBD) and closing (CLBD) booked balances, totals, and one booked
 * entry (Ntry) per line. Times are written in the journal's time zone with their offset.
 */
export function statementCamt053(file: StatementFile): string {
  const created = isoDateTimeIn(file.createdAt, file.journal.timeZone);
  const sums = totals(file.lines);
  const id = text(`${file.reference}`, 35)!;
  return buildXml({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    Document: {
      '@xmlns': CAMT_053_NAMESPACE,
      BkToCstmrStmt: {
        GrpHdr: { MsgId: id, CreDtTm: created },
        Stmt: {
          Id: id,
          CreDtTm: created,
          FrToDt: {
            FrDtTm: isoWallTime(file.from, '00:00:00', file.journal.timeZone),
            ToDtTm: isoWallTime(file.to, '23:59:59', file.journal.timeZone),
          },
          Acct: {
            Id: accountId(file.account.number),
            Ccy: file.currency,
            Nm: text(file.journal.name, 70),
          },
          Bal: [balance('OPBD', file.balanceStart, file.currency, file.from), balance('CLBD', file.balanceEnd, file.currency, file.to)],
          TxsSummry: {
            TtlNtries: {
              NbOfNtries: String(file.lines.length),
              Sum: formatMinorUnits(sums.credit + sums.debit, file.currency),
              TtlNetNtryAmt: formatMinorUnits(sums.net < 0n ? -sums.net : sums.net, file.currency),
              CdtDbtInd: direction(sums.net),
            },
            TtlCdtNtries: { NbOfNtries: String(sums.credits), Sum: formatMinorUnits(sums.credit, file.currency) },
            TtlDbtNtries: { NbOfNtries: String(sums.debits), Sum: formatMinorUnits(sums.debit, file.currency) },
          },
          Ntry: file.lines.length ? file.lines.map((line) => entry(line, file.currency)) : undefined,
          AddtlStmtInf: text(file.name, 500),
        },
      },
    },
  });
}
