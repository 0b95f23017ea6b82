import jwt from 'jsonwebtoken';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from '../support/postgres.js';
import { ServerProcess, startServer } from '../support/server-process.js';

const SECRET = 'multi-instance-secret-multi-instance-secret-0123';
const ADMIN = { username: 'admin', password: 'admin-password-multi' };
const VENDORS = 200;
const SLOTS = 20;
const ROUNDS = 5;

async function call(base: string, path: string, token: string | null, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/**
 * Two app processes on one PostgreSQL database: the claim invariants must hold
 * across instances, enforced by the database (partial unique index, exclusion
 * constraint), not by either process's memory.
 */
describe('two instances on one PostgreSQL database', () => {
  let schema: TestSchema;
  let servers: ServerProcess[];
  let db: pg.Client;
  let staff: string;
  let vendorTokens: { id: string; token: string }[];

  beforeAll(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    const env = { DATABASE_URL: schema.url, JWT_SECRET: SECRET, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
    // Started together: one runs the migrations and creates the admin, the other waits or finds them done.
    servers = await Promise.all([startServer(env), startServer(env)]);
    staff = (await call(servers[0].url, '/api/auth/login', null, ADMIN)).body.accessToken;
    db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    vendorTokens = [];
    const now = Date.now();
    for (let i = 0; i < VENDORS; i++) {
      const id = randomUUID();
      const phone = `137${String(i).padStart(8, '0')}`;
      await db.query(`INSERT INTO users (id, username, password_hash, role, created_at) VALUES ($1, $2, 'scrypt$x', 'vendor', $3)`, [
        id,
        phone,
        now,
      ]);
      await db.query(
        `INSERT INTO vendors (id, name, phone, kind, categories, priority_groups, status, created_at, updated_at)
         VALUES ($1, $2, $3, 'vendor', '["vegetables","fruit","food"]', '[]', 'approved', $4, $4)`,
        [id, `摊主${i}`, phone, now],
      );
      vendorTokens.push({ id, token: jwt.sign({ sub: id, role: 'vendor' }, SECRET, { algorithm: 'HS256', expiresIn: 600 }) });
    }
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await schema?.drop();
  });

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
      const rows = await db.query(`SELECT count(*)::int AS n FROM claims WHERE vendor_id = $1 AND date = $2`, [vendor.id, date]);
      expect(rows.rows[0].n).toBe(1);
    }
  });
});
