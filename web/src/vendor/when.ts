import { i18n } from '../shared/i18n';
import { dateInZone, monthDay, relativeDay, wallClock, weekday } from '../shared/format';

/** `今天 12-02` / `明天 12-03` / `周五 12-05`: a local date in words, relative to today in the zone's calendar. */
export function dayLabel(date: string, timezone = 'Asia/Shanghai'): string {
  const t = i18n.global.t;
  const relative = relativeDay(date, dateInZone(timezone, new Date()));
  const word = relative ? t(`week.${relative}`) : t(`weekdays.${weekday(date)}`);
  return `${word} ${monthDay(date)}`;
}

/** A claim's or slot's window in the zone's wall-clock time. */
export function windowOf(item: { date: string; start: string; end: string }, timezone?: string) {
  return { date: dayLabel(item.date, timezone), from: wallClock(item.start).time, to: wallClock(item.end).time };
}
