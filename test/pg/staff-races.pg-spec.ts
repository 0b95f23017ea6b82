import { DateTime } from 'luxon';
import pg from 'pg';
import {
  ACTIVE,
  addDays,
  after,
  Answer,
  buildMarket,
  call,
  insertVendors,
  localDay,
  Market,
  outcome,
  STAFF_DELAY_MS,
  startTwoInstances,
  storm,
  tally,
  TwoInstances,
  TZ,
  Vendor,
  windowOf,
} from '../support/races.js';

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
/** Vendors claiming at once in one round of a storm (each its own stall). */
const STORM = 40;
/** Rounds per race (race 2: per kind of staff change). */
const ROUNDS = { cancelOccurrence: 12, staffChange: 20, cancelVsCheckIn: 40, weeklyLimit: 12, closure: 12 };
const TEST_TIMEOUT_MS = 15 * 60_000;

describe('staff actions racing claims on two instances (PostgreSQL)', () => {
  let two: TwoInstances;
  let db: pg.Client;
  let staff: string;
  const pools: Record<'occurrence' | 'change' | 'checkIn' | 'weekly', Vendor[]> = { occurrence: [], change: [], checkIn: [], weekly: [] };
  const via = (i: number) => two.via(i);

  beforeAll(async () => {
    two = await startTwoInstances(SECRET, ADMIN);
    ({ db, staff } = two);
    // One pool of vendors per race, so that no race's claims overlap another's in time.
    pools.occurrence = await insertVendors(db, STORM, 1, SECRET);
    pools.change = await insertVendors(db, STORM, 2, SECRET);
    pools.checkIn = await insertVendors(db, ROUNDS.cancelVsCheckIn, 3, SECRET);
    pools.weekly = await insertVendors(db, ROUNDS.weeklyLimit, 4, SECRET);
  }, TEST_TIMEOUT_MS);

  afterAll(() => two?.stop());

  /**
   * Races 1 and 5: a storm of STORM claims on one run of a fresh market through both instances,
   * and `close` (a staff action that cancels that run) fired STAFF_DELAY_MS into it. Every claim
   * either committed first (201, then cancelled by the market, and counted in the action's
   * claimsCancelled) or saw the closed run (422 OCCURRENCE_CANCELLED); none stays active, none
   * acknowledged is lost. Returns what the round broke, and how many claims were acknowledged.
   */
  async function closeDuringStorm(
    round: number,
    times: { startTime: string; endTime: string },
    close: (market: Market, sessionId: string, date: string) => Promise<Answer>,
  ): Promise<{ violations: string[]; seen: string }> {
    const violations: string[] = [];
    const date = localDay(1 + round);
    const market = await buildMarket(via(round), staff, STORM, [{ ...times, validFrom: localDay(0) }]);
    const [sessionId] = market.sessionIds;
    const claims = storm(STORM, (i) =>
      call(via(i), 'POST', '/api/claims', pools.occurrence[i].token, { stallId: market.stallIds[i], sessionId, date }),
    );
    const [closed, answers] = await Promise.all([after(STAFF_DELAY_MS, () => close(market, sessionId, date)), claims]);

    const acknowledged = answers.filter((a) => a.status === 201);
    if (closed.status !== 201) violations.push(`round ${round}: the staff action answered ${outcome(closed)}`);
    const odd = answers.filter((a) => a.status !== 201 && !(a.status === 422 && a.body.code === 'OCCURRENCE_CANCELLED'));
    if (odd.length > 0) violations.push(`round ${round}: claims answered ${JSON.stringify(tally(odd.map(outcome)))}`);

    const rows = await db.query<{ id: string; status: string }>(`SELECT id, status FROM claims WHERE session_id = $1 AND date = $2`, [
      sessionId,
      date,
    ]);
    const notCancelled = rows.rows.filter((r) => r.status !== 'cancelled_by_market');
    if (notCancelled.length > 0) {
      violations.push(
        `round ${round}: ${notCancelled.length} claims on the closed run are ${JSON.stringify(tally(notCancelled.map((r) => r.status)))}`,
      );
    }
    const stored = new Set(rows.rows.map((r) => r.id));
    const lost = acknowledged.filter((a) => !stored.has(a.body.id));
    if (lost.length > 0) violations.push(`round ${round}: ${lost.length} acknowledged claims missing`);
    // Every claim acknowledged before the action is one it cancelled; the rest were refused.
    if (closed.status === 201 && closed.body.claimsCancelled !== acknowledged.length) {
      violations.push(`round ${round}: claimsCancelled ${closed.body.claimsCancelled}, claims acknowledged ${acknowledged.length}`);
    }
    return { violations, seen: `${acknowledged.length} of ${STORM} claims acknowledged` };
  }

  /**
   * Race 1. Cancelling an occurrence while ~40 vendors claim stalls of that date through both
   * instances. Proves the cancellation and the claims serialize on the session row.
   */
  it(
    `cancelling an occurrence during a claim storm leaves no active claim on it (${ROUNDS.cancelOccurrence} rounds × ${STORM} claims)`,
    async () => {
      const violations: string[] = [];
      const seen: string[] = [];
      for (let round = 0; round < ROUNDS.cancelOccurrence; round++) {
        const result = await closeDuringStorm(round, { startTime: '18:00', endTime: '19:00' }, (_market, sessionId, date) =>
          call(via(round + 1), 'POST', `/api/sessions/${sessionId}/cancellations`, staff, { date, reason: '暴雨预警' }),
        );
        violations.push(...result.violations);
        seen.push(result.seen);
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

  /**
   * Race 5. An area closure (POST /api/closures, the rainstorm case) during a claim storm through
   * both instances: it takes the zone shared, then the session for update, then cancels the
   * claims, in one transaction, so the claims serialize against it as against one cancellation.
   * Vendors of race 1 claim again here, two hours later in the day.
   */
  it(
    `closing an area during a claim storm leaves no active claim on the closed runs (${ROUNDS.closure} rounds × ${STORM} claims)`,
    async () => {
      const violations: string[] = [];
      const seen: string[] = [];
      for (let round = 0; round < ROUNDS.closure; round++) {
        const result = await closeDuringStorm(round, { startTime: '20:00', endTime: '21:00' }, async (market, _sessionId, date) => {
          const closed = await call(via(round + 1), 'POST', '/api/closures', staff, {
            date,
            reason: '暴雨红色预警',
            zoneIds: [market.zoneId],
          });
          if (closed.status === 201 && closed.body.occurrences !== 1)
            violations.push(`round ${round}: closed ${closed.body.occurrences} runs, not 1`);
          return closed;
        });
        violations.push(...result.violations);
        seen.push(result.seen);
      }
      console.log(`race 5 (area closure): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
