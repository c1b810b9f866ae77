import { localDate, periodOf } from '../server/src/domain/periods';

describe('statement periods', () => {
  it('takes the booking date in the journal time zone', () => {
    expect(localDate('2026-03-31T23:30:00Z', 'Europe/Brussels')).toBe('2026-04-01');
    expect(localDate('2026-03-31T23:30:00Z', 'UTC')).toBe('2026-03-31');
    expect(localDate('2026-04-01T03:30:00Z', 'America/New_York')).toBe('2026-03-31');
    expect(localDate('2026-01-31T23:30:00Z', 'Europe/Brussels')).toBe('2026-02-01'); // winter time, UTC+1
    expect(localDate('2026-03-31', 'Pacific/Kiritimati')).toBe('2026-03-31'); // a bank date stays as it is
  });

  it('cuts months', () => {
    expect(periodOf('2026-02-14', 'month')).toEqual({ key: '2026-02', start: '2026-02-01', end: '2026-02-28', label: '2026/02' });
    expect(periodOf('2024-02-29', 'month').end).toBe('2024-02-29');
  });

  it('cuts halves of months', () => {
    expect(periodOf('2026-02-15', 'bimonthly')).toEqual({ key: '2026-02-1', start: '2026-02-01', end: '2026-02-15', label: '2026/02-1' });
    expect(periodOf('2026-02-16', 'bimonthly')).toEqual({ key: '2026-02-2', start: '2026-02-16', end: '2026-02-28', label: '2026/02-2' });
    expect(periodOf('2024-02-29', 'bimonthly').end).toBe('2024-02-29');
  });

  it('cuts ISO weeks, Monday to Sunday, across year ends', () => {
    expect(periodOf('2026-01-04', 'week')).toMatchObject({ key: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
    expect(periodOf('2026-01-05', 'week')).toMatchObject({ key: '2026-W02', start: '2026-01-05', end: '2026-01-11' });
    expect(periodOf('2024-12-30', 'week')).toMatchObject({ key: '2025-W01', start: '2024-12-30', end: '2025-01-05' });
    expect(periodOf('2026-12-31', 'week')).toMatchObject({ key: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    expect(periodOf('2027-01-03', 'week').key).toBe('2026-W53');
    expect(periodOf('2021-01-01', 'week').key).toBe('2020-W53');
  });

  it('cuts days, and one statement per run for none', () => {
    expect(periodOf('2026-03-09', 'day')).toEqual({ key: '2026-03-09', start: '2026-03-09', end: '2026-03-09', label: '2026/03/09' });
    expect(periodOf('2026-01-02', 'none', { id: 12, date: '2026-03-09' })).toEqual({
      key: 'run-12',
      start: '2026-03-09',
      end: '2026-03-09',
      label: '2026/03/09/12',
    });
  });

  it('agrees with Intl on every quarter hour of 2026, DST days and odd offsets included', () => {
    for (const tz of ['Europe/Brussels', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) {
        const expected = f.format(new Date(ms));
        if (localDate(new Date(ms).toISOString(), tz) !== expected) {
          throw new Error(`${tz} ${new Date(ms).toISOString()}: ${localDate(new Date(ms).toISOString(), tz)} != ${expected}`);
        }
      }
    }
  });
});

describe('localDate, with its cache of the last day', () => {
  it('gives the right day whatever the order of zones, days and DST changes', () => {
    const cases: Array<[string, string, string]> = [
      ['2026-03-31T23:30:00Z', 'Europe/Brussels', '2026-04-01'],
      ['2026-03-31T23:30:00Z', 'America/New_York', '2026-03-31'],
      ['2026-03-31T21:59:00Z', 'Europe/Brussels', '2026-03-31'],
      ['2026-03-31T22:00:00Z', 'Europe/Brussels', '2026-04-01'],
      // 29 March 2026: Brussels moves from UTC+1 to UTC+2 at 01:00 UTC.
      ['2026-03-28T23:30:00Z', 'Europe/Brussels', '2026-03-29'],
      ['2026-03-29T22:30:00Z', 'Europe/Brussels', '2026-03-30'],
      ['2026-03-29T21:30:00Z', 'Europe/Brussels', '2026-03-29'],
      ['2026-01-15T12:00:00Z', 'Pacific/Auckland', '2026-01-16'],
      ['2026-01-15T12:00:00Z', 'Europe/Brussels', '2026-01-15'],
      ['2026-01-15', 'Pacific/Auckland', '2026-01-15'],
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const [value, zone, expected] of round === 0 ? cases : [...cases].reverse()) {
        expect([value, zone, localDate(value, zone)]).toEqual([value, zone, expected]);
      }
    }
    expect(localDate(new Date('2026-03-31T23:30:00Z'), 'Europe/Brussels')).toBe('2026-04-01');
    expect(() => localDate('not a date', 'Europe/Brussels')).toThrow(RangeError);
  });
});
