import pg from 'pg';
import {
  ACTIVE,
  after,
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
  Vendor,
} from '../support/races.js';

/*
 * Rosters racing claims, across two app processes on one PostgreSQL schema.
 *
 * Generation reads who is present (active claims, locked shared) and writes the turns; a claim
 * cancelled meanwhile must take its vendor off whatever the generation wrote (ClaimEvents), so
 * after everything settles no turn on a run belongs to a vendor without an active claim on it.
 * Two generations of one zone at once serialize on the zone's duties: never more turns than the
 * headcount, and the same roster as one generation alone.
 */

const SECRET = 'roster-races-secret-roster-races-secret-012345678';
const ADMIN = { username: 'admin', password: 'admin-password-races' };
const VENDORS = 20;
const HEADCOUNT = 6;
const ROUNDS = 12;
const TEST_TIMEOUT_MS = 15 * 60_000;

describe('rosters racing claims on two instances (PostgreSQL)', () => {
  let two: TwoInstances;
  let staff: string;
  let db: pg.Client;
  let vendors: Vendor[];
  const via = (i: number) => two.via(i);

  beforeAll(async () => {
    two = await startTwoInstances(SECRET, ADMIN);
    ({ db, staff } = two);
    vendors = await insertVendors(db, VENDORS, 7, SECRET);
  }, TEST_TIMEOUT_MS);

  afterAll(() => two?.stop());

  /** A market of its own per round (its own time of day), every vendor holding a stall on `date`, and a duty of HEADCOUNT. */
  async function round(index: number, date: string): Promise<{ market: Market; claimIds: string[]; dutyId: string }> {
    const hour = String(index % 2 === 0 ? 6 : 14).padStart(2, '0');
    const market = await buildMarket(
      via(index),
      staff,
      VENDORS,
      [{ startTime: `${hour}:00`, endTime: `${hour}:30`, validFrom: localDay(0) }],
      {
        bookingHorizonDays: 30,
      },
    );
    const [sessionId] = market.sessionIds;
    const claimIds: string[] = [];
    for (const [i, vendor] of vendors.entries()) {
      const made = await call(via(i), 'POST', '/api/claims', vendor.token, { stallId: market.stallIds[i], sessionId, date });
      expect(outcome(made)).toBe('201');
      claimIds.push(made.body.id);
    }
    const duty = await call(via(index), 'POST', `/api/zones/${market.zoneId}/duties`, staff, {
      name: '清扫',
      sessionId,
      rrule: 'FREQ=DAILY',
      headcount: HEADCOUNT,
    });
    expect(outcome(duty)).toBe('201');
    return { market, claimIds, dutyId: duty.body.id };
  }

  it(
    `cancelling claims during a generation leaves no turn to a vendor who is not there (${ROUNDS} rounds, ${VENDORS / 2} cancellations each)`,
    async () => {
      const violations: string[] = [];
      const seen: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Dates apart per round, and the two times of day alternate: no vendor's claims overlap.
        const date = localDay(2 + r);
        const { market, claimIds } = await round(r, date);
        // The cancellations fall among the lowest ids, the ones a generation picks first.
        const leaving = vendors
          .map((vendor, i) => ({ vendor, claimId: claimIds[i] }))
          .sort((a, b) => (a.vendor.id < b.vendor.id ? -1 : 1))
          .slice(0, VENDORS / 2);
        const generation = after(STAFF_DELAY_MS, () =>
          call(via(r), 'POST', `/api/zones/${market.zoneId}/roster/generate`, staff, { from: date, to: date }),
        );
        const cancels = storm(leaving.length, (i) =>
          call(via(i + 1), 'POST', `/api/claims/${leaving[i].claimId}/cancel`, leaving[i].vendor.token),
        );
        const [generated, cancelled] = await Promise.all([generation, cancels]);
        if (generated.status !== 201) violations.push(`round ${r}: generation answered ${outcome(generated)}`);
        const odd = cancelled.filter((a) => a.status !== 200);
        if (odd.length > 0) violations.push(`round ${r}: cancellations answered ${JSON.stringify(tally(odd.map(outcome)))}`);

        const turns = await db.query<{ vendor_id: string; present: boolean }>(
          `SELECT e.vendor_id, EXISTS (SELECT 1 FROM claims c WHERE c.vendor_id = e.vendor_id AND c.session_id = e.session_id
             AND c.date = e.date AND c.${ACTIVE}) AS present
           FROM roster_entries e WHERE e.zone_id = $1`,
          [market.zoneId],
        );
        const absent = turns.rows.filter((row) => !row.present);
        if (absent.length > 0) violations.push(`round ${r}: ${absent.length} turns belong to vendors whose claim was cancelled`);
        if (turns.rows.length > HEADCOUNT) violations.push(`round ${r}: ${turns.rows.length} turns for a headcount of ${HEADCOUNT}`);
        seen.push(`${turns.rows.length} turns kept`);
      }
      console.log(`roster race (generate vs cancel): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `two generations of one zone at once, one per instance, give one roster (${ROUNDS} rounds)`,
    async () => {
      const violations: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const date = localDay(2 + ROUNDS + r);
        const { market } = await round(r, date);
        const generate = (i: number) =>
          after(STAFF_DELAY_MS, () => call(via(i), 'POST', `/api/zones/${market.zoneId}/roster/generate`, staff, { from: date, to: date }));
        const answers = await Promise.all([generate(0), generate(1)]);
        for (const answer of answers) if (answer.status !== 201) violations.push(`round ${r}: generation answered ${outcome(answer)}`);
        const rows = await db.query<{ vendor_id: string }>('SELECT vendor_id FROM roster_entries WHERE zone_id = $1 ORDER BY vendor_id', [
          market.zoneId,
        ]);
        const expected = vendors
          .map((v) => v.id)
          .sort()
          .slice(0, HEADCOUNT);
        if (JSON.stringify(rows.rows.map((row) => row.vendor_id)) !== JSON.stringify(expected)) {
          violations.push(`round ${r}: ${rows.rows.length} turns, not the ${HEADCOUNT} lowest ids`);
        }
        // Both answers show the roster as it stood when each committed: the same turns.
        const turnsOf = (answer: (typeof answers)[number]) =>
          JSON.stringify((answer.body.items as { vendorId: string }[]).map((item) => item.vendorId).sort());
        if (answers.every((a) => a.status === 201) && turnsOf(answers[0]) !== turnsOf(answers[1])) {
          violations.push(`round ${r}: the two answers differ`);
        }
      }
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
