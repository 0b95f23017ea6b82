import { claim } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';

// The residents' search answers from memory (a map of the zones, a card per zone and date). These
// tests warm that memory, change what it was read from through the API or by moving the clock,
// and expect the very next answer to show the change.
const CENTRE = { lat: 30.2, lng: 107.5 };
const north = (metres: number) => ({ latitude: CENTRE.lat + metres / 111_195, longitude: CENTRE.lng });

describe('the residents’ search is never staler than the last write', () => {
  const t = useTestApp({ keepClock: true });
  const search = (radius = 1000) => t.http.get(`/api/public/zones?lat=${CENTRE.lat}&lng=${CENTRE.lng}&radius=${radius}`).expect(200);
  const first = async () => (await search()).body.items[0];
  let zone: { id: string };
  let session: { id: string };
  let stalls: { id: string }[];

  beforeAll(async () => {
    t.clock.set('2026-12-01T05:00:00+08:00');
    zone = await createZone(t, { name: '新鲜摊区', ...north(200) });
    session = await createSession(t, zone.id, { name: 'morning', startTime: '06:00', endTime: '09:00', validFrom: '2026-12-01' });
    stalls = await createStalls(t, zone.id, 2, 'fruit', 'F');
  });

  it('shows a claim made after the card was built, and drops it when its run ends without a check-in', async () => {
    expect(await first()).toMatchObject({ id: zone.id, openNow: false, stallsClaimedToday: { fruit: 0 } });
    const grower = await approvedVendor(t, { categories: ['fruit'] });
    await claim(t, grower.token, { stallId: stalls[0].id, sessionId: session.id, date: '2026-12-01' });
    expect((await first()).stallsClaimedToday.fruit).toBe(1);
    t.clock.set('2026-12-01T07:00:00+08:00');
    expect(await first()).toMatchObject({ openNow: true, stallsClaimedToday: { fruit: 1 } });
    // 09:00 the run ends; the claim was never checked in, so it is a no-show and holds nothing.
    t.clock.set('2026-12-01T09:30:00+08:00');
    expect(await first()).toMatchObject({ openNow: false, stallsClaimedToday: { fruit: 0 } });
  });

  it('shows a cancellation, feedback, and a zone’s new name at once', async () => {
    expect((await first()).nextSession).toMatchObject({ start: '2026-12-02T06:00:00+08:00' });
    await t.http
      .post(`/api/sessions/${session.id}/cancellations`)
      .set(bearer(t.staffToken))
      .send({ date: '2026-12-02', reason: '暴雨' })
      .expect(201);
    expect((await first()).nextSession).toMatchObject({ start: '2026-12-03T06:00:00+08:00' });

    await t.http.post(`/api/public/zones/${zone.id}/feedback`).send({ kind: 'wish', text: '希望多一个水果摊' }).expect(201);
    expect((await first()).feedback).toEqual({ wish: 1, problem: 0, praise: 0, resolved: 0 });

    await t.http.patch(`/api/zones/${zone.id}`).set(bearer(t.staffToken)).send({ name: '新鲜摊区（北）' }).expect(200);
    expect((await first()).name).toBe('新鲜摊区（北）');
  });

  it('finds a zone created or moved after the map was built', async () => {
    expect((await search()).body.total).toBe(1);
    const added = await createZone(t, { name: '新建摊区', ...north(50) });
    expect((await search()).body.items.map((z: { id: string }) => z.id)).toEqual([added.id, zone.id]);
    await t.http.patch(`/api/zones/${added.id}`).set(bearer(t.staffToken)).send(north(5000)).expect(200);
    expect((await search()).body.items.map((z: { id: string }) => z.id)).toEqual([zone.id]);
    expect((await search(10_000)).body.items.map((z: { id: string }) => z.id)).toEqual([zone.id, added.id]);
  });
});
