const DAY = 86_400_000;

/**
 * Business days (Monday to Friday, UTC calendar days) that have begun after `since` up to
 * `now`: from Friday to the next Monday is 1, from Monday to the next Monday is 5.
 */
export function businessDaysSince(since: Date, now: Date): number {
  const start = Math.floor(since.getTime() / DAY);
  const end = Math.floor(now.getTime() / DAY);
  if (end <= start) return 0;
  const whole = Math.floor((end - start) / 7);
  let count = whole * 5;
  for (let day = start + whole * 7 + 1; day <= end; day += 1) {
    // 1 January 1970 was a Thursday: day 0 is weekday 4.
    const weekday = (day + 4) % 7;
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}
