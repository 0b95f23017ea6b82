// Seeding helpers for the benchmark: write zones, stalls, sessions, vendors and a
// year of past claims straight into the app's SQLite file with better-sqlite3
// (the app must be stopped while seeding; it has already applied its migrations).
//
// Column lists follow src/database/migrations/sqlite/ (Init, and SettledClaims for `settled`):
// ids are UUID strings, instants epoch milliseconds, local dates 'YYYY-MM-DD'.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
// The app's own rule (the bench runs after `npm run build`).
import { SETTLE_AFTER_MS } from '../dist/claims/claim-rules.js';
import { statSync } from 'node:fs';
import { DateTime } from 'luxon';

export const TIMEZONE = 'Asia/Shanghai';

/** The three daily markets of every zone. Their windows never overlap each other. */
export const WINDOWS = [
  { name: 'morning', start: '06:00', end: '09:00' },
  { name: 'noon', start: '11:00', end: '13:00' },
  { name: 'evening', start: '18:00', end: '21:00' },
];

/** "Nanchuan scale": one district's markets. */
export const NANCHUAN = {
  zones: 31,
  stalls: 2100,
  gridZoneStalls: 68,
  vendors: 500,
  // The contract's default is 7; the bench raises it so the weekly limit never refuses a claim.
  maxClaimsPerVendorPerWeek: 1000,
  bookingHorizonDays: 14,
  sessionValidFromDaysBack: 400,
};

const VENDOR_CATEGORIES = JSON.stringify(['vegetables', 'fruit', 'food', 'general']);
const VENDOR_KINDS = ['vegetable_farmer', 'fruit_farmer', 'vendor'];

/** Today's local date in `zone`, 'YYYY-MM-DD'. */
export function localToday(zone = TIMEZONE, now = Date.now()) {
  return DateTime.fromMillis(now, { zone }).toISODate();
}

/** Calendar arithmetic on 'YYYY-MM-DD' (no time zone involved). */
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant (epoch ms) of local wall time `hhmm` on `date` in `zone`. */
export function instant(date, hhmm, zone = TIMEZONE) {
  const value = DateTime.fromISO(`${date}T${hhmm}`, { zone });
  if (!value.isValid) throw new Error(`invalid local time ${date} ${hhmm} in ${zone}`);
  return value.toMillis();
}

/** Start and end instants of a window on a date (an end at or before the start is the next day). */
export function windowInstants(date, window, zone = TIMEZONE) {
  const start = instant(date, window.start, zone);
  const endDate = window.end <= window.start ? addDays(date, 1) : date;
  return { start, end: instant(endDate, window.end, zone) };
}

/** Stalls per zone, as even as possible (2,100 over 31: 23 zones of 68 and 8 of 67). */
export function stallsPerZone(zones, stalls, mustHave) {
  const base = Math.floor(stalls / zones);
  const extra = stalls % zones;
  const counts = Array.from({ length: zones }, (_, i) => base + (i < extra ? 1 : 0));
  if (mustHave !== undefined && !counts.includes(mustHave)) {
    // Give zone 0 exactly `mustHave` and spread the rest evenly.
    const rest = stallsPerZone(zones - 1, stalls - mustHave);
    return [mustHave, ...rest];
  }
  return counts;
}

