import jwt from 'jsonwebtoken';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from '../support/postgres.js';
import { ServerProcess, startServer } from '../support/server-process.js';

/*
 * Staff actions racing vendors' claims, across two app processes on one PostgreSQL schema.
 *
 * Each test fires a storm of requests at both instances, lets every request settle, then reads the
 * database and checks the invariant the one write rule (database.service.ts, `lockClause`) exists for.
 * Violations are collected over all rounds and asserted at the end, so a failure shows how many
 * rounds broke and how. No request or round has a time limit: the Jest timeout is the only guard.
 */

const SECRET = 'staff-races-secret-staff-races-secret-0123456789';
const ADMIN = { username: 'admin', password: 'admin-password-races' };
const TZ = 'Asia/Shanghai';
/** Vendors claiming at once in one round of a storm (each its own stall). */
const STORM = 40;
/** Rounds per race (race 2: per kind of staff change). */
const ROUNDS = { cancelOccurrence: 12, staffChange: 20, cancelVsCheckIn: 40, weeklyLimit: 12 };
/**
 * A storm's claims start after a random offset of up to STORM_OFFSET_MS (one per round), each after a
 * further random delay of up to CLAIM_SPREAD_MS; the staff call starts after a random delay of up to
 * STAFF_DELAY_MS. So the staff call lands among claims in flight on both instances, and in some
 * rounds before them all (the branch where the staff change wins).
 */
const STORM_OFFSET_MS = 20;
const CLAIM_SPREAD_MS = 40;
const STAFF_DELAY_MS = 30;
const TEST_TIMEOUT_MS = 15 * 60_000;

// ---------------------------------------------------------------------------------------------
// Helpers

interface Answer {
  status: number;
  body: Record<string, any>;
}

interface Vendor {
  id: string;
  token: string;
}

async function call(base: string, method: string, path: string, token: string, body?: object): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** Runs `work` after `baseMs` plus a random delay of up to `maxMs`: staggered starts. */
async function after<T>(maxMs: number, work: () => Promise<T>, baseMs = 0): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, baseMs + Math.random() * maxMs));
  return work();
}

/** A storm's claims: each started by `start` after the round's offset and its own random delay. */
async function storm<T>(count: number, start: (i: number) => Promise<T>): Promise<T[]> {
  const offset = Math.random() * STORM_OFFSET_MS;
  return Promise.all(Array.from({ length: count }, (_, i) => after(CLAIM_SPREAD_MS, () => start(i), offset)));
}

/** "201", "409 SLOT_TAKEN": an answer as one word, for tallies and messages. */
const outcome = (answer: Answer) => (answer.status < 300 ? String(answer.status) : `${answer.status} ${answer.body.code}`);

