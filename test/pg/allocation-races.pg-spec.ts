import pg from 'pg';
import {
  ACTIVE,
  after,
  buildMarket,
  call,
  insertVendors,
  localDay,
  outcome,
  STAFF_DELAY_MS,
  startTwoInstances,
  storm,
  tally,
  TwoInstances,
  Vendor,
} from '../support/races.js';

/*
 * Fair allocation and discipline racing claims, across two app processes on one PostgreSQL schema.
 *
 * - A cancelled claim's stall is offered, in the cancelling transaction, to the first in line; a
 *   storm of direct claims on both instances must never slip in between the release and the offer,
 *   nor past an acceptance: afterwards exactly one vendor holds the slot, the one the offer went to.
 * - Two violations of one vendor recorded at once on the two instances count as the 1st and the
 *   2nd (never both 1st), so the 2nd suspends; claims the vendor makes meanwhile either commit
 *   before the suspension (and are cancelled by it) or are refused: no active claim stays inside
 *   the suspended period.
 */

const SECRET = 'allocation-races-secret-allocation-races-0123456';
const ADMIN = { username: 'admin', password: 'admin-password-races' };
const ROUNDS = 10;
const STORM = 12;
const WAITING = 4;
const TEST_TIMEOUT_MS = 15 * 60_000;

