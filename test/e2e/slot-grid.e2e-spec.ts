import { claim } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';

describe('the slot grid: filters, ETag and gzip', () => {
  const t = useTestApp();
  let zone: { id: string };
  let morning: { id: string };
  let evening: { id: string };
  let grower: { token: string };
  const grid = (query: string, token = t.staffToken) =>
    t.http.get(`/api/zones/${zone.id}/slots?date=2026-12-01${query}`).set(bearer(token));

  beforeAll(async () => {
    zone = await createZone(t);
    await createStalls(t, zone.id, 3, 'vegetables');
    morning = await createSession(t, zone.id, { name: 'morning', startTime: '06:00', endTime: '09:00' });
    evening = await createSession(t, zone.id, { name: 'evening', startTime: '17:00', endTime: '20:00' });
    grower = await approvedVendor(t, { categories: ['vegetables'] });
    const stalls = (await grid('').expect(200)).body.items;
    await claim(t, grower.token, { stallId: stalls[0].stallId, sessionId: morning.id, date: '2026-12-01' });
  });

  it('narrows to one session and to one status (what a vendor asks: the free stalls of a run)', async () => {
    expect((await grid('').expect(200)).body.items).toHaveLength(6);
    const mornings = (await grid(`&sessionId=${morning.id}`).expect(200)).body.items;
    expect(mornings.map((s: { sessionId: string }) => s.sessionId)).toEqual([morning.id, morning.id, morning.id]);
    const free = (await grid(`&sessionId=${morning.id}&status=free`, grower.token).expect(200)).body.items;
    expect(free.map((s: { code: string }) => s.code)).toEqual(['A02', 'A03']);
    expect((await grid('&status=claimed').expect(200)).body.items).toEqual([
      expect.objectContaining({ code: 'A01', sessionId: morning.id }),
    ]);
    expect((await grid(`&sessionId=${evening.id}&status=cancelled`).expect(200)).body.items).toEqual([]);
  });

  it('refuses a status or session id that is not one', async () => {
    expectError(await grid('&status=taken'), 400, 'VALIDATION_FAILED');
    expectError(await grid('&sessionId=not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('answers with an ETag, 304 while unchanged, a new tag after a claim, and gzip when asked', async () => {
    const first = await grid('').expect(200);
    const etag = first.headers['etag'];
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['vary']).toMatch(/accept-encoding/i);
    const again = await grid('').set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');

    const zipped = await grid('').set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.items).toEqual(first.body.items);

    const stall = first.body.items.find((s: { code: string; sessionId: string }) => s.code === 'A02' && s.sessionId === evening.id);
    await claim(t, grower.token, { stallId: stall.stallId, sessionId: evening.id, date: '2026-12-01' });
    const changed = await grid('').set('If-None-Match', etag).expect(200);
    expect(changed.headers['etag']).not.toBe(etag);
  });
});
