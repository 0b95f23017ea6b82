import { useI18n } from 'vue-i18n';
import { dateInZone, distance, monthDay, relativeDay, wallClock, weekday } from '../shared/format';

/** The page's wording of distances, sessions and days, in the current language and the zone's time. */
export function useMarketWords() {
  const { t, te } = useI18n();

  const sessionName = (name: string) => (te(`sessionNames.${name}`) ? t(`sessionNames.${name}`) : name);

  /** `今天` / `Tomorrow` / `周三 12-09`. */
  const day = (date: string, timezone: string) => {
    const relative = relativeDay(date, dateInZone(timezone, new Date()));
    return relative ? t(`week.${relative}`) : `${t(`weekdays.${weekday(date)}`)} ${monthDay(date)}`;
  };

  return {
    sessionName,
    day,
    distance(metres: number) {
      const { unit, value } = distance(metres);
      return t(unit === 'm' ? 'zone.distanceM' : 'zone.distanceKm', { n: value });
    },
    /** `晚市 · 今天 18:00–21:00`, in the zone's local time. */
    session(run: { name: string; start: string; end: string }, timezone: string) {
      const start = wallClock(run.start);
      return `${sessionName(run.name)} · ${day(start.date, timezone)} ${start.time}–${wallClock(run.end).time}`;
    },
  };
}
