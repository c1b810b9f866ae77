/** A date column as the calendar day it holds ('YYYY-MM-DD'), whatever the driver returns (Date or text). */
export const calendarDay = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
