import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';
import { DateTime } from 'luxon';

/** A small deterministic PRNG, so a failing storm can be replayed from its seed (the one the demo and the benches use). */
export { mulberry32 } from '../../scripts/random.mjs';

/** Talking to a server child process as its clients would: plain HTTP, bearer tokens. */
export async function api(base: string, method: string, path: string, token: string | null, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, any>;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export function signToken(secret: string, sub: string, role: 'staff' | 'vendor'): string {
  return jwt.sign({ sub, role }, secret, { algorithm: 'HS256', expiresIn: 3600 });
}

export interface Market {
  zoneId: string;
  sessionId: string;
  stallIds: string[];
  vendorIds: string[];
  dates: string[];
}

/** A zone with stalls and a daily evening session, and approved vendors, built through the API. */
export async function buildMarket(base: string, staff: string, stalls: number, vendors: number): Promise<Market> {
  const zone = await api(base, 'POST', '/api/zones', staff, {
    name: '风暴测试',
    district: '南川区',
    address: 'x',
    latitude: 29.1,
    longitude: 107.1,
    maxClaimsPerVendorPerWeek: 100,
  });
  const bulk = await api(base, 'POST', `/api/zones/${zone.body.id}/stalls/bulk`, staff, {
    prefix: 'S',
    count: stalls,
    category: 'general',
  });
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  const session = await api(base, 'POST', `/api/zones/${zone.body.id}/sessions`, staff, {
    name: 'evening',
    startTime: '22:00',
    endTime: '23:00',
    rrule: 'FREQ=DAILY',
    validFrom: today,
  });
  const vendorIds: string[] = [];
  for (let i = 0; i < vendors; i++) {
    const phone = `136${String(process.pid % 1000).padStart(3, '0')}${String(i).padStart(5, '0')}`;
    const registered = await api(base, 'POST', '/api/vendors/register', null, {
      name: `摊主${i}`,
      phone,
      password: 'secret-123',
      kind: 'vendor',
      categories: ['vegetables'],
    });
    await api(base, 'POST', `/api/vendors/${registered.body.id}/approve`, staff, {});
    vendorIds.push(registered.body.id);
  }
  const dates = Array.from({ length: 10 }, (_, i) =>
    DateTime.fromISO(today)
      .plus({ days: i + 1 })
      .toISODate()!,
  );
  return { zoneId: zone.body.id, sessionId: session.body.id, stallIds: bulk.body.items.map((s: { id: string }) => s.id), vendorIds, dates };
}

export interface Ledger {
  /** Claims answered 201, with their vendor. */
  acknowledged: Map<string, string>;
  /** Claims whose cancel was answered 200. */
  cancelled: Set<string>;
  statuses: Record<string, number>;
  errors: number;
}

export function newLedger(): Ledger {
  return { acknowledged: new Map(), cancelled: new Set(), statuses: {}, errors: 0 };
}

/**
 * Random claims, cancels and check-ins from `loops` concurrent clients until
 * `stop()` resolves true. Only answered requests enter the ledger; requests cut
 * off by a crash count as errors (their outcome is unknown to the client).
 */
export async function storm(
  base: string,
  secret: string,
  market: Market,
  ledger: Ledger,
  loops: number,
  until: () => boolean,
  random: () => number,
): Promise<void> {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const tokens = new Map(market.vendorIds.map((id) => [id, signToken(secret, id, 'vendor')]));
  const staffToken = signToken(secret, '00000000-0000-4000-8000-000000000000', 'staff');
  const record = (status: number) => (ledger.statuses[status] = (ledger.statuses[status] ?? 0) + 1);
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (!until()) {
        const roll = random();
        try {
          if (roll < 0.7 || ledger.acknowledged.size === 0) {
            const vendorId = pick(market.vendorIds);
            const res = await api(base, 'POST', '/api/claims', tokens.get(vendorId)!, {
              stallId: pick(market.stallIds),
              sessionId: market.sessionId,
              date: pick(market.dates),
            });
            record(res.status);
            if (res.status === 201) ledger.acknowledged.set(res.body.id, vendorId);
          } else {
            const [claimId, vendorId] = pick([...ledger.acknowledged]);
            const action = roll < 0.9 ? 'cancel' : 'check-in';
            const token = random() < 0.8 ? tokens.get(vendorId)! : staffToken;
            const res = await api(base, 'POST', `/api/claims/${claimId}/${action}`, token);
            record(res.status);
            if (action === 'cancel' && res.status === 200) ledger.cancelled.add(claimId);
          }
        } catch {
          ledger.errors += 1;
        }
      }
    }),
  );
}

export interface Verdict {
  integrity: string;
  missing: string[];
  wrongStatus: string[];
  doubleHeldSlots: number;
  vendorOverlaps: number;
}

/** Reads the database file directly: integrity, every acknowledged claim, the two invariants. */
export function inspectDatabase(path: string, ledger: Ledger): Verdict {
  const db = new Database(path, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const statusOf = db.prepare('SELECT status FROM claims WHERE id = ?');
    const missing: string[] = [];
    const wrongStatus: string[] = [];
    for (const id of ledger.acknowledged.keys()) {
      const row = statusOf.get(id) as { status: string } | undefined;
      if (!row) missing.push(id);
      // (A cancelled claim without an acknowledged cancel is allowed: the answer may have been lost in a crash.)
      else if (ledger.cancelled.has(id) && row.status !== 'cancelled') wrongStatus.push(`${id}: ${row.status}, cancel acknowledged`);
    }
    const doubleHeldSlots = (
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT 1 FROM claims WHERE status IN ('confirmed', 'checked_in')
      GROUP BY stall_id, session_id, date HAVING COUNT(*) > 1)`,
        )
        .get() as { n: number }
    ).n;
    const vendorOverlaps = (
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM claims a JOIN claims b
      ON a.vendor_id = b.vendor_id AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at
      WHERE a.status IN ('confirmed', 'checked_in') AND b.status IN ('confirmed', 'checked_in')`,
        )
        .get() as { n: number }
    ).n;
    return { integrity, missing, wrongStatus, doubleHeldSlots, vendorOverlaps };
  } finally {
    db.close();
  }
}
