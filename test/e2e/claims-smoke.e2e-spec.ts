import { bearer, useTestApp } from '../support/create-app.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';

describe('claims smoke', () => {
  const t = useTestApp();

  it('claims a slot, shows it in the grid, refuses a second claim', async () => {
    const zone = await createZone(t);
    const [stall] = await createStalls(t, zone.id, 2, 'vegetables');
    const session = await createSession(t, zone.id);
    const a = await approvedVendor(t);
    const b = await approvedVendor(t);
    const res = await t.http
      .post('/api/claims')
      .set(bearer(a.token))
      .send({ stallId: stall.id, sessionId: session.id, date: '2026-12-01' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stallId: stall.id,
      sessionId: session.id,
      zoneId: zone.id,
      date: '2026-12-01',
      start: '2026-12-01T06:00:00+08:00',
      end: '2026-12-01T09:00:00+08:00',
      status: 'confirmed',
    });
    const second = await t.http
      .post('/api/claims')
      .set(bearer(b.token))
      .send({ stallId: stall.id, sessionId: session.id, date: '2026-12-01' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SLOT_TAKEN');
    const grid = await t.http.get(`/api/zones/${zone.id}/slots?date=2026-12-01`).set(bearer(b.token)).expect(200);
    expect(grid.body.items).toHaveLength(2);
    expect(grid.body.items[0]).toMatchObject({ code: 'A01', status: 'claimed' });
    expect(grid.body.items[0].claimId).toBeUndefined();
    expect(grid.body.items[1]).toMatchObject({ code: 'A02', status: 'free' });
  });
});
