/**
 * Exact money. Amounts live as integer minor units (bigint) next to an ISO 4217
 * currency; they are formatted and parsed with the currency's own exponent
 * (0 for JPY, 2 for EUR, 3 for BHD). Floats never touch an amount.
 */
import { currencyExponent } from '../../../shared/domain/currency';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

/** "12.30" EUR -> 1230n. Rejects more decimals than the currency has. */
export function toMinorUnits(value: string | number | bigint, currency: string): bigint {
  if (typeof value === 'bigint') {
    throw new MoneyError('a bigint is already in minor units; pass a decimal string');
  }
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > exponent) {
    throw new MoneyError(`"${text}" has more than ${exponent} decimal(s), the precision of ${currency}`);
  }
  const minor = BigInt(whole + trimmed.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** 1230n EUR -> "12.30"; -5n BHD -> "-0.005". */
export function formatMinorUnits(minor: bigint | number | string, currency: string): string {
  const value = BigInt(minor);
  const exponent = currencyExponent(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Reads a biginteger column whatever the driver returns (number, string or bigint). */
export function readMinorUnits(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new MoneyError(`unsafe integer ${value} read from the database`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new MoneyError(`cannot read minor units from ${JSON.stringify(value)}`);
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`${value} is not an amount`);
  // Shortest round-trip representation; refuse exponent notation rather than guess.
  const text = String(value);
  if (/e/i.test(text)) throw new MoneyError(`${text} is too large or too small for an amount`);
  return text;
}
