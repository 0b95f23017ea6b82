import { addDays } from '../recurrence/calendar.js';
import { localDate, localToInstant } from '../recurrence/local-time.js';

/**
 * The local date of an instant per time zone, remembering the last day seen in each zone as an
 * interval of instants: a search asks for a dozen zones' dates at one instant, nearly always
 * inside the day it asked about before.
 */
export class LocalDays {
  private readonly days = new Map<string, { date: string; start: number; end: number }>();

  dateOf(at: number, timezone: string): string {
    const day = this.days.get(timezone);
    if (day && day.start <= at && at < day.end) return day.date;
    const date = localDate(at, timezone);
    const start = localToInstant(date, '00:00', timezone);
    const end = localToInstant(addDays(date, 1), '00:00', timezone);
    // A day that starts at a skipped midnight (a clock change at 00:00) is not remembered: its bounds are approximate.
    if (localDate(start, timezone) === date && localDate(end - 1, timezone) === date) this.days.set(timezone, { date, start, end });
    return date;
  }
}
