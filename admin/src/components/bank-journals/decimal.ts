/**
 * Exact arithmetic on the server's decimal strings ("1234.50", "-0.500"), through BigInt:
 * never a float, so a balance difference of one cent is one cent.
 */
const digitsOf = (amount: string) => (amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0);

function scaled(amount: string, digits: number): bigint {
  const negative = amount.startsWith('-');
  const unsigned = negative || amount.startsWith('+') ? amount.slice(1) : amount;
  const [whole, fraction = ''] = unsigned.split('.');
  const value = BigInt(`${whole || '0'}${fraction.padEnd(digits, '0')}`);
  return negative ? -value : value;
}

function unscaled(value: bigint, digits: number): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** a − b, as a decimal string with the larger of their precisions. */
export function subtractDecimal(a: string, b: string): string {
  const digits = Math.max(digitsOf(a), digitsOf(b));
  return unscaled(scaled(a, digits) - scaled(b, digits), digits);
}

/** The sign of a decimal string: -1, 0 or 1. */
export function signOf(amount: string): -1 | 0 | 1 {
  const value = scaled(amount, digitsOf(amount));
  return value === 0n ? 0 : value < 0n ? -1 : 1;
}

/** The absolute value of a decimal string ("-12.30" → "12.30"). */
export const absDecimal = (amount: string): string => (amount.startsWith('-') || amount.startsWith('+') ? amount.slice(1) : amount);
