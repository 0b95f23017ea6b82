import { timeZonesNames } from '@vvo/tzdb';
import { IANAZone } from 'luxon';
import { Memo } from '../common/memo.js';
import { addDays } from './calendar.js';

/**
 * Local wall-clock time ↔ instants in an IANA zone. The zone rules come from
 * luxon (the platform's Intl time-zone data); what is computed here is only
 * memoised arithmetic on top: an offset lookup through Intl costs microseconds,
 * and a 366-day schedule needs thousands of them.
 */

const MINUTE = 60_000;
/** Offsets change only on 15-minute boundaries of UTC (all zones, Nepal's +05:45 included). */
const BUCKET = 15 * MINUTE;
/** Offsets by zone and quarter hour: ~35 k per zone-year, so a year of every zone in use fits. */
const offsets = new Memo<string, number>({ max: 500_000 });

/** The zone's UTC offset in minutes at an instant. */
export function offsetAt(zone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / BUCKET);
  return offsets.getOrMake(`${zone}|${bucket}`, () => IANAZone.create(zone).offset(epochMs));
}

/**
 * The instant of a local wall time. A wall time that happens twice (the hour
 * repeated when clocks go back) is its first, earlier instant; one that never
 * happens (skipped when clocks go forward) moves forward by the gap, as luxon
 * does. (luxon itself resolves the repeated hour by the offset in force on the
 * day it runs; this does not depend on the day it runs.)
 */
export function localToInstant(date: string, time: string, zone: string): number {
  const local = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(time.slice(0, 2)),
    Number(time.slice(3, 5)),
  );
  // Offsets just before and after: zones change offset at most once in any 28 hours.
  const before = offsetAt(zone, local - 14 * 60 * MINUTE);
  const after = offsetAt(zone, local + 14 * 60 * MINUTE);
  // Almost every day: no change of offset nearby, one answer.
  if (before === after) return local - before * MINUTE;
  const candidates = [local - before * MINUTE, local - after * MINUTE].filter(
    (instant, i) => offsetAt(zone, instant) === (i === 0 ? before : after),
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return local - Math.min(before, after) * MINUTE;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO 8601 with the zone's offset, to the second: `2026-12-01T06:00:00+08:00`. */
export function formatInstant(epochMs: number, zone: string): string {
  const seconds = epochMs - (epochMs % 1000);
  const offset = offsetAt(zone, seconds);
  const wall = new Date(seconds + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface OccurrenceWindow {
  /** Epoch milliseconds. */
  start: number;
  end: number;
}

function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The instants of one occurrence. Times are wall-clock in the zone: a 06:00
 * session starts at 06:00 local on both sides of a DST change (so a night
 * across the change lasts an hour more or less in real time). An end at or
 * before the start means the next day (a night market). A start inside a DST
 * gap moves forward by the gap; the end then keeps the session's nominal
 * length, so an occurrence never ends before it starts.
 */
export function occurrenceWindow(date: string, startTime: string, endTime: string, zone: string): OccurrenceWindow {
  const start = localToInstant(date, startTime, zone);
  const overnight = endTime <= startTime;
  let end = localToInstant(overnight ? addDays(date, 1) : date, endTime, zone);
  if (end <= start) end = start + (minutesOfDay(endTime) - minutesOfDay(startTime) + (overnight ? 24 * 60 : 0)) * MINUTE;
  return { start, end };
}

/** The local calendar date of an instant in a zone. */
export function localDate(epochMs: number, zone: string): string {
  return new Date(epochMs + offsetAt(zone, epochMs) * MINUTE).toISOString().slice(0, 10);
}

/**
 * Every time zone name the service accepts, in order: the IANA names of
 * @vvo/tzdb (current spellings: Asia/Kolkata, Europe/Kyiv), the names this
 * platform's ICU lists (older spellings: Asia/Calcutta), and UTC; each one
 * luxon can compute with. The OpenAPI document lists exactly these.
 */
export const TIME_ZONES: readonly string[] = [...new Set([...timeZonesNames, ...Intl.supportedValuesOf('timeZone'), 'UTC'])]
  .filter((zone) => IANAZone.isValidZone(zone))
  .sort();
const TIME_ZONE_SET = new Set(TIME_ZONES);

export function isKnownTimeZone(zone: unknown): boolean {
  return typeof zone === 'string' && TIME_ZONE_SET.has(zone);
}
