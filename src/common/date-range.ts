import { addDays, daysBetween } from '../recurrence/calendar.js';
import { validationFailed } from './errors/domain-error.js';
import { DateField } from './fields.js';

export const MAX_RANGE_DAYS = 366;

export class DateRangeQuery {
  @DateField({ optional: true, example: '2026-12-01', description: 'first local date (inclusive)' })
  from?: string;

  @DateField({ optional: true, example: '2026-12-07', description: 'last local date (inclusive); at most 366 days after from' })
  to?: string;
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * Completes a range from its defaults and refuses one that runs backwards or
 * spans more than 366 days (a 100-year schedule request is a 400, not a long walk).
 */
export function resolveRange(query: DateRangeQuery, defaultFrom: string, defaultDays: number): DateRange {
  const from = query.from ?? (query.to ? addDays(query.to, -(defaultDays - 1)) : defaultFrom);
  const to = query.to ?? addDays(from, defaultDays - 1);
  if (to < from) throw validationFailed(`to (${to}) must not be before from (${from})`, 'to');
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    throw validationFailed(`the range ${from}..${to} spans more than ${MAX_RANGE_DAYS} days`, 'to');
  }
  return { from, to };
}
