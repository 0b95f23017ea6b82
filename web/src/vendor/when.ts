import { i18n } from '../shared/i18n';
import { dateAtOffsetOf, dateInZone, monthDay, relativeDay, wallClock, weekday } from '../shared/format';

/** `今天 12-02` / `明天 12-03` / `周五 12-05`: a local date in words, relative to today in the zone's calendar. */
export function dayLabel(date: string, timezone = 'Asia/Shanghai'): string {
  return labelOf(date, dateInZone(timezone, new Date()));
}

/** dayLabel for a date of the zone an API instant came from (an offer's expiresAt): "today" at that instant's offset. */
export function dayLabelNear(date: string, instant: string): string {
  return labelOf(date, dateAtOffsetOf(instant, new Date()));
}

function labelOf(date: string, today: string): string {
  const t = i18n.global.t;
  const relative = relativeDay(date, today);
  const word = relative ? t(`week.${relative}`) : t(`weekdays.${weekday(date)}`);
  return `${word} ${monthDay(date)}`;
}

/** A claim's or slot's window in the zone's wall-clock time. */
export function windowOf(item: { date: string; start: string; end: string }, timezone?: string) {
  return { date: dayLabel(item.date, timezone), from: wallClock(item.start).time, to: wallClock(item.end).time };
}
