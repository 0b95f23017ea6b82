import { DateTime } from 'luxon';
import pg from 'pg';
import { call as callRace, insertVendors, startTwoInstances, TwoInstances, Vendor } from '../support/races.js';
import type { ServerProcess } from '../support/server-process.js';

const SECRET = 'multi-instance-secret-multi-instance-secret-0123';
const ADMIN = { username: 'admin', password: 'admin-password-multi' };
const VENDORS = 200;
const SLOTS = 20;
const ROUNDS = 5;

/** A GET, or a POST of `body` (see races.ts: one connection per request). */
const call = (base: string, path: string, token: string | null, body?: object) => callRace(base, body ? 'POST' : 'GET', path, token, body);

/**
 * Two app processes on one PostgreSQL database: the claim invariants must hold
 * across instances, enforced by the database (partial unique index, exclusion
 * constraint), not by either process's memory.
 */
describe('two instances on one PostgreSQL database', () => {
  let two: TwoInstances;
  let servers: ServerProcess[];
  let db: pg.Client;
  let staff: string;
  let vendorTokens: Vendor[];

  beforeAll(async () => {
    // Started together: one runs the migrations and creates the admin, the other waits or finds them done.
    two = await startTwoInstances(SECRET, ADMIN);
    ({ servers, db, staff } = two);
    vendorTokens = await insertVendors(db, VENDORS, 7, SECRET);
  });

  afterAll(() => two?.stop());

  it(`gives ${SLOTS} slots to exactly ${SLOTS} of ${VENDORS} vendors claiming through both instances (${ROUNDS} rounds)`, async () => {
    const zone = (
      await call(servers[0].url, '/api/zones', staff, {
        name: '双实例',
        district: '南川区',
        address: 'x',
        latitude: 29.1,
        longitude: 107.1,
      })
    ).body;
    const stalls = (
      await call(servers[1].url, `/api/zones/${zone.id}/stalls/bulk`, staff, { prefix: 'M', count: SLOTS, category: 'general' })
    ).body.items;
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
    const session = (
      await call(servers[0].url, `/api/zones/${zone.id}/sessions`, staff, {
        name: 'evening',
        startTime: '23:00',
        endTime: '23:30',
        rrule: 'FREQ=DAILY',
        validFrom: today,
      })
    ).body;
    for (let round = 0; round < ROUNDS; round++) {
      const date = DateTime.fromISO(today)
        .plus({ days: 2 + round })
        .toISODate()!;
      const results = await Promise.all(
        vendorTokens.map((vendor, i) =>
          call(servers[i % 2].url, '/api/claims', vendor.token, { stallId: stalls[i % SLOTS].id, sessionId: session.id, date }),
        ),
      );
      const winners = results.filter((r) => r.status === 201);
      expect(results.filter((r) => r.status !== 201 && !(r.status === 409 && r.body.code === 'SLOT_TAKEN'))).toEqual([]);
      expect(winners).toHaveLength(SLOTS);
      const rows = await db.query(
        `SELECT id, stall_id, vendor_id FROM claims WHERE session_id = $1 AND date = $2 AND status IN ('confirmed', 'checked_in')`,
        [session.id, date],
      );
      expect(rows.rows.map((r) => r.id).sort()).toEqual(winners.map((w) => w.body.id).sort());
      expect(new Set(rows.rows.map((r) => r.stall_id)).size).toBe(SLOTS);
      expect(new Set(rows.rows.map((r) => r.vendor_id)).size).toBe(SLOTS);
    }
  });

  it(`lets a vendor hold one of 20 overlapping windows however the claims spread over the instances (${ROUNDS} rounds)`, async () => {
    const targets: { stallId: string; sessionId: string }[] = [];
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
    for (let i = 0; i < 20; i++) {
      const zone = (
        await call(servers[i % 2].url, '/api/zones', staff, {
          name: `重叠 ${i}`,
          district: '南川区',
          address: 'x',
          latitude: 29.1,
          longitude: 107.1,
        })
      ).body;
      const [stall] = (
        await call(servers[0].url, `/api/zones/${zone.id}/stalls/bulk`, staff, { prefix: 'O', count: 1, category: 'general' })
      ).body.items;
      const session = (
        await call(servers[1].url, `/api/zones/${zone.id}/sessions`, staff, {
          name: 'night',
          startTime: `20:${String(i).padStart(2, '0')}`,
          endTime: '23:00',
          rrule: 'FREQ=DAILY',
          validFrom: today,
        })
      ).body;
      targets.push({ stallId: stall.id, sessionId: session.id });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const vendor = vendorTokens[VENDORS - 1 - round];
      const date = DateTime.fromISO(today)
        .plus({ days: 2 + round })
        .toISODate()!;
      const results = await Promise.all(
        targets.map((target, i) => call(servers[i % 2].url, '/api/claims', vendor.token, { ...target, date })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.code === 'VENDOR_OVERLAP')).toHaveLength(19);
      // Only these 20 windows: the same vendor may also have won a place in the first test's later window that day.
      const rows = await db.query(`SELECT count(*)::int AS n FROM claims WHERE vendor_id = $1 AND date = $2 AND session_id = ANY($3)`, [
        vendor.id,
        date,
        targets.map((target) => target.sessionId),
      ]);
      expect(rows.rows[0].n).toBe(1);
    }
  });
});
