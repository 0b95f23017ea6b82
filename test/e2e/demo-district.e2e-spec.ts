import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { distanceMetres } from '../../src/public/geo.js';
import { ServerProcess, startServer } from '../support/server-process.js';

// `npm run demo`'s seeding (scripts/demo/seed-district.mjs) at a small scale: 3 zones of 30 stalls,
// 24 approved and 2 pending vendors. It runs as the demo runs it, in its own Node process on the
// built app (`npm run build`), against a temporary file; then the built server serves that file.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { username: 'admin', password: 'demo-test-admin-password' };
const SCALE = { zones: 3, stalls: 90, vendors: 24, pendingVendors: 2 };
const CENTRE = { latitude: 29.158, longitude: 107.099 };
const DAY = 86_400_000;

interface Summary {
  today: string;
  zones: { created: number; existing: number };
  stalls: { created: number };
  sessions: { created: number };
  vendors: { created: number; existing: number; approved: number };
  claims: { created: number; existing: number; refused: Record<string, number>; checkedIn: number; cancelled: number };
  cancellations: number;
  feedback: { created: number; resolved: number };
  seconds: number;
}

function seed(databasePath: string, now: number): Promise<Summary> {
  const script = `
    import { seedDemoDistrict } from ${JSON.stringify(join(ROOT, 'scripts/demo/seed-district.mjs'))};
    const [databasePath, adminUsername, adminPassword, scale, now] = process.argv.slice(2);
    const summary = await seedDemoDistrict({ databasePath, adminUsername, adminPassword, scale: JSON.parse(scale), now: Number(now) });
    console.log(JSON.stringify(summary));`;
  const file = join(dirname(databasePath), 'seed.mjs');
  writeFileSync(file, script);
  const args = [file, databasePath, ADMIN.username, ADMIN.password, JSON.stringify(SCALE), String(now)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`seeding failed (${code}):\n${err}${out}`)),
    );
  });
}

interface ClaimRow {
  vendor_id: string;
  zone_id: string;
  stall_id: string;
  date: string;
  status: string;
  end_at: number;
}

function readClaims(path: string): ClaimRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT vendor_id, zone_id, stall_id, date, status, end_at FROM claims').all() as ClaimRow[];
  } finally {
    db.close();
  }
}

function count(path: string, table: 'zones' | 'stalls' | 'market_sessions' | 'vendors' | 'feedback' | 'users'): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const localDate = (at: number) => DateTime.fromMillis(at, { zone: 'Asia/Shanghai' }).toISODate()!;

