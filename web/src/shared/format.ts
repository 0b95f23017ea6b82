// Pure formatting of the API's values (no DOM, no Vue): dates and times are shown in the
// zone's own time zone, never the browser's. The API writes instants with the zone's UTC
// offset (`2026-12-01T18:00:00+08:00`), so their wall-clock date and time are read from
// the text itself; "today" in a zone comes from Intl with the zone's IANA name.

/** `2026-12-01T18:00:00+08:00` → `{ date: '2026-12-01', time: '18:00' }`, the zone's wall clock. */
export function wallClock(instant: string): { date: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(instant);
  if (!match) throw new Error(`not an instant: ${instant}`);
  return { date: match[1], time: match[2] };
}

/** 0 (Sunday) … 6 (Saturday) of a local date `YYYY-MM-DD`. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The local date `YYYY-MM-DD` in a time zone at an instant. */
export function dateInZone(timezone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    at,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The local date at `at` where the clock runs at the UTC offset written in `instant`
 * (`2026-12-03T07:30:00+04:00` → +04:00): "today" in the zone an API instant came from, when the
 * zone's IANA name is not at hand.
 */
export function dateAtOffsetOf(instant: string, at: Date): string {
  const match = /([+-])(\d{2}):(\d{2})$|Z$/.exec(instant);
  const minutes = match && match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 10);
}

/** The local date `days` after `date` (calendar days, not 24-hour steps). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 'today' | 'tomorrow' for dates relative to the zone's today, else null. */
export function relativeDay(date: string, today: string): 'today' | 'tomorrow' | null {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  return null;
}

/** `12-05` from `2026-12-05`. */
export function monthDay(date: string): string {
  return date.slice(5);
}

/** Under a kilometre in metres (rounded to 10), beyond it in kilometres with one decimal. */
export function distance(metres: number): { unit: 'm' | 'km'; value: string } {
  if (metres < 1000) return { unit: 'm', value: String(Math.max(10, Math.round(metres / 10) * 10)) };
  return { unit: 'km', value: (metres / 1000).toFixed(1) };
}

export type RuleSummary =
  { kind: 'daily' } | { kind: 'weekly'; days: number[] } | { kind: 'monthly' } | { kind: 'yearly' } | { kind: 'other'; rule: string };

const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * A session's RRULE in words for the common cases (every day, weekly on days);
 * anything with an interval, count or other parts is shown as the rule itself.
 */
export function summarizeRule(rrule: string): RuleSummary {
  const parts = new Map(
    rrule
      .toUpperCase()
      .split(';')
      .filter(Boolean)
      .map((part) => part.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ');
  parts.delete('FREQ');
  parts.delete('WKST');
  if (parts.get('INTERVAL') === '1') parts.delete('INTERVAL');
  if (freq === 'DAILY' && parts.size === 0) return { kind: 'daily' };
  if (freq === 'WEEKLY' && parts.size === 0) return { kind: 'weekly', days: [] };
  if (freq === 'WEEKLY' && parts.size === 1 && parts.has('BYDAY')) {
    const days = parts
      .get('BYDAY')!
      .split(',')
      .map((day) => BYDAY.indexOf(day));
    if (days.every((day) => day >= 0)) return { kind: 'weekly', days: [...new Set(days)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)) };
  }
  if (freq === 'MONTHLY' && parts.size === 0) return { kind: 'monthly' };
  if (freq === 'YEARLY' && parts.size === 0) return { kind: 'yearly' };
  return { kind: 'other', rule: rrule };
}

/** Groups items by a key, keeping the order of first appearance (a schedule ordered by start stays so). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): { key: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].map(([k, grouped]) => ({ key: k, items: grouped }));
}
