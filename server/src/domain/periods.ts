/**
 * Calendar arithmetic for statements: the local date of an instant in a journal's time
 * zone, and the statement period a local date falls in. Dates are 'YYYY-MM-DD' strings;
 * arithmetic on them is done in UTC, where a calendar day is always 24 hours.
 */
import type { StatementPeriodicity } from '../../../shared/contracts/journals';

export type LocalDate = string;

export interface Period {
  /** Unique per journal: '2026-03', '2026-W09', '2026-03-31', '2026-03-2', 'run-12'. */
  key: string;
  start: LocalDate;
  end: LocalDate;
  /** Statement name after the journal code: '2026/03', '2026/W09', ... */
  label: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

const DAY_MS = 86_400_000;
/** UTC offset (ms) of a zone for a whole UTC day, when it does not change that day. */
const dayOffsets = new Map<string, number | null>();

function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The calendar date of a booking in a time zone. A plain date ('2026-03-31') is already
 * local and kept as is; an instant ('2026-03-31T23:30:00Z') is converted. The zone's
 * offset is computed once per UTC day (and the slow exact path taken only on the days
 * its offset changes), so a large import does not pay one Intl call per line.
 */
export function localDate(value: string | Date, timeZone: string): LocalDate {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return value;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`"${String(value)}" is not a date`);
  const day = Math.floor(ms / DAY_MS);
  // Consecutive bookings mostly fall on the same day: the last day's answer is kept at hand.
  let offset: number | null | undefined;
  if (day === last.day && timeZone === last.zone) offset = last.offset;
  else {
    const key = `${timeZone}|${day}`;
    offset = dayOffsets.get(key);
    if (offset === undefined) {
      const start = offsetAt(day * DAY_MS, timeZone);
      const end = offsetAt(day * DAY_MS + DAY_MS - 60_000, timeZone);
      offset = start === end ? start : null;
      if (dayOffsets.size > 50_000) dayOffsets.clear();
      dayOffsets.set(key, offset);
    }
    last.zone = timeZone;
    last.day = day;
    last.offset = offset;
  }
  if (offset === null) return formatter(timeZone).format(new Date(ms));
  const local = Math.floor((ms + offset) / DAY_MS);
  if (local !== last.localDay) {
    last.localDay = local;
    last.localDate = new Date(local * DAY_MS).toISOString().slice(0, 10);
  }
  return last.localDate;
}

/** The last day localDate() worked out: its zone, UTC day and offset, and the last local day written. */
const last = { zone: '', day: Number.NaN, offset: null as number | null, localDay: Number.NaN, localDate: '' };

const toUtc = (date: LocalDate) => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date): LocalDate => d.toISOString().slice(0, 10);

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday. */
function isoWeek(date: LocalDate): { year: number; week: number; monday: LocalDate } {
  const d = toUtc(date);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(date, -weekday);
  const thursday = toUtc(addDays(monday, 3));
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { year, week, monday };
}

/**
 * The statement period of a local date. `none` means one statement per synchronization
 * run (as in Odoo): its key is the run and its dates are the run's local date.
 */
export function periodOf(date: LocalDate, periodicity: StatementPeriodicity, run?: { id: number; date: LocalDate }): Period {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const mm = String(m).padStart(2, '0');
  switch (periodicity) {
    case 'day':
      return { key: date, start: date, end: date, label: `${y}/${mm}/${String(d).padStart(2, '0')}` };
    case 'week': {
      const { year, week, monday } = isoWeek(date);
      const w = String(week).padStart(2, '0');
      return { key: `${year}-W${w}`, start: monday, end: addDays(monday, 6), label: `${year}/W${w}` };
    }
    case 'bimonthly': {
      const half = d <= 15 ? 1 : 2;
      const start = `${y}-${mm}-${half === 1 ? '01' : '16'}`;
      const end = `${y}-${mm}-${half === 1 ? '15' : String(lastDayOfMonth(y, m)).padStart(2, '0')}`;
      return { key: `${y}-${mm}-${half}`, start, end, label: `${y}/${mm}-${half}` };
    }
    case 'month':
      return {
        key: `${y}-${mm}`,
        start: `${y}-${mm}-01`,
        end: `${y}-${mm}-${String(lastDayOfMonth(y, m)).padStart(2, '0')}`,
        label: `${y}/${mm}`,
      };
    case 'none': {
      if (!run) throw new Error('a statement per run needs the run');
      const [ry, rm, rd] = run.date.split('-');
      return { key: `run-${run.id}`, start: run.date, end: run.date, label: `${ry}/${rm}/${rd}/${run.id}` };
    }
  }
}
