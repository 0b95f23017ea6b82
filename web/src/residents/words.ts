import { useI18n } from 'vue-i18n';
import { dateInZone, monthDay, relativeDay, wallClock, weekday } from '../shared/format';
import { distanceLabel, sessionLabel } from '../shared/i18n';

/** The page's wording of distances, sessions and days, in the current language and the zone's time. */
export function useMarketWords() {
  const { t } = useI18n();

  /** `今天` / `Tomorrow` / `周三 12-09`. */
  const day = (date: string, timezone: string) => {
    const relative = relativeDay(date, dateInZone(timezone, new Date()));
    return relative ? t(`week.${relative}`) : `${t(`weekdays.${weekday(date)}`)} ${monthDay(date)}`;
  };

  return {
    sessionName: sessionLabel,
    day,
    distance: distanceLabel,
    /** `晚市 · 今天 18:00–21:00`, in the zone's local time. */
    session(run: { name: string; start: string; end: string }, timezone: string) {
      const start = wallClock(run.start);
      return `${sessionLabel(run.name)} · ${day(start.date, timezone)} ${start.time}–${wallClock(run.end).time}`;
    },
  };
}
