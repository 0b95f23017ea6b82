import { bearer, TestApp } from '../support/create-app.js';

export function zoneInput(overrides: Record<string, unknown> = {}) {
  return {
    name: '东城潮汐摊区',
    district: '南川区',
    address: '金佛大道 18 号旁',
    latitude: 29.1573,
    longitude: 107.0987,
    ...overrides,
  };
}

export async function createZone(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.http.post('/api/zones').set(bearer(t.staffToken)).send(zoneInput(overrides)).expect(201);
  return res.body as { id: string; timezone: string; [key: string]: unknown };
}

export async function createStalls(t: TestApp, zoneId: string, count: number, category = 'general', prefix = 'A') {
  const res = await t.http.post(`/api/zones/${zoneId}/stalls/bulk`).set(bearer(t.staffToken)).send({ prefix, count, category }).expect(201);
  return res.body.items as { id: string; code: string; category: string }[];
}

export function sessionInput(overrides: Record<string, unknown> = {}) {
  return { name: 'morning', startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY', validFrom: '2026-12-01', ...overrides };
}

export async function createSession(t: TestApp, zoneId: string, overrides: Record<string, unknown> = {}) {
  const res = await t.http.post(`/api/zones/${zoneId}/sessions`).set(bearer(t.staffToken)).send(sessionInput(overrides)).expect(201);
  return res.body as { id: string; name: string; [key: string]: unknown };
}
