/**
 * The time range of GET /admin/trends from its query: `from` and `to` (ISO date-times, both
 * optional: the last 60 minutes up to now), widened to whole minutes (`to` up to the end of its
 * minute, so the minute in progress is shown), at most MAX_RANGE_DAYS long. The point size
 * grows with the range so that no answer has more than MAX_POINTS points (24 hours: one a minute).
 */
import { MINUTE_MS, minuteOf } from '@app/dal';
import type { FieldError } from '../../http/error-response.schema';

export const DEFAULT_RANGE_MINUTES = 60;
export const MAX_RANGE_DAYS = 7;
export const MAX_POINTS = 1_440;

export interface TrendsRange {
  readonly from: Date;
  readonly to: Date;
  readonly stepMinutes: number;
}

export function parseTrendsRange(raw: Record<string, unknown>, now: Date, fields: FieldError[]): TrendsRange {
  for (const name of Object.keys(raw)) if (name !== 'from' && name !== 'to') fields.push({ path: name, message: 'is not a parameter of trends (from, to)' });
  const date = (name: 'from' | 'to'): Date | null | undefined => {
    const value = raw[name];
    if (value === undefined || value === '') return undefined;
    const parsed = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (!Number.isNaN(parsed.getTime())) return parsed;
    fields.push({ path: name, message: 'must be an ISO date-time' });
    return null;
  };
  const givenTo = date('to');
  const givenFrom = date('from');
  const to = new Date(Math.ceil((givenTo ?? now).getTime() / MINUTE_MS) * MINUTE_MS);
  const from = minuteOf(givenFrom ?? new Date(to.getTime() - DEFAULT_RANGE_MINUTES * MINUTE_MS));
  const minutes = (to.getTime() - from.getTime()) / MINUTE_MS;
  if (givenFrom !== null && givenTo !== null) {
    if (minutes <= 0) fields.push({ path: 'from', message: 'must be before to' });
    else if (minutes > MAX_RANGE_DAYS * 1_440) fields.push({ path: 'to', message: `must be at most ${MAX_RANGE_DAYS} days after from` });
  }
  return { from, to, stepMinutes: Math.max(1, Math.ceil(minutes / MAX_POINTS)) };
}
