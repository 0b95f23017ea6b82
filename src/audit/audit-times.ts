import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';

/** Snapshot fields that hold instants (epoch ms in the tables): createdAt, cancelledAt, suspendedUntil, applyUntil, at… */
const INSTANT_KEY = /(^at$|At$|^until$|Until$)/;
/** 2000-01-01 through 2199-12-31: the dates the service takes; a number outside is not an instant of its own. */
const MIN_INSTANT = Date.UTC(2000, 0, 1) - 86_400_000;
const MAX_INSTANT = Date.UTC(2200, 0, 1) + 86_400_000;

/**
 * An audit snapshot with its instants shown as the API shows instants, ISO
 * 8601 with the offset (in the service's default time zone: a snapshot does
 * not say which zone it belongs to, and the offset keeps the instant exact).
 */
export function withLocalTimes(value: unknown, key = '', timezone = DEFAULT_TIMEZONE): unknown {
  if (Array.isArray(value)) return value.map((item) => withLocalTimes(item, '', timezone));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLocalTimes(v, k, timezone)]));
  }
  if (typeof value === 'number' && Number.isInteger(value) && INSTANT_KEY.test(key) && value >= MIN_INSTANT && value <= MAX_INSTANT) {
    return formatInstant(value, timezone);
  }
  return value;
}
