/** Counts kept per minute (trends, busy SKUs) are keyed by the minute's start. */
export const MINUTE_MS = 60_000;

/** The start of the minute `at` falls in. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}
