/**
 * Instants written in a time zone with its offset, for the file formats: ISO 8601
 * ('2026-04-15T10:30:00+02:00', CAMT) and OFX ('20260415103000.000[+2:CEST]').
 */
interface Parts {
  date: string;
  time: string;
  /** Minutes east of UTC. */
  offset: number;
  zoneName: string;
}

function partsIn(instant: Date, timeZone: string): Parts {
  const fields = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const wall = Date.UTC(
    Number(fields.year),
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
  const offset = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  return {
    date: `${fields.year}-${fields.month}-${fields.day}`,
    time: `${fields.hour}:${fields.minute}:${fields.second}`,
    offset,
    zoneName: zoneAbbreviation(instant, timeZone),
  };
}

/**
 * The zone's abbreviation then ('CEST', 'EST'), for OFX; '' when none is known. Intl gives
 * letters for American zones in en-US and for European ones in en-GB, 'GMT+1' otherwise.
 */
function zoneAbbreviation(instant: Date, timeZone: string): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,6}$/.test(name)) return name;
  }
  return '';
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The instant as ISO 8601 in the zone, with its offset: '2026-04-15T10:30:00+02:00'. */
export function isoDateTimeIn(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.date}T${p.time}${isoOffset(p.offset)}`;
}

/** The calendar day of the instant in the zone: '2026-04-15'. */
export function dayIn(instant: Date, timeZone: string): string {
  return partsIn(instant, timeZone).date;
}

/** The wall-clock time `time` ('00:00:00') of `day` in the zone, as ISO 8601 with the zone's offset then. */
export function isoWallTime(day: string, time: string, timeZone: string): string {
  // The offset at that wall time: read it at the UTC instant of the same digits, then correct once.
  const guess = new Date(`${day}T${time}Z`);
  const first = partsIn(guess, timeZone).offset;
  const offset = partsIn(new Date(guess.getTime() - first * 60_000), timeZone).offset;
  return `${day}T${time}${isoOffset(offset)}`;
}

function ofxOffset(minutes: number, zoneName: string): string {
  const hours = minutes / 60;
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(2);
  return `[${minutes < 0 ? '' : '+'}${text}${zoneName ? `:${zoneName}` : ''}]`;
}

/** The instant as OFX's datetime in the zone: '20260415103000.000[+2:CEST]'. */
export function ofxDateTimeIn(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.date.replaceAll('-', '')}${p.time.replaceAll(':', '')}.000${ofxOffset(p.offset, p.zoneName)}`;
}

/** A calendar day in OFX's form: '20260415'. */
export const ofxDay = (day: string): string => day.replaceAll('-', '');
