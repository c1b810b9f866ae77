import { formatMinorUnits, readMinorUnits, toMinorUnits } from '../server/src/domain/money';
import { currencyExponent, isCurrency } from '../shared/domain/currency';

describe('money in minor units', () => {
  it('knows the exponent of 0, 2 and 3 decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('BHD')).toBe(3);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('eur')).toBe(false);
  });

  it('parses decimal strings exactly', () => {
    expect(toMinorUnits('12.30', 'EUR')).toBe(1230n);
    expect(toMinorUnits('-0.01', 'EUR')).toBe(-1n);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500n);
    expect(toMinorUnits('1.234', 'BHD')).toBe(1234n);
    expect(toMinorUnits('100000000000.00', 'EUR')).toBe(10n ** 13n);
    expect(toMinorUnits(0.3, 'EUR')).toBe(30n);
  });

  it('refuses more decimals than the currency has, and non-numbers', () => {
    expect(() => toMinorUnits('1.005', 'EUR')).toThrow(/more than 2 decimal/);
    expect(() => toMinorUnits('1.5', 'JPY')).toThrow(/more than 0 decimal/);
    expect(() => toMinorUnits('1e5', 'EUR')).toThrow(/not a decimal amount/);
    expect(() => toMinorUnits('12', 'ZZZ')).toThrow(/not an ISO 4217/);
  });

  it('formats minor units back without loss', () => {
    expect(formatMinorUnits(1230n, 'EUR')).toBe('12.30');
    expect(formatMinorUnits(-5n, 'BHD')).toBe('-0.005');
    expect(formatMinorUnits(10n ** 13n, 'JPY')).toBe('10000000000000');
    expect(formatMinorUnits('-10000000000000', 'EUR')).toBe('-100000000000.00');
  });

  it('reads whatever a driver returns for a biginteger column', () => {
    expect(readMinorUnits('10000000000000')).toBe(10n ** 13n);
    expect(readMinorUnits(-42)).toBe(-42n);
    expect(() => readMinorUnits(2 ** 60)).toThrow(/unsafe integer/);
    expect(() => readMinorUnits('12.5')).toThrow(/cannot read/);
  });
});
