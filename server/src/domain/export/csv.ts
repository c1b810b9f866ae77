import { formatMinorUnits } from '../money';
import type { StatementFile } from './statement-file';

/** The columns of the CSV export, in order; one row per statement line. */
export const CSV_COLUMNS = [
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
] as const;

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
function field(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * RFC 4180 CSV (comma, CRLF, UTF-8): a header row, then one row per line, oldest first, with
 * the amount and the running balance after the line as exact decimals with a dot. The opening
 * balance is the first row's balance less its amount; the closing balance is the last row's.
 */
export function statementCsv(file: StatementFile): string {
  const rows = [CSV_COLUMNS.join(',')];
  let balance = file.balanceStart;
  for (const line of file.lines) {
    balance += line.amount;
    rows.push(
      [
        line.bookingDate,
        line.valueDate,
        formatMinorUnits(line.amount, file.currency),
        file.currency,
        formatMinorUnits(balance, file.currency),
        line.label,
        line.counterpartyName,
        line.counterpartyAccount,
        line.providerTransactionId,
        line.kind,
        line.note,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