describe('the demo district (npm run demo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidal-demo-'));
  const dbPath = join(dir, 'demo.sqlite');
  const now = Date.now();
  const today = localDate(now);
  let first: Summary;
  let second: Summary;
  let claimsAfterFirst: ClaimRow[];
  let server: ServerProcess | undefined;
  let staff: string;

  const api = async (path: string, token?: string): Promise<any> => {
    const response = await fetch(server!.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(response.status).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    first = await seed(dbPath, now);
    claimsAfterFirst = readClaims(dbPath);
    second = await seed(dbPath, now);
    server = await startServer({ DATABASE_PATH: dbPath, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    staff = ((await login.json()) as { accessToken: string }).accessToken;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the district once; a second run finds every part of it and adds nothing', () => {
    expect(first).toMatchObject({
      today,
      zones: { created: 3, existing: 0 },
      stalls: { created: 90 },
      sessions: { created: 7 },
      vendors: { created: 26, existing: 0, approved: 24 },
      claims: { existing: 0, refused: {} },
      feedback: { created: 9, resolved: 1 },
    });
    expect(first.claims.created).toBeGreaterThan(100);
    expect(first.claims.checkedIn).toBeGreaterThan(50);
    expect(first.cancellations).toBeGreaterThanOrEqual(1);
    expect(second).toMatchObject({
      zones: { created: 0, existing: 3 },
      stalls: { created: 0 },
      sessions: { created: 0 },
      vendors: { created: 0, existing: 26, approved: 0 },
      claims: { created: 0, existing: first.claims.created, checkedIn: 0, cancelled: 0 },
      cancellations: 0,
      feedback: { created: 0, resolved: 0 },
    });
    const claimsNow = readClaims(dbPath);
    expect(claimsNow.length).toBe(claimsAfterFirst.length);
    expect(count(dbPath, 'zones')).toBe(3);
    expect(count(dbPath, 'stalls')).toBe(90);
    expect(count(dbPath, 'market_sessions')).toBe(7);
    expect(count(dbPath, 'vendors')).toBe(26);
    expect(count(dbPath, 'feedback')).toBe(9);
  });

  it('lays the zones out around the district centre, with Chinese names, addresses and stalls of every category', async () => {
    const zones = (await api('/api/zones?district=南川区', staff)).items;
    expect(zones).toHaveLength(3);
    const stallsByCategory: Record<string, number> = {};
    for (const zone of zones) {
      expect(zone.name).toMatch(/^第\d+摊区 · \p{Script=Han}+$/u);
      expect(zone.address).toMatch(/\d+ 号/);
      expect(zone.timezone).toBe('Asia/Shanghai');
      expect(distanceMetres(CENTRE.latitude, CENTRE.longitude, zone.latitude, zone.longitude)).toBeLessThanOrEqual(3000);
      for (const stall of (await api(`/api/zones/${zone.id}/stalls?limit=200`, staff)).items) {
        stallsByCategory[stall.category] = (stallsByCategory[stall.category] ?? 0) + 1;
      }
    }
    // 30 stalls a zone: 40 % vegetables, 20 % fruit, 25 % food (7.5 → 8), the rest general.
    expect(stallsByCategory).toEqual({ vegetables: 36, fruit: 18, food: 24, general: 12 });
  });

  it('runs morning, noon and evening markets on daily or weekday rules', async () => {
    const zones = (await api('/api/zones?district=南川区', staff)).items;
    const sessions = [];
    for (const zone of zones) sessions.push(...(await api(`/api/zones/${zone.id}/sessions`, staff)).items);
    const names = sessions.map((s: { name: string }) => s.name);
    expect(['早市', '午市', '晚市'].map((name) => names.filter((n: string) => n === name).length)).toEqual([3, 1, 3]);
    for (const s of sessions) expect(s.rrule).toMatch(/^FREQ=(DAILY|WEEKLY;BYDAY=[A-Z,]+)$/);
    expect(sessions.find((s: { name: string }) => s.name === '午市').rrule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  });

  it('has approved and pending vendors with mainland mobile numbers', async () => {
    const approved = await api('/api/vendors?status=approved&limit=200', staff);
    const pending = await api('/api/vendors?status=pending&limit=200', staff);
    expect(approved.total).toBe(24);
    expect(pending.total).toBe(2);
    for (const vendor of [...approved.items, ...pending.items]) {
      expect(vendor.phone).toMatch(/^1\d{10}$/);
      expect(['fruit_farmer', 'vegetable_farmer', 'vendor']).toContain(vendor.kind);
      expect(vendor.name).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
    // The logins the demo prints work.
    const login = await fetch(`${server!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: '13800000001', password: 'demo-vendor-2026' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { role: string }).role).toBe('vendor');
  });

  it('plays the past week (checked in or no-show) and books the coming days (confirmed)', () => {
    const claims = readClaims(dbPath);
    const past = claims.filter((c) => c.date < today);
    const ahead = claims.filter((c) => c.date > today);
    expect(new Set(past.map((c) => c.date)).size).toBe(7);
    expect(new Set(ahead.map((c) => c.date)).size).toBe(6);
    expect(past.filter((c) => c.status === 'confirmed')).toEqual([]);
    expect(past.filter((c) => c.status === 'checked_in').length).toBeGreaterThan(past.length * 0.8);
    expect(past.some((c) => c.status === 'no_show')).toBe(true);
    expect(ahead.filter((c) => !['confirmed', 'cancelled', 'cancelled_by_market'].includes(c.status))).toEqual([]);
    expect(ahead.some((c) => c.status === 'cancelled_by_market')).toBe(true);
    // One claim a day per vendor, never more (the weekly limit and the overlap rule both hold).
    const perVendorDay = new Map<string, number>();
    for (const c of claims) perVendorDay.set(`${c.vendor_id} ${c.date}`, (perVendorDay.get(`${c.vendor_id} ${c.date}`) ?? 0) + 1);
    expect(Math.max(...perVendorDay.values())).toBe(1);
    // Nobody reaches three no-shows in 30 days (the claim block).
    const noShows = new Map<string, number>();
    for (const c of past.filter((c) => c.status === 'no_show')) noShows.set(c.vendor_id, (noShows.get(c.vendor_id) ?? 0) + 1);
    expect(Math.max(0, ...noShows.values())).toBeLessThan(3);
  });

  it('shows a rainy evening with its reason in the public schedule of the coming days', async () => {
    const zones = (await api('/api/zones?district=南川区', staff)).items;
    const to = DateTime.fromISO(today).plus({ days: 6 }).toISODate();
    const cancelled = [];
    for (const zone of zones) {
      const schedule = await api(`/api/public/zones/${zone.id}/schedule?from=${today}&to=${to}`);
      cancelled.push(...schedule.items.filter((item: { cancelled: boolean }) => item.cancelled));
    }
    expect(cancelled.length).toBe(first.cancellations);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const item of cancelled) {
      expect(item.name).toBe('晚市');
      expect(item.reason).toMatch(/暴雨/);
      expect(item.date > today).toBe(true);
    }
  });

  it("answers the residents' search with today's held stalls and the feedback counts", async () => {
    const at = Date.now();
    const found = await api(`/api/public/zones?lat=${CENTRE.latitude}&lng=${CENTRE.longitude}&radius=5000`);
    expect(found.total).toBe(3);
    const held = readClaims(dbPath).filter(
      (c) => c.date === localDate(at) && (c.status === 'checked_in' || (c.status === 'confirmed' && c.end_at > at)),
    );
    const shown = found.items.reduce(
      (sum: number, zone: { stallsClaimedToday: Record<string, number> }) =>
        sum + Object.values(zone.stallsClaimedToday).reduce((a, b) => a + b, 0),
      0,
    );
    expect(shown).toBe(held.length);
    expect(shown).toBeGreaterThan(0);
    const feedback = found.items.map((zone: { feedback: Record<string, number> }) => zone.feedback);
    const total = feedback.reduce((sum: number, f: Record<string, number>) => sum + f.wish + f.problem + f.praise, 0);
    expect(total).toBe(9);
    expect(feedback.reduce((sum: number, f: Record<string, number>) => sum + f.resolved, 0)).toBe(1);
    // Nothing in the answer names a vendor: no vendor's id or phone number appears anywhere in it.
    const vendors = (await api('/api/vendors?limit=200', staff)).items as { id: string; phone: string }[];
    expect(vendors).toHaveLength(26);
    const answer = JSON.stringify(found);
    expect(vendors.filter((v) => answer.includes(v.id) || answer.includes(v.phone))).toEqual([]);
  });

  it('a run on a later day rolls the week on: the new day is booked, nothing is duplicated', async () => {
    await server!.stop();
    server = undefined;
    const later = await seed(dbPath, now + DAY);
    expect(later).toMatchObject({ zones: { created: 0, existing: 3 }, vendors: { created: 0, existing: 26 }, feedback: { created: 0 } });
    expect(later.claims.created).toBeGreaterThan(0);
    const claims = readClaims(dbPath);
    const newDay = DateTime.fromISO(today).plus({ days: 7 }).toISODate();
    expect(claims.some((c) => c.date === newDay)).toBe(true);
    const perVendorDay = new Set(claims.map((c) => `${c.vendor_id} ${c.date}`));
    expect(perVendorDay.size).toBe(claims.length);
    expect(count(dbPath, 'zones')).toBe(3);
    expect(count(dbPath, 'vendors')).toBe(26);
  }, 60_000);
});
