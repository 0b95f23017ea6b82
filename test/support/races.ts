import jwt from 'jsonwebtoken';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import pg from 'pg';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from './postgres.js';
import { ServerProcess, startServer } from './server-process.js';

/*
 * What the two-instance PostgreSQL race tests (test/pg/*-races) share: calls to an instance,
 * staggered starts, tallies, local dates, vendors written straight into the schema, and markets
 * built through the API.
 */

export const TZ = 'Asia/Shanghai';
/**
 * A storm's requests start after a random offset of up to STORM_OFFSET_MS (one per round), each after a
 * further random delay of up to CLAIM_SPREAD_MS; the staff call starts after a random delay of up to
 * STAFF_DELAY_MS. So the staff call lands among requests in flight on both instances, and in some
 * rounds before them all (the branch where the staff change wins).
 */
const STORM_OFFSET_MS = 20;
const CLAIM_SPREAD_MS = 40;
export const STAFF_DELAY_MS = 30;

export interface Answer {
  status: number;
  body: Record<string, any>;
}

export interface Vendor {
  id: string;
  token: string;
}

/**
 * One request on a connection of its own (`agent: false`: `Connection: close`). A pooled
 * keep-alive connection can be reused by the client at the moment the server closes it as idle
 * (after 5 s); on a loaded machine, with timers late on both sides, that surfaced as "other side
 * closed" in the middle of a race. A race is about concurrent requests, not connection reuse.
 */
export function call(base: string, method: string, path: string, token: string | null, body?: object): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = token ? { authorization: `Bearer ${token}` } : {};
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as Record<string, any>) : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `work` after `baseMs` plus a random delay of up to `maxMs`: staggered starts. */
export async function after<T>(maxMs: number, work: () => Promise<T>, baseMs = 0): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, baseMs + Math.random() * maxMs));
  return work();
}

/** A storm's claims: each started by `start` after the round's offset and its own random delay. */
export async function storm<T>(count: number, start: (i: number) => Promise<T>): Promise<T[]> {
  const offset = Math.random() * STORM_OFFSET_MS;
  return Promise.all(Array.from({ length: count }, (_, i) => after(CLAIM_SPREAD_MS, () => start(i), offset)));
}

/** "201", "409 SLOT_TAKEN": an answer as one word, for tallies and messages. */
export const outcome = (answer: Answer) => (answer.status < 300 ? String(answer.status) : `${answer.status} ${answer.body.code}`);

export function tally(labels: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** The zone's local date `days` from today. */
export function localDay(days: number, timezone = TZ): string {
  return DateTime.now().setZone(timezone).startOf('day').plus({ days }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

/** An occurrence's instants as the service stores them: wall clock in the zone, an end at or before the start is the next day. */
export function windowOf(date: string, startTime: string, endTime: string, timezone: string): { start: number; end: number } {
  const start = DateTime.fromISO(`${date}T${startTime}`, { zone: timezone });
  let end = DateTime.fromISO(`${date}T${endTime}`, { zone: timezone });
  if (end <= start) end = end.plus({ days: 1 });
  return { start: start.toMillis(), end: end.toMillis() };
}

/** Approved vendors written straight into the database, with tokens signed by the instances' shared secret. */
export async function insertVendors(db: pg.Client, count: number, tag: number, secret: string): Promise<Vendor[]> {
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
    vendors.push({ id, token: jwt.sign({ sub: id, role: 'vendor' }, secret, { algorithm: 'HS256', expiresIn: 3600 }) });
  }
  return vendors;
}

export interface SessionSpec {
  startTime: string;
  endTime: string;
  validFrom: string;
}

export interface Market {
  zoneId: string;
  stallIds: string[];
  sessionIds: string[];
}

/** A fresh zone with `stalls` general stalls and daily sessions, built through the API. */
export async function buildMarket(
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
export const ACTIVE = `status IN ('confirmed', 'checked_in')`;

/** Two app processes on one fresh PostgreSQL schema, the staff token, and a client of the schema. */
export interface TwoInstances {
  schema: TestSchema;
  servers: ServerProcess[];
  db: pg.Client;
  staff: string;
  /** The instance for the i-th request: requests alternate between the two. */
  via(i: number): string;
  stop(): Promise<void>;
}

/** Starts both instances together (one runs the migrations and creates the admin, the other waits or finds them done). */
export async function startTwoInstances(secret: string, admin: { username: string; password: string }): Promise<TwoInstances> {
  const schema = await createTestSchema(TEST_DATABASE_URL!);
  const env = { DATABASE_URL: schema.url, JWT_SECRET: secret, ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password };
  const servers = await Promise.all([startServer(env), startServer(env)]);
  const login = await fetch(`${servers[0].url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const staff = ((await login.json()) as { accessToken: string }).accessToken;
  const db = new pg.Client({ connectionString: schema.url });
  await db.connect();
  return {
    schema,
    servers,
    db,
    staff,
    via: (i) => servers[i % 2].url,
    async stop() {
      await db.end();
      await Promise.all(servers.map((s) => s.stop()));
      await schema.drop();
    },
  };
}
