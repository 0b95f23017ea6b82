// The claims the claim scenarios send, the recycling of those claims between runs, and what the
// bench reads back from the database (read-only connections next to the running app). Why claims
// are cancelled between runs: "Capacity of the claim rush" in bench/README.md.
import { NANCHUAN, WINDOWS, addDays, cancelActiveClaims, openDatabase } from './seed.mjs';

/** The claim id in a 201 answer (a regular expression: no JSON parsing in the hot loop). */
export const CLAIM_ID = /"id"\s*:\s*"([0-9a-fA-F-]{36})"/;

export const claimBody = (stallId, sessionId, date) => `{"stallId":"${stallId}","sessionId":"${sessionId}","date":"${date}"}`;

/**
 * The claim scenarios' shared state, made once after seeding: the claim-rush generator over
 * tomorrow … today+13, contention's date (today+14, so the two never meet) and the recycler.
 */
export function planClaims({ today, layout, tokens, dbPath, report }) {
  const rushDates = Array.from({ length: NANCHUAN.bookingHorizonDays - 1 }, (_, i) => addDays(today, i + 1)); // tomorrow … today+13
  const contentionDate = addDays(today, NANCHUAN.bookingHorizonDays); // today+14, only for contention
  const recycler = createRecycler(dbPath);
  const rush = rushGenerator(layout, rushDates, tokens, recycler.touch);
  report.options.claimRush = { dates: [rushDates[0], rushDates.at(-1)], cycle: rush.cycle, contentionDate };
  return { rush, recycler, contentionDate };
}

/**
 * Remembers every slot the bench may have claimed ([stallId, sessionId, date]) and, on
 * `recycle()`, cancels their active claims once the app has finished what was in flight.
 */
function createRecycler(dbPath) {
  let touched = [];
  return {
    touch: (slot) => touched.push(slot),
    async recycle() {
      await quiet(dbPath);
      const slots = touched;
      touched = [];
      const db = openDatabase(dbPath);
      try {
        return cancelActiveClaims(db, slots);
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Every request a distinct free slot, and no vendor twice in one window of a
 * day. Windows of the same name overlap across zones (06:00–09:00 everywhere),
 * so 500 vendors hold at most 500 × 3 windows × 13 dates = 19,500 claims: a
 * "cycle". Index i → vendor i mod 500, (window, date) next, stall spread over
 * the zones. Any `cycle` consecutive indices are pairwise compatible; before
 * each run the bench cancels the previous run's claims (rows stay), so each
 * run can use up to one cycle.
 */
function rushGenerator(layout, dates, tokens, onSlot) {
  const V = layout.vendors.length;
  const W = WINDOWS.length;
  const WD = W * dates.length;
  const S = layout.stalls.length;
  if (V > S) throw new Error('the claim rush needs at least as many stalls as vendors');
  const cycle = V * WD;
  let cursor = 0;
  let runStart = 0;
  return {
    cycle,
    restartRun: () => {
      runStart = cursor;
    },
    usedThisRun: () => cursor - runStart,
    next() {
      const i = cursor++;
      const v = i % V;
      const wd = Math.floor(i / V) % WD;
      const c = Math.floor(i / cycle);
      const w = wd % W;
      const stall = layout.stalls[(v + wd * 97 + c * V) % S];
      const sessionId = layout.zones[stall.zoneIndex].sessions[w];
      const date = dates[Math.floor(wd / W)];
      onSlot([stall.id, sessionId, date]);
      return { auth: tokens[v], body: claimBody(stall.id, sessionId, date) };
    },
  };
}

// ---------------------------------------------------------------- database look-ups (read-only)
function readOnly(dbPath, read) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export const countClaims = (dbPath) => readOnly(dbPath, (db) => db.prepare('SELECT count(*) FROM claims').pluck().get());

/** How many of these claim ids are not in the claims table (the durability check). */
export const missingClaims = (dbPath, ids) =>
  readOnly(dbPath, (db) => {
    const find = db.prepare('SELECT 1 FROM claims WHERE id = ?').pluck();
    return ids.reduce((missing, id) => missing + (find.get(id) ? 0 : 1), 0);
  });

/** Active (confirmed or checked-in, unsettled) claims on the contention target's slots. */
export const activeClaims = (dbPath, { stalls, sessionId, date }) =>
  readOnly(dbPath, (db) => {
    const holder = db
      .prepare(
        `SELECT count(*) FROM claims WHERE stall_id = ? AND session_id = ? AND date = ? AND status IN ('confirmed', 'checked_in') AND NOT settled`,
      )
      .pluck();
    return stalls.reduce((sum, stall) => sum + holder.get(stall.id, sessionId, date), 0);
  });

/** Waits until the app has finished the requests still in flight when autocannon stopped (no new claim row for 300 ms). */
export async function quiet(dbPath, { stableMs = 300, maxMs = 10_000 } = {}) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    let probe;
    try {
      probe = db.prepare('SELECT max(rowid) FROM claims').pluck();
    } catch {
      probe = db.prepare('SELECT count(*) FROM claims').pluck(); // a table without rowid
    }
    const started = Date.now();
    let last = probe.get();
    let since = Date.now();
    while (Date.now() - started < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = probe.get();
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= stableMs) {
        return;
      }
    }
  } finally {
    db.close();
  }
}