function tally(labels: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** The zone's local date `days` from today. */
function localDay(days: number, timezone = TZ): string {
  return DateTime.now().setZone(timezone).startOf('day').plus({ days }).toISODate()!;
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

/** An occurrence's instants as the service stores them: wall clock in the zone, an end at or before the start is the next day. */
function windowOf(date: string, startTime: string, endTime: string, timezone: string): { start: number; end: number } {
  const start = DateTime.fromISO(`${date}T${startTime}`, { zone: timezone });
  let end = DateTime.fromISO(`${date}T${endTime}`, { zone: timezone });
  if (end <= start) end = end.plus({ days: 1 });
  return { start: start.toMillis(), end: end.toMillis() };
}

/** Approved vendors written straight into the database, with tokens signed by the instances' shared secret. */
async function insertVendors(db: pg.Client, count: number, tag: number): Promise<Vendor[]> {
  const now = Date.now();
  const vendors: Vendor[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const phone = `13${tag}${String(i).padStart(8, '0')}`;
    await db.query(`INSERT INTO users (id, username, password_hash, role, created_at) VALUES ($1, $2, 'scrypt$x', 'vendor', $3)`, [
      id,
      phone,
      now,
    ]);
    await db.query(
      `INSERT INTO vendors (id, name, phone, kind, categories, priority_groups, status, created_at, updated_at)
       VALUES ($1, $2, $3, 'vendor', '["vegetables","fruit","food"]', '[]', 'approved', $4, $4)`,
      [id, `摊主${tag}-${i}`, phone, now],
    );
    vendors.push({ id, token: jwt.sign({ sub: id, role: 'vendor' }, SECRET, { algorithm: 'HS256', expiresIn: 3600 }) });
  }
  return vendors;
}

interface SessionSpec {
  startTime: string;
  endTime: string;
  validFrom: string;
}

interface Market {
  zoneId: string;
  stallIds: string[];
  sessionIds: string[];
}

/** A fresh zone with `stalls` general stalls and daily sessions, built through the API. */
async function buildMarket(
  base: string,
  staff: string,
  stalls: number,
  sessions: SessionSpec[],
  zone: { maxClaimsPerVendorPerWeek?: number; bookingHorizonDays?: number } = {},
): Promise<Market> {
  const created = await call(base, 'POST', '/api/zones', staff, {
    name: `竞态 ${randomUUID().slice(0, 8)}`,
    district: '南川区',
    address: 'x',
    latitude: 29.1,
    longitude: 107.1,
    timezone: TZ,
    ...zone,
  });
  expect(created.status).toBe(201);
  const bulk = await call(base, 'POST', `/api/zones/${created.body.id}/stalls/bulk`, staff, {
    prefix: 'R',
    count: stalls,
    category: 'general',
  });
  expect(bulk.status).toBe(201);
  const sessionIds: string[] = [];
  for (const [i, spec] of sessions.entries()) {
    const session = await call(base, 'POST', `/api/zones/${created.body.id}/sessions`, staff, {
      name: `s${i}`,
      rrule: 'FREQ=DAILY',
      ...spec,
    });
    expect(session.status).toBe(201);
    sessionIds.push(session.body.id);
  }
  return { zoneId: created.body.id, stallIds: bulk.body.items.map((s: { id: string }) => s.id), sessionIds };
}

/** Active = confirmed or checked_in (API.md). */
const ACTIVE = `status IN ('confirmed', 'checked_in')`;

// ---------------------------------------------------------------------------------------------

describe('staff actions racing claims on two instances (PostgreSQL)', () => {
  let schema: TestSchema;
  let servers: ServerProcess[];
  let db: pg.Client;
  let staff: string;
  const pools: Record<'occurrence' | 'change' | 'checkIn' | 'weekly', Vendor[]> = { occurrence: [], change: [], checkIn: [], weekly: [] };

  /** The instance for the i-th request: requests alternate between the two. */
  const via = (i: number) => servers[i % 2].url;

  beforeAll(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    const env = { DATABASE_URL: schema.url, JWT_SECRET: SECRET, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
    servers = await Promise.all([startServer(env), startServer(env)]);
    const login = await fetch(`${servers[0].url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    staff = ((await login.json()) as { accessToken: string }).accessToken;
    db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    // One pool of vendors per race, so that no race's claims overlap another's in time.
    pools.occurrence = await insertVendors(db, STORM, 1);
    pools.change = await insertVendors(db, STORM, 2);
    pools.checkIn = await insertVendors(db, ROUNDS.cancelVsCheckIn, 3);
    pools.weekly = await insertVendors(db, ROUNDS.weeklyLimit, 4);
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await db?.end();
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await schema?.drop();
  });

  /**
   * Race 1. Cancelling an occurrence while ~40 vendors claim stalls of that date through both
   * instances. Proves the cancellation and the claims serialize on the session row: a claim either
   * committed before the cancellation (201, then cancelled by the market) or saw the cancellation
   * (422 OCCURRENCE_CANCELLED). None stays confirmed on a cancelled day.
   */
  it(
    `cancelling an occurrence during a claim storm leaves no active claim on it (${ROUNDS.cancelOccurrence} rounds × ${STORM} claims)`,
    async () => {
      const violations: string[] = [];
      const seen: string[] = [];
      for (let round = 0; round < ROUNDS.cancelOccurrence; round++) {
        const date = localDay(1 + round);
        const market = await buildMarket(via(round), staff, STORM, [{ startTime: '18:00', endTime: '19:00', validFrom: localDay(0) }]);
        const [sessionId] = market.sessionIds;
        const claims = storm(STORM, (i) =>
          call(via(i), 'POST', '/api/claims', pools.occurrence[i].token, { stallId: market.stallIds[i], sessionId, date }),
        );
        const cancel = after(STAFF_DELAY_MS, () =>
          call(via(round + 1), 'POST', `/api/sessions/${sessionId}/cancellations`, staff, { date, reason: '暴雨预警' }),
        );
        const [cancelled, answers] = await Promise.all([cancel, claims]);

        const acknowledged = answers.filter((a) => a.status === 201);
        seen.push(`${acknowledged.length} of ${STORM} claims acknowledged`);
        if (cancelled.status !== 201) violations.push(`round ${round}: cancellation answered ${outcome(cancelled)}`);
        const odd = answers.filter((a) => a.status !== 201 && !(a.status === 422 && a.body.code === 'OCCURRENCE_CANCELLED'));
        if (odd.length > 0) violations.push(`round ${round}: claims answered ${JSON.stringify(tally(odd.map(outcome)))}`);

        const rows = await db.query<{ id: string; status: string }>(`SELECT id, status FROM claims WHERE session_id = $1 AND date = $2`, [
          sessionId,
          date,
        ]);
        const notCancelled = rows.rows.filter((r) => r.status !== 'cancelled_by_market');
        if (notCancelled.length > 0) {
          violations.push(
            `round ${round}: ${notCancelled.length} claims on the cancelled day are ${JSON.stringify(tally(notCancelled.map((r) => r.status)))}`,
          );
        }
        const stored = new Set(rows.rows.map((r) => r.id));
        const lost = acknowledged.filter((a) => !stored.has(a.body.id));
        if (lost.length > 0) violations.push(`round ${round}: ${lost.length} acknowledged claims missing`);
        // Every claim acknowledged before the cancellation is one it cancelled; the rest were refused.
        if (cancelled.status === 201 && cancelled.body.claimsCancelled !== acknowledged.length) {
          violations.push(`round ${round}: claimsCancelled ${cancelled.body.claimsCancelled}, claims acknowledged ${acknowledged.length}`);
        }
      }
      console.log(`race 1 (cancel occurrence): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  /**
   * Race 2. A staff change that would move or remove claimed occurrences, during a claim storm on
   * a fresh zone and session. Proves the change and the claims serialize on the session row (the
   * zone row for a time zone change): either the change is refused with 409 SESSION_HAS_CLAIMS
   * because claims committed first, or it succeeded and the claims made during it follow it. No
   * active claim may remain at the old times, on a date that is no longer an occurrence, on a
   * deleted session or at the old offset. Each claim's stored instants must be those of the
   * session's current timing in the zone's current time zone.
   */
  const STAFF_CHANGES: {
    kind: string;
    /** Claims of each kind at their own time of day, so one vendor's claims never overlap across kinds. */
    times: { startTime: string; endTime: string };
    change: (base: string, market: Market, date: string) => Promise<Answer>;
    /** Refusals a claim may get once the change has committed first. */
    refusals: string[];
  }[] = [
    {
      kind: 'PATCH startTime/endTime',
      times: { startTime: '06:00', endTime: '07:00' },
      change: (base, m) => call(base, 'PATCH', `/api/sessions/${m.sessionIds[0]}`, staff, { startTime: '07:00', endTime: '08:00' }),
      refusals: [],
    },
    {
      kind: 'PATCH validFrom past the stormed date',
      times: { startTime: '09:00', endTime: '10:00' },
      change: (base, m, date) => call(base, 'PATCH', `/api/sessions/${m.sessionIds[0]}`, staff, { validFrom: addDays(date, 1) }),
      refusals: ['422 NOT_AN_OCCURRENCE'],
    },
    {
      kind: 'DELETE session',
      times: { startTime: '12:00', endTime: '13:00' },
      change: (base, m) => call(base, 'DELETE', `/api/sessions/${m.sessionIds[0]}`, staff),
      refusals: ['404 NOT_FOUND'],
    },
    {
      kind: 'PATCH zone timezone',
      times: { startTime: '15:00', endTime: '16:00' },
      change: (base, m) => call(base, 'PATCH', `/api/zones/${m.zoneId}`, staff, { timezone: 'Asia/Tokyo' }),
      refusals: [],
    },
  ];

  it.each(STAFF_CHANGES)(
    `$kind during a claim storm: refused with 409 SESSION_HAS_CLAIMS, or no claim left behind (${ROUNDS.staffChange} rounds × ${STORM} claims)`,
    async ({ kind, times, change, refusals }) => {
      const violations: string[] = [];
      const seen: string[] = [];
      for (let round = 0; round < ROUNDS.staffChange; round++) {
        const date = localDay(2 + round);
        // A horizon past the last round's date: each round storms its own day.
        const market = await buildMarket(via(round), staff, STORM, [{ ...times, validFrom: date }], { bookingHorizonDays: 30 });
        const [sessionId] = market.sessionIds;
        const claims = storm(STORM, (i) =>
          call(via(i), 'POST', '/api/claims', pools.change[i].token, { stallId: market.stallIds[i], sessionId, date }),
        );
        const staffCall = after(STAFF_DELAY_MS, () => change(via(round + 1), market, date));
        const [changed, answers] = await Promise.all([staffCall, claims]);

        const acknowledged = answers.filter((a) => a.status === 201).length;
        const applied = changed.status === 200 || changed.status === 204;
        seen.push(applied ? 'change applied' : outcome(changed));
        if (!applied && !(changed.status === 409 && changed.body.code === 'SESSION_HAS_CLAIMS')) {
          violations.push(`round ${round}: staff call answered ${outcome(changed)} ${JSON.stringify(changed.body)}`);
        }
        const odd = answers.filter((a) => a.status !== 201 && !refusals.includes(outcome(a)));
        if (odd.length > 0) violations.push(`round ${round}: claims answered ${JSON.stringify(tally(odd.map(outcome)))}`);

        // The session and zone as they are now, and every active claim on the session.
        const session = (
          await db.query<{ start_time: string; end_time: string; valid_from: string; deleted_at: string | null }>(
            `SELECT start_time, end_time, valid_from, deleted_at FROM market_sessions WHERE id = $1`,
            [sessionId],
          )
        ).rows[0];
        const { timezone } = (await db.query<{ timezone: string }>(`SELECT timezone FROM zones WHERE id = $1`, [market.zoneId])).rows[0];
        const active = (
          await db.query<{ date: string; start_at: string; end_at: string }>(
            `SELECT date, start_at, end_at FROM claims WHERE session_id = $1 AND ${ACTIVE}`,
            [sessionId],
          )
        ).rows;
        if (active.length !== acknowledged) violations.push(`round ${round}: ${acknowledged} claims acknowledged, ${active.length} active`);
        const wrong: string[] = [];
        for (const claim of active) {
          const expected = windowOf(claim.date, session.start_time, session.end_time, timezone);
          if (session.deleted_at !== null) wrong.push('on a deleted session');
          else if (claim.date < session.valid_from) wrong.push('on a date that is no longer an occurrence');
          else if (Number(claim.start_at) !== expected.start || Number(claim.end_at) !== expected.end) {
            const oldOffset = Number(claim.start_at) === windowOf(claim.date, times.startTime, times.endTime, TZ).start;
            wrong.push(oldOffset ? 'at the old times/offset' : 'at instants matching no timing');
          }
        }
        if (wrong.length > 0) {
          violations.push(`round ${round}: staff ${outcome(changed)}, ${wrong.length} active claims ${JSON.stringify(tally(wrong))}`);
        }
      }
      console.log(`race 2 (${kind}): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  /**
   * Race 3. A vendor's cancel (through one instance) racing a staff check-in (through the other) of
   * the same claim. Proves the two status changes serialize on the claim row: exactly one wins, the
   * other answers 409 INVALID_STATE_TRANSITION (a vendor cancels only a confirmed claim):
   *  - cancel first: cancel 200, check-in 409, final `cancelled`;
   *  - check-in first: check-in 200, cancel 409, final `checked_in`.
   * Anything else (both 200, a lost update) is a violation.
   */
  it(
    `a vendor's cancel racing a staff check-in of the same claim: exactly one wins (${ROUNDS.cancelVsCheckIn} rounds)`,
    async () => {
      // Check-in opens 30 minutes before the start and the vendor may cancel until the start: an
      // occurrence starting ~20 minutes from now (the servers use the real clock) allows both.
      const start = DateTime.now().setZone(TZ).plus({ minutes: 21 }).startOf('minute');
      const date = start.toISODate()!;
      const market = await buildMarket(via(0), staff, ROUNDS.cancelVsCheckIn, [
        { startTime: start.toFormat('HH:mm'), endTime: start.plus({ hours: 1 }).toFormat('HH:mm'), validFrom: date },
      ]);
      const [sessionId] = market.sessionIds;
      const claimed = await Promise.all(
        pools.checkIn.map((vendor, i) =>
          call(via(i), 'POST', '/api/claims', vendor.token, { stallId: market.stallIds[i], sessionId, date }),
        ),
      );
      expect(claimed.map(outcome)).toEqual(claimed.map(() => '201'));

      const violations: string[] = [];
      const seen: string[] = [];
      for (let round = 0; round < ROUNDS.cancelVsCheckIn; round++) {
        const claimId = claimed[round].body.id as string;
        // One through each instance; which one starts first, and by how much, varies by round.
        const [cancel, checkIn] = await Promise.all([
          after(round % 2 === 0 ? 3 : 0, () => call(via(round), 'POST', `/api/claims/${claimId}/cancel`, pools.checkIn[round].token)),
          after(round % 2 === 0 ? 0 : 3, () => call(via(round + 1), 'POST', `/api/claims/${claimId}/check-in`, staff)),
        ]);
        const row = (
          await db.query<{ status: string; checked_in_at: string | null; cancelled_at: string | null }>(
            `SELECT status, checked_in_at, cancelled_at FROM claims WHERE id = $1`,
            [claimId],
          )
        ).rows[0];
        const answers = `cancel ${outcome(cancel)}, check-in ${outcome(checkIn)}`;
        const refused = (a: Answer) => a.status === 409 && a.body.code === 'INVALID_STATE_TRANSITION';

        let order: string | null = null;
        if (cancel.status === 200 && refused(checkIn) && row.status === 'cancelled' && row.checked_in_at === null) order = 'cancel first';
        else if (checkIn.status === 200 && refused(cancel) && row.status === 'checked_in' && row.cancelled_at === null) {
          order = 'check-in first';
        }
        seen.push(order ?? 'no serial order');
        if (order === null) {
          violations.push(
            `round ${round}: ${answers}; final ${row.status} (checked_in_at ${row.checked_in_at ?? '–'}, cancelled_at ${
              row.cancelled_at ?? '–'
            })`,
          );
        }
      }
      console.log(`race 3 (cancel vs check-in): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  /**
   * Race 4. The weekly limit with staff standing assignments: a zone allowing 2 claims per vendor
   * per week, two assignments for one vendor (different stalls and sessions, same ISO week) and
   * four claims of that vendor in the same week, all at once through both instances. Proves that
   * assignments take the vendor's row lock like claims do, so the count is exact: the vendor ends
   * with at most 2 active claims in that week of that zone.
   */
  it(
    `two staff assignments and four claims at once keep a vendor within a weekly limit of 2 (${ROUNDS.weeklyLimit} rounds)`,
    async () => {
      const violations: string[] = [];
      const seen: string[] = [];
      // Next ISO week, Monday to Saturday: every day within the default 14-day booking horizon.
      const monday = DateTime.now().setZone(TZ).startOf('week').plus({ weeks: 1 });
      const day = (n: number) => monday.plus({ days: n }).toISODate()!;
      for (let round = 0; round < ROUNDS.weeklyLimit; round++) {
        const vendor = pools.weekly[round];
        const market = await buildMarket(
          via(round),
          staff,
          6,
          [
            { startTime: '06:00', endTime: '08:00', validFrom: localDay(0) },
            { startTime: '10:00', endTime: '12:00', validFrom: localDay(0) },
            { startTime: '18:00', endTime: '20:00', validFrom: localDay(0) },
          ],
          { maxClaimsPerVendorPerWeek: 2 },
        );
        const [s1, s2, s3] = market.sessionIds;
        const stall = market.stallIds;
        // Six different days: the vendor's claims never overlap, only the weekly limit can refuse them.
        const assignments = [
          { vendorId: vendor.id, stallId: stall[0], sessionId: s1, from: day(0), to: day(0) },
          { vendorId: vendor.id, stallId: stall[1], sessionId: s2, from: day(1), to: day(1) },
        ];
        const claims = [
          { stallId: stall[2], sessionId: s1, date: day(2) },
          { stallId: stall[3], sessionId: s2, date: day(3) },
          { stallId: stall[4], sessionId: s3, date: day(4) },
          { stallId: stall[5], sessionId: s1, date: day(5) },
        ];
        const [assigned, claimed] = await Promise.all([
          Promise.all(
            assignments.map((body, i) => after(STAFF_DELAY_MS, () => call(via(round + i), 'POST', '/api/assignments', staff, body))),
          ),
          storm(claims.length, (i) => call(via(round + i + 1), 'POST', '/api/claims', vendor.token, claims[i])),
        ]);

        const odd = [
          ...assigned.filter((a) => a.status !== 201).map((a) => `assignment ${outcome(a)}`),
          ...assigned
            .flatMap((a) => (a.body.conflicts ?? []) as { code: string }[])
            .filter((c) => c.code !== 'WEEKLY_LIMIT')
            .map((c) => `assignment conflict ${c.code}`),
          ...claimed.filter((a) => a.status !== 201 && outcome(a) !== '422 WEEKLY_LIMIT').map((a) => `claim ${outcome(a)}`),
        ];
        if (odd.length > 0) violations.push(`round ${round}: ${JSON.stringify(tally(odd))}`);

        const acknowledged =
          assigned.reduce((n, a) => n + ((a.body.created as unknown[] | undefined)?.length ?? 0), 0) +
          claimed.filter((a) => a.status === 201).length;
        const { n: held } = (
          await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM claims WHERE vendor_id = $1 AND zone_id = $2 AND ${ACTIVE}`, [
            vendor.id,
            market.zoneId,
          ])
        ).rows[0];
        seen.push(`${held} held`);
        if (held > 2) violations.push(`round ${round}: the vendor holds ${held} active claims in a week limited to 2`);
        if (held !== acknowledged) violations.push(`round ${round}: ${acknowledged} acknowledged, ${held} held`);
      }
      console.log(`race 4 (weekly limit): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
