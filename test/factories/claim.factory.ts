import type { Claim } from '../../src/claims/claim.js';
import { bearer, stopBackgroundJobs, TestApp } from '../support/create-app.js';
import { countOf, rowOf, Where } from '../support/rows.js';
import { createSession, createStalls, createZone } from './zone.factory.js';
import { expectError } from '../support/expect-error.js';
export { expectError, stopBackgroundJobs };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SlotBody {
  stallId: string;
  sessionId: string;
  date: string;
}

export function postClaim(t: TestApp, token: string, body: object, idempotencyKey?: string) {
  const req = t.http.post('/api/claims').set(bearer(token));
  if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
}

/** Claims through the API and insists on success; returns the claim response. */
export async function claim(t: TestApp, token: string, body: SlotBody): Promise<{ id: string; [key: string]: unknown }> {
  const res = await postClaim(t, token, body);
  expect({ status: res.status, body: res.body }).toEqual({
    status: 201,
    body: expect.objectContaining({ id: expect.stringMatching(UUID) }),
  });
  return res.body;
}

export function countClaims(t: TestApp, where: Where = {}): Promise<number> {
  return countOf(t, 'claims', where);
}

/** The claim's row, the columns the app shows (not `settled`). */
export async function claimRow(t: TestApp, id: string): Promise<Claim> {
  return (await rowOf(
    t,
    'claims',
    { id },
    'id, vendor_id, stall_id, session_id, zone_id, date, start_at, end_at, status, source, created_at, updated_at, checked_in_at, cancelled_at',
  )) as Claim;
}

export interface Market {
  zone: { id: string; timezone: string; [key: string]: unknown };
  stalls: { id: string; code: string; category: string }[];
  session: { id: string; name: string; [key: string]: unknown };
}

/** A zone with stalls of one category and one session (default: daily 06:00–09:00 from 2026-12-01). */
export async function createMarket(
  t: TestApp,
  options: { zone?: Record<string, unknown>; stalls?: number; category?: string; session?: Record<string, unknown> } = {},
): Promise<Market> {
  const zone = await createZone(t, options.zone);
  const stalls = await createStalls(t, zone.id, options.stalls ?? 1, options.category ?? 'general');
  const session = await createSession(t, zone.id, options.session);
  return { zone, stalls, session };
}

export function slot(market: Market, date: string, stallIndex = 0): SlotBody {
  return { stallId: market.stalls[stallIndex].id, sessionId: market.session.id, date };
}

export interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Every audit entry, paged through with the contract's list parameters. */
export async function allAuditEntries(t: TestApp): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  for (let offset = 0; ; offset += 200) {
    const res = await t.http.get(`/api/audit?limit=200&offset=${offset}`).set(bearer(t.staffToken)).expect(200);
    items.push(...res.body.items);
    if (res.body.items.length === 0 || items.length >= res.body.total) return items;
  }
}

export function auditCount(t: TestApp, where: Where = {}): Promise<number> {
  return countOf(t, 'audit_entries', where);
}
