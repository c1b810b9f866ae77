import { useMemo } from 'react';
import { useIntl } from 'react-intl';

/** Digits after the decimal point of an exact decimal string ("12.340" -> 3). */
const fractionDigits = (amount: string) => (amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0);

/**
 * Money, dates and days formatted for the admin's locale. Money comes from the server's exact
 * decimal string and is handed to Intl as that string (exact decimals, never a float); dates are
 * shown in the journal's time zone, with the zone named.
 */
export function useFormat() {
  const { locale } = useIntl();
  return useMemo(
    () => ({
      money(amount: string | null | undefined, currency: string): string {
        if (amount === null || amount === undefined) return '—';
        const digits = fractionDigits(amount);
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(amount as unknown as number);
      },
      /** An instant, in a time zone (the journal's; else the browser's), with the zone's name. */
      dateTime(iso: string | null | undefined, timeZone?: string): string {
        if (!iso) return '—';
        return new Intl.DateTimeFormat(locale, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
          timeZoneName: 'short',
        }).format(new Date(iso));
      },
      /** A calendar day ('YYYY-MM-DD', a booking date or a period bound): no zone to convert. */
      day(localDate: string | null | undefined): string {
        if (!localDate) return '—';
        return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${localDate.slice(0, 10)}T00:00:00Z`),
        );
      },
      /** An instant as a calendar day in a time zone. */
      dayOf(iso: string | null | undefined, timeZone?: string): string {
        if (!iso) return '—';
        return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone }).format(new Date(iso));
      },
      number(n: number): string {
        return new Intl.NumberFormat(locale).format(n);
      },
    }),
    [locale],
  );
}