/** An instant a minute ago, RFC 3339 with seconds. */
const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('allocation and discipline racing claims on two instances (PostgreSQL)', () => {
  let two: TwoInstances;
  let staff: string;
  let db: pg.Client;
  let vendors: Vendor[];
  const via = (i: number) => two.via(i);

  beforeAll(async () => {
    two = await startTwoInstances(SECRET, ADMIN);
    ({ db, staff } = two);
    vendors = await insertVendors(db, 1 + WAITING + STORM + ROUNDS, 8, SECRET);
  }, TEST_TIMEOUT_MS);

  afterAll(() => two?.stop());

  it(
    `a released stall goes to the first in line, never to a claim storm (${ROUNDS} rounds, ${STORM} claims each)`,
    async () => {
      const [holder, ...rest] = vendors;
      const waiting = rest.slice(0, WAITING);
      const stormers = rest.slice(WAITING, WAITING + STORM);
      const violations: string[] = [];
      const seen: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const date = localDay(2 + r);
        const market = await buildMarket(via(r), staff, 1, [{ startTime: '06:00', endTime: '07:00', validFrom: localDay(0) }], {
          bookingHorizonDays: 30,
        });
        const slot = { stallId: market.stallIds[0], sessionId: market.sessionIds[0], date };
        const held = await call(via(r), 'POST', '/api/claims', holder.token, slot);
        expect(outcome(held)).toBe('201');
        for (const [i, vendor] of waiting.entries()) {
          const joined = await call(via(i), 'POST', '/api/waitlist', vendor.token, {
            zoneId: market.zoneId,
            sessionId: slot.sessionId,
            date,
            category: 'general',
          });
          expect(outcome(joined)).toBe('201');
        }

        // The release and the storm.
        const cancel = after(STAFF_DELAY_MS, () => call(via(r), 'POST', `/api/claims/${held.body.id}/cancel`, holder.token));
        const claims = storm(STORM, (i) => call(via(i), 'POST', '/api/claims', stormers[i].token, slot));
        const [cancelled, stormed] = await Promise.all([cancel, claims]);
        if (cancelled.status !== 200) violations.push(`round ${r}: the cancel answered ${outcome(cancelled)}`);
        const won = stormed.filter((a) => a.status === 201);
        if (won.length > 0) violations.push(`round ${r}: ${won.length} storm claims took the released stall`);

        // The acceptance and a second storm.
        const offers = await call(via(r), 'GET', '/api/vendors/me/offers', waiting[0].token);
        const offer = (offers.body.items as { id: string; status: string; date: string }[]).find(
          (o) => o.date === date && o.status === 'open',
        );
        if (!offer) {
          violations.push(`round ${r}: the first in line has no open offer (${JSON.stringify(offers.body.items)})`);
          continue;
        }
        const accept = after(STAFF_DELAY_MS, () => call(via(r + 1), 'POST', `/api/offers/${offer.id}/accept`, waiting[0].token));
        const again = storm(STORM, (i) => call(via(i + 1), 'POST', '/api/claims', stormers[i].token, slot));
        const [accepted, stormedAgain] = await Promise.all([accept, again]);
        if (accepted.status !== 201) violations.push(`round ${r}: the acceptance answered ${outcome(accepted)}`);
        const wonAgain = stormedAgain.filter((a) => a.status === 201);
        if (wonAgain.length > 0) violations.push(`round ${r}: ${wonAgain.length} storm claims took the offered stall`);

        const holders = await db.query<{ vendor_id: string; source: string }>(
          `SELECT vendor_id, source FROM claims WHERE stall_id = $1 AND session_id = $2 AND date = $3 AND ${ACTIVE}`,
          [slot.stallId, slot.sessionId, date],
        );
        const expected = [{ vendor_id: waiting[0].id, source: 'offer' }];
        if (JSON.stringify(holders.rows) !== JSON.stringify(expected)) {
          violations.push(`round ${r}: the slot is held by ${JSON.stringify(holders.rows)}`);
        }
        seen.push(...[...stormed, ...stormedAgain].map(outcome));
      }
      console.log(`offer race (release and acceptance vs claim storms): ${JSON.stringify(tally(seen))}`);
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `two violations at once rank 1st and 2nd, and the suspension leaves no claim of the vendor inside it (${ROUNDS} rounds)`,
    async () => {
      const violations: string[] = [];
      const culprits = vendors.slice(1 + WAITING + STORM);
      for (let r = 0; r < ROUNDS; r++) {
        const vendor = culprits[r];
        const market = await buildMarket(via(r), staff, 1, [{ startTime: '10:00', endTime: '11:00', validFrom: localDay(0) }], {
          bookingHorizonDays: 30,
          maxClaimsPerVendorPerWeek: 7,
        });
        const run = (day: number) => ({ stallId: market.stallIds[0], sessionId: market.sessionIds[0], date: localDay(day) });
        for (const day of [1, 2, 3]) expect(outcome(await call(via(day), 'POST', '/api/claims', vendor.token, run(day)))).toBe('201');

        const record = (i: number) =>
          after(STAFF_DELAY_MS, () =>
            call(via(i), 'POST', `/api/vendors/${vendor.id}/violations`, staff, {
              type: 'litter',
              occurredAt: aMinuteAgo(),
              zoneId: market.zoneId,
              note: `round ${r}`,
            }),
          );
        const claims = storm(3, (i) => call(via(i), 'POST', '/api/claims', vendor.token, run(4 + i)));
        const [first, second, claimed] = await Promise.all([record(0), record(1), claims]);
        for (const answer of [first, second])
          if (answer.status !== 201) violations.push(`round ${r}: a violation answered ${outcome(answer)}`);
        const ranks = [first.body.rank, second.body.rank].sort();
        if (JSON.stringify(ranks) !== '[1,2]') violations.push(`round ${r}: ranks ${JSON.stringify(ranks)}`);
        const odd = claimed.filter((a) => a.status !== 201 && !(a.status === 403 && a.body.code === 'VENDOR_SUSPENDED'));
        if (odd.length > 0) violations.push(`round ${r}: claims answered ${JSON.stringify(tally(odd.map(outcome)))}`);

        const state = await db.query<{ status: string; suspended_until: string }>(
          'SELECT status, suspended_until FROM vendors WHERE id = $1',
          [vendor.id],
        );
        if (state.rows[0].status !== 'suspended') violations.push(`round ${r}: the vendor is ${state.rows[0].status}`);
        const inside = await db.query(`SELECT id FROM claims WHERE vendor_id = $1 AND ${ACTIVE} AND start_at < $2`, [
          vendor.id,
          Number(state.rows[0].suspended_until),
        ]);
        if (inside.rows.length > 0) violations.push(`round ${r}: ${inside.rows.length} active claims inside the suspension`);
      }
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
