import { DateTime, IANAZone } from 'luxon';

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export interface OccurrenceWindow {
  start: DateTime;
  end: DateTime;
}

/**
 * The instants of one occurrence. Times are wall-clock in the zone: a 06:00
 * session starts at 06:00 local on both sides of a DST change (so a night
 * across the change lasts an hour more or less in real time). An end at or
 * before the start means the next day (a night market). A start inside a DST
 * gap moves forward by the gap, as luxon does; the end then keeps the
 * session's nominal length, so an occurrence never ends before it starts.
 */
export function occurrenceWindow(date: string, startTime: string, endTime: string, zone: string): OccurrenceWindow {
  const start = DateTime.fromISO(`${date}T${startTime}`, { zone });
  const overnight = endTime <= startTime;
  const endDate = overnight ? DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()! : date;
  let end = DateTime.fromISO(`${endDate}T${endTime}`, { zone });
  if (end <= start) end = start.plus({ minutes: minutesOfDay(endTime) - minutesOfDay(startTime) + (overnight ? 24 * 60 : 0) });
  return { start, end };
}

function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** ISO 8601 with the zone's offset, to the second: `2026-12-01T06:00:00+08:00`. */
export function formatInstant(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs - (epochMs % 1000), { zone }).toISO({ suppressMilliseconds: true })!;
}

export function formatDateTime(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: true })!;
}

/** The local calendar date of an instant in a zone. */
export function localDate(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISODate()!;
}

/** Monday and Sunday of the ISO week containing a local date. */
export function isoWeek(date: string): { monday: string; sunday: string } {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  const monday = day.minus({ days: day.weekday - 1 });
  return { monday: monday.toISODate()!, sunday: monday.plus({ days: 6 }).toISODate()! };
}
