/**
 * ISO 4217 currencies and their minor-unit exponents, from the runtime's Intl data
 * (ECMA-402 takes the digits from ISO 4217 itself).
 */
const known = new Set<string>((Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('currency'));
const exponents = new Map<string, number>();

export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && known.has(code);
}

export function currencyExponent(code: string): number {
  const cached = exponents.get(code);
  if (cached !== undefined) return cached;
  if (!isCurrency(code)) throw new RangeError(`"${code}" is not an ISO 4217 currency code`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  exponents.set(code, digits);
  return digits;
}