export function openDatabase(path, { readonly = false } = {}) {
  const db = new Database(path, { readonly, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  return db;
}

function requireTables(db, names) {
  const have = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all());
  const missing = names.filter((name) => !have.has(name));
  if (missing.length) throw new Error(`the database has no table(s) ${missing.join(', ')}: did the app apply its migrations?`);
}

/**
 * Zones, stalls, sessions and approved vendors in one transaction.
 * Returns the layout the scenarios need (ids in a stable order).
 */
export function seedBase(path, options = {}) {
  const o = { ...NANCHUAN, ...options };
  const now = Date.now();
  const today = options.today ?? localToday();
  const validFrom = addDays(today, -o.sessionValidFromDaysBack);
  const db = openDatabase(path);
  try {
    requireTables(db, ['zones', 'stalls', 'market_sessions', 'users', 'vendors', 'claims']);
    const existing = db.prepare('SELECT count(*) FROM zones').pluck().get();
    if (existing > 0) throw new Error(`expected an empty database, found ${existing} zones`);

    const insertZone = db.prepare(`INSERT INTO zones (id, name, district, address, latitude, longitude, timezone, description,
      max_claims_per_vendor_per_week, booking_horizon_days, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 'active', ?, ?)`);
    const insertStall = db.prepare(`INSERT INTO stalls (id, zone_id, code, category, status, created_at)
      VALUES (?, ?, ?, 'general', 'open', ?)`);
    const insertSession = db.prepare(`INSERT INTO market_sessions (id, zone_id, name, start_time, end_time, rrule, valid_from,
      valid_until, version, deleted_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'FREQ=DAILY', ?, NULL, 1, NULL, ?, ?)`);
    const insertUser = db.prepare(`INSERT INTO users (id, username, password_hash, role, created_at)
      VALUES (?, ?, 'bench:no-password-login', 'vendor', ?)`);
    const insertVendor = db.prepare(`INSERT INTO vendors (id, name, phone, kind, categories, priority_groups, status,
      status_reason, suspended_until, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, '[]', 'approved', NULL, NULL, ?, ?)`);

    const counts = stallsPerZone(o.zones, o.stalls, o.gridZoneStalls);
    const layout = { today, validFrom, zones: [], vendors: [], stalls: [] };
    db.transaction(() => {
      counts.forEach((stallCount, z) => {
        const zone = { id: randomUUID(), name: `南川潮汐摊区 ${z + 1} 号`, stalls: [], sessions: [] };
        insertZone.run(
          zone.id,
          zone.name,
          '南川区',
          `金佛大道 ${z + 1} 号旁`,
          29.157 + z * 0.002,
          107.099 + z * 0.002,
          TIMEZONE,
          o.maxClaimsPerVendorPerWeek,
          o.bookingHorizonDays,
          now,
          now,
        );
        const width = Math.max(2, String(stallCount).length);
        for (let s = 0; s < stallCount; s++) {
          const stall = { id: randomUUID(), code: `A${String(s + 1).padStart(width, '0')}`, zoneIndex: z };
          insertStall.run(stall.id, zone.id, stall.code, now);
          zone.stalls.push(stall);
          layout.stalls.push(stall);
        }
        for (const window of WINDOWS) {
          const id = randomUUID();
          insertSession.run(id, zone.id, window.name, window.start, window.end, validFrom, now, now);
          zone.sessions.push(id);
        }
        layout.zones.push(zone);
      });
      for (let v = 0; v < o.vendors; v++) {
        const id = randomUUID();
        const phone = `139${String(v).padStart(8, '0')}`;
        insertUser.run(id, phone, now);
        insertVendor.run(id, `摊主${v + 1}`, phone, VENDOR_KINDS[v % VENDOR_KINDS.length], VENDOR_CATEGORIES, now, now);
        layout.vendors.push(id);
      }
    })();
    layout.gridZone = layout.zones.find((zone) => zone.stalls.length === o.gridZoneStalls);
    return layout;
  } finally {
    db.close();
  }
}

/**
 * Guard triggers on claims (BEFORE INSERT … RAISE), i.e. the vendor-overlap
 * trigger. Every stall is claimed for every past session, by 500 vendors, so a
 * vendor holds ~4 claims in the same window of a day (impossible through the
 * API, harmless for the past): the guard is dropped while seeding and
 * recreated from its stored SQL afterwards. Triggers that maintain data are
 * left in place.
 */
function guardTriggers(db) {
  return db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'`)
    .all()
    .filter((t) => /BEFORE\s+INSERT/i.test(t.sql) && /RAISE\s*\(/i.test(t.sql));
}

/**
 * A year (or `days`) of past claims: every stall × every session × every past
 * day, mostly checked_in, ~5 % cancelled and, older than 40 days, ~4 % no_show
 * (so no vendor is inside a no-show block now). One transaction per day.
 */
export function seedHistory(path, layout, { days, today = localToday(), daysPerTransaction = 1, onProgress } = {}) {
  const db = openDatabase(path);
  const started = performance.now();
  let rows = 0;
  const dropped = guardTriggers(db);
  try {
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000'); // 1 GB page cache for this connection only
    for (const t of dropped) db.exec(`DROP TRIGGER "${t.name}"`);
    // As the app leaves them: ids are UUIDv7 of the creation time, claims that ended more than
    // SETTLE_AFTER_MS ago are settled (the sweeper's job in the app).
    const insertRow = db.prepare(`INSERT INTO claims (id, vendor_id, stall_id, session_id, zone_id, date, start_at, end_at,
      status, source, created_at, updated_at, checked_in_at, cancelled_at, settled)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'claim', ?, ?, ?, ?, ?)`);
    const settledBefore = Date.now() - SETTLE_AFTER_MS;
    // Rows of a transaction are written in order of creation, as the app would have (ids ascending).
    let pending = [];
    const insert = (...row) => pending.push(row);
    const CREATED_AT = 8; // createdAt's position among insert()'s arguments
    const flush = () => {
      pending.sort((a, b) => a[CREATED_AT] - b[CREATED_AT]);
      for (const [
        vendorId,
        stallId,
        sessionId,
        zoneId,
        date,
        start,
        end,
        status,
        createdAt,
        updatedAt,
        checkedInAt,
        cancelledAt,
      ] of pending) {
        insertRow.run(
          uuidv7({ msecs: createdAt }),
          vendorId,
          stallId,
          sessionId,
          zoneId,
          date,
          start,
          end,
          status,
          createdAt,
          updatedAt,
          checkedInAt,
          cancelledAt,
          end <= settledBefore ? 1 : 0,
        );
      }
      pending = [];
    };
    const vendors = layout.vendors;
    const zones = layout.zones;
    const stallCount = layout.stalls.length;
    const insertDay = (date, age, dayIndex) => {
      WINDOWS.forEach((window, w) => {
        const { start, end } = windowInstants(date, window);
        let s = 0;
        for (const zone of zones) {
          const sessionId = zone.sessions[w];
          for (const stall of zone.stalls) {
            const k = (dayIndex * WINDOWS.length + w) * stallCount + s;
            const vendorId = vendors[k % vendors.length];
            const r = (s * 37 + dayIndex * 11 + w * 5) % 100;
            const createdAt = start - 2 * 86_400_000 - ((s * 7919) % 86_400_000);
            if (r < 5) {
              const cancelledAt = start - 86_400_000 + r * 60_000;
              insert(vendorId, stall.id, sessionId, zone.id, date, start, end, 'cancelled', createdAt, cancelledAt, null, cancelledAt);
            } else if (r < 9 && age > 40) {
              insert(vendorId, stall.id, sessionId, zone.id, date, start, end, 'no_show', createdAt, end + 60_000, null, null);
            } else {
              const checkedInAt = start - 20 * 60_000 + r * 30_000;
              insert(vendorId, stall.id, sessionId, zone.id, date, start, end, 'checked_in', createdAt, checkedInAt, checkedInAt, null);
            }
            s++;
            rows++;
          }
        }
      });
    };
    const insertDays = db.transaction((ages) => {
      for (const age of ages) insertDay(addDays(today, -age), age, days - age);
      flush();
    });
    for (let age = days; age >= 1; age -= daysPerTransaction) {
      const ages = [];
      for (let a = age; a >= Math.max(1, age - daysPerTransaction + 1); a--) ages.push(a);
      insertDays(ages);
      onProgress?.({ done: days - ages.at(-1) + 1, days, rows });
    }
  } finally {
    for (const t of dropped) db.exec(t.sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  return { rows, seconds: (performance.now() - started) / 1000, guardTriggersRecreated: dropped.map((t) => t.name) };
}

/**
 * Cancels the active claim, if any, of each [stallId, sessionId, date] slot
 * (status 'cancelled', row kept), so the next run finds those slots, and those
 * vendors' windows, free again. One look-up per slot through the partial unique
 * index on active slots, the one index the invariants need, whatever else the
 * app's migrations add or drop.
 */
export function cancelActiveClaims(db, slots) {
  const now = Date.now();
  const update = db.prepare(`UPDATE claims SET status = 'cancelled', cancelled_at = ?, updated_at = ?
    WHERE stall_id = ? AND session_id = ? AND date = ? AND status IN ('confirmed', 'checked_in') AND NOT settled`);
  let changed = 0;
  db.transaction(() => {
    for (const [stallId, sessionId, date] of slots) changed += update.run(now, now, stallId, sessionId, date).changes;
  })();
  return changed;
}

export function fileSizes(path) {
  const size = (p) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return { db: size(path), wal: size(`${path}-wal`), shm: size(`${path}-shm`) };
}
