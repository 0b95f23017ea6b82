import { bearer, TestApp } from '../support/create-app.js';
import type { Market } from './claim.factory.js';
import type { TestVendor } from './vendor.factory.js';

export interface Entry {
  id: string;
  zoneId: string;
  dutyId: string;
  name: string;
  sessionId: string;
  date: string;
  vendorId: string;
  vendorName: string;
  status: 'assigned' | 'done' | 'missed';
  understaffed: boolean;
  swapped: boolean;
}

export async function createDuty(
  t: TestApp,
  market: Market,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; [key: string]: unknown }> {
  const res = await t.http
    .post(`/api/zones/${market.zone.id}/duties`)
    .set(bearer(t.staffToken))
    .send({ name: '收摊清扫', sessionId: market.session.id, rrule: 'FREQ=DAILY', headcount: 2, ...overrides });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body;
}

/** Standing places: vendor i holds stall i on every run in [from, to] (staff assignments, through the API). */
export async function standingPlaces(t: TestApp, market: Market, vendors: TestVendor[], from: string, to: string): Promise<void> {
  for (const [i, vendor] of vendors.entries()) {
    const res = await t.http
      .post('/api/assignments')
      .set(bearer(t.staffToken))
      .send({ vendorId: vendor.id, stallId: market.stalls[i].id, sessionId: market.session.id, from, to });
    expect({ status: res.status, conflicts: res.body.conflicts }).toEqual({ status: 201, conflicts: [] });
  }
}

export function generate(t: TestApp, zoneId: string, from: string, to: string, token = t.staffToken) {
  return t.http.post(`/api/zones/${zoneId}/roster/generate`).set(bearer(token)).send({ from, to });
}

/** Generates and insists on 201; the range's roster. */
export async function generated(t: TestApp, zoneId: string, from: string, to: string, token = t.staffToken): Promise<Entry[]> {
  const res = await generate(t, zoneId, from, to, token);
  expect({ status: res.status }).toEqual({ status: 201 });
  return res.body.items;
}

export async function rosterOf(t: TestApp, zoneId: string, from: string, to: string, token = t.staffToken): Promise<Entry[]> {
  const res = await t.http.get(`/api/zones/${zoneId}/roster?from=${from}&to=${to}`).set(bearer(token)).expect(200);
  return res.body.items;
}

/** What identifies a turn whatever its id: duty, date and vendor. */
export const turn = (entry: Entry) => `${entry.dutyId}|${entry.date}|${entry.vendorId}`;

export function countsByVendor(entries: Entry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.vendorId, (counts.get(entry.vendorId) ?? 0) + 1);
  return counts;
}
