import { claim, createMarket, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, createTestApp, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { countOf } from '../support/rows.js';

const CENTRE = { lat: 29.157, lng: 107.099 };
/** A point `metres` north of the centre (a degree of latitude is ~111.2 km). */
const north = (metres: number) => ({ latitude: CENTRE.lat + metres / 111_195, longitude: CENTRE.lng });
const at = (iso: string) => encodeURIComponent(iso);

describe('residents (no token)', () => {
  const t = useTestApp();
  let near: { id: string };
  let middle: { id: string };
  let far: { id: string };

  beforeAll(async () => {
    // Far, near, middle: created out of order, found in order of distance.
    far = await createZone(t, { name: '远处摊区', ...north(2500) });
    near = await createZone(t, { name: '近处摊区', ...north(120) });
    middle = await createZone(t, { name: '中间摊区', ...north(800) });
    await createSession(t, near.id, { name: 'night', startTime: '20:00', endTime: '02:00' });
    await createSession(t, middle.id, { name: 'morning', startTime: '06:00', endTime: '09:00' });
  });

  const search = (query: string) => t.http.get(`/api/public/zones?lat=${CENTRE.lat}&lng=${CENTRE.lng}&${query}`);

  describe('GET /api/public/zones', () => {
    it('lists the zones within the radius, nearest first, with their distance', async () => {
      const res = await search('radius=1000').expect(200);
      expect(res.body.items.map((z: { id: string }) => z.id)).toEqual([near.id, middle.id]);
      expect(res.body.items.map((z: { distanceM: number }) => z.distanceM)).toEqual([120, 800]);
      expect(res.body.total).toBe(2);
      expect((await search('radius=5000').expect(200)).body.items.map((z: { id: string }) => z.id)).toEqual([near.id, middle.id, far.id]);
      expect((await search('radius=100').expect(200)).body).toEqual({ items: [], total: 0 });
    });

    it('is open across midnight in an overnight session, and says when the next run starts', async () => {
      // 01:00 on 12-02 is inside the run of 12-01, 20:00–02:00.
      const night = (await search(`radius=1000&at=${at('2026-12-02T01:00:00+08:00')}`).expect(200)).body.items[0];
      expect(night).toMatchObject({
        id: near.id,
        openNow: true,
        nextSession: { name: 'night', start: '2026-12-02T20:00:00+08:00', end: '2026-12-03T02:00:00+08:00' },
      });
      const afternoon = (await search(`radius=1000&at=${at('2026-12-02T15:00:00+08:00')}`).expect(200)).body.items[0];
      expect(afternoon).toMatchObject({ id: near.id, openNow: false, nextSession: { start: '2026-12-02T20:00:00+08:00' } });
      const morning = (await search(`radius=1000&at=${at('2026-12-02T07:00:00+08:00')}`).expect(200)).body.items[1];
      expect(morning).toMatchObject({ id: middle.id, openNow: true, nextSession: { start: '2026-12-03T06:00:00+08:00' } });
    });

    it('counts today’s claimed stalls by category, and shows nothing that names a vendor', async () => {
      const stalls = [...(await createStalls(t, middle.id, 2, 'fruit', 'F')), ...(await createStalls(t, middle.id, 1, 'vegetables', 'V'))];
      const session = (await t.http.get(`/api/zones/${middle.id}/sessions`).set(bearer(t.staffToken)).expect(200)).body.items[0];
      const grower = await approvedVendor(t, { name: '李秀英', categories: ['fruit', 'vegetables'] });
      const other = await approvedVendor(t, { categories: ['fruit'] });
      await claim(t, grower.token, { stallId: stalls[0].id, sessionId: session.id, date: '2026-12-03' });
      await claim(t, other.token, { stallId: stalls[1].id, sessionId: session.id, date: '2026-12-03' });
      const zone = (await search(`radius=1000&at=${at('2026-12-03T05:00:00+08:00')}`).expect(200)).body.items[1];
      expect(zone.stallsClaimedToday).toEqual({ vegetables: 0, fruit: 2, food: 0, general: 0 });
      const text = JSON.stringify(zone);
      for (const secret of ['李秀英', grower.id, grower.phone, other.id]) expect(text).not.toContain(secret);
      expect(Object.keys(zone).sort()).toEqual(
        [
          'address',
          'distanceM',
          'district',
          'feedback',
          'id',
          'latitude',
          'longitude',
          'name',
          'nextSession',
          'openNow',
          'stallsClaimedToday',
          'timezone',
        ].sort(),
      );
    });

    it.each([
      ['no point', 'radius=1000'],
      ['a latitude past the pole', 'lat=91&lng=107&radius=1000'],
      ['a radius over 20 km', `lat=${CENTRE.lat}&lng=${CENTRE.lng}&radius=20001`],
      ['a radius of 0', `lat=${CENTRE.lat}&lng=${CENTRE.lng}&radius=0`],
      ['a hexadecimal number', 'lat=0x1d&lng=107&radius=1000'],
      ['a number with a leading plus', 'lat=%2B29&lng=107&radius=1000'],
      ['an exponent past the pole', 'lat=9.1e1&lng=107&radius=1000'],
      ['an instant without offset', `lat=${CENTRE.lat}&lng=${CENTRE.lng}&at=2026-12-02T01:00:00`],
    ])('refuses %s with 400, never clamping', async (_label, query) => {
      expectError(await t.http.get(`/api/public/zones?${query}`), 400, 'VALIDATION_FAILED');
    });

    it('reads a coordinate as JSON writes numbers, exponents included (as the document types it)', async () => {
      const plain = await t.http.get(`/api/public/zones?lat=${CENTRE.lat}&lng=${CENTRE.lng}&radius=5000`).expect(200);
      expect(plain.body.total).toBe(3);
      const lat = encodeURIComponent(CENTRE.lat.toExponential()); // 2.9157e+1
      const exp = await t.http.get(`/api/public/zones?lat=${lat}&lng=${CENTRE.lng}&radius=5000`).expect(200);
      expect(exp.body).toEqual(plain.body);
    });
  });

  describe('the public schedule', () => {
    it('shows a zone’s runs and cancellations without a token, and only them', async () => {
      const session = (await t.http.get(`/api/zones/${middle.id}/sessions`).set(bearer(t.staffToken)).expect(200)).body.items[0];
      await t.http
        .post(`/api/sessions/${session.id}/cancellations`)
        .set(bearer(t.staffToken))
        .send({ date: '2026-12-05', reason: '暴雨预警' })
        .expect(201);
      const res = await t.http.get(`/api/public/zones/${middle.id}/schedule?from=2026-12-04&to=2026-12-05`).expect(200);
      expect(res.body.items).toEqual([
        {
          sessionId: session.id,
          name: 'morning',
          date: '2026-12-04',
          start: '2026-12-04T06:00:00+08:00',
          end: '2026-12-04T09:00:00+08:00',
          cancelled: false,
        },
        {
          sessionId: session.id,
          name: 'morning',
          date: '2026-12-05',
          start: '2026-12-05T06:00:00+08:00',
          end: '2026-12-05T09:00:00+08:00',
          cancelled: true,
          reason: '暴雨预警',
        },
      ]);
      expect(res.headers.etag).toBeDefined();
      await t.http
        .get(`/api/public/zones/${middle.id}/schedule?from=2026-12-04&to=2026-12-05`)
        .set('if-none-match', res.headers.etag)
        .expect(304);
      expectError(await t.http.get('/api/public/zones/0d7c6a52-7f0e-4f5e-9f4e-7d2f8a1b2c3d/schedule'), 404, 'NOT_FOUND');
    });
  });

  describe('a stall’s page (its QR code)', () => {
    it('shows the zone, the stall, its sessions and today’s holder masked, with kind and check-in', async () => {
      const market = await createMarket(t, { stalls: 2, category: 'vegetables', zone: { name: '扫码摊区' } });
      const grower = await approvedVendor(t, { name: '张桂兰', kind: 'vegetable_farmer' });
      const held = await claim(t, grower.token, slot(market, '2026-12-02'));
      t.clock.set('2026-12-02T05:45:00+08:00');
      const before = (await t.http.get(`/api/public/stalls/${market.stalls[0].id}`).expect(200)).body;
      expect(before).toMatchObject({
        code: 'A01',
        category: 'vegetables',
        zone: { id: market.zone.id, name: '扫码摊区' },
        sessions: [{ name: 'morning', startTime: '06:00', endTime: '09:00' }],
        today: '2026-12-02',
        holders: [{ sessionName: 'morning', name: '张*', kind: 'vegetable_farmer', checkedIn: false }],
        feedbackPath: `/api/public/zones/${market.zone.id}/feedback`,
      });
      await t.http.post(`/api/claims/${held.id}/check-in`).set(bearer(grower.token)).expect(200);
      const after = (await t.http.get(`/api/public/stalls/${market.stalls[0].id}`).expect(200)).body;
      expect(after.holders).toEqual([expect.objectContaining({ name: '张*', checkedIn: true })]);
      const text = JSON.stringify(after);
      for (const secret of ['张桂兰', grower.id, grower.phone, held.id]) expect(text).not.toContain(secret);
      expect((await t.http.get(`/api/public/stalls/${market.stalls[1].id}`).expect(200)).body.holders).toEqual([]);
    });
  });

  describe('feedback (问需于民)', () => {
    const post = (zoneId: string, body: object) => t.http.post(`/api/public/zones/${zoneId}/feedback`).send(body);

    it('takes a wish, a problem and praise without a token; staff list and resolve them; the public sees counts only', async () => {
      const zone = await createZone(t, { name: '反馈摊区', ...north(300) });
      const wish = await post(zone.id, { kind: 'wish', category: 'fruit', text: '希望晚市多一个水果摊', contact: '13900001111' }).expect(
        201,
      );
      await post(zone.id, { kind: 'problem', text: '晚市后垃圾没有清理\n第二天早上还在' }).expect(201);
      await post(zone.id, { kind: 'praise', text: '<script>alert(1)</script> 很方便' }).expect(201);
      const list = await t.http.get(`/api/feedback?zoneId=${zone.id}`).set(bearer(t.staffToken)).expect(200);
      expect(list.body.total).toBe(3);
      // Stored as given (shown only ever as text by its readers).
      expect(list.body.items.map((f: { text: string }) => f.text)).toContain('<script>alert(1)</script> 很方便');
      expect(list.body.items.find((f: { id: string }) => f.id === wish.body.id)).toMatchObject({
        kind: 'wish',
        category: 'fruit',
        contact: '13900001111',
        status: 'open',
      });
      await t.http
        .post(`/api/feedback/${wish.body.id}/resolve`)
        .set(bearer(t.staffToken))
        .send({ note: '周三、周五晚市增加水果摊' })
        .expect(200);
      expectError(
        await t.http.post(`/api/feedback/${wish.body.id}/resolve`).set(bearer(t.staffToken)).send({ note: 'again' }),
        409,
        'INVALID_STATE_TRANSITION',
      );
      const counts = (await search('radius=1000').expect(200)).body.items.find((z: { id: string }) => z.id === zone.id).feedback;
      expect(counts).toEqual({ wish: 1, problem: 1, praise: 1, resolved: 1 });
      expect((await t.http.get(`/api/feedback?zoneId=${zone.id}&status=open`).set(bearer(t.staffToken)).expect(200)).body.total).toBe(2);
      expectError(await t.http.get('/api/feedback'), 401, 'UNAUTHORIZED');
      const vendor = await approvedVendor(t);
      expectError(await t.http.get('/api/feedback').set(bearer(vendor.token)), 403, 'FORBIDDEN');
    });

    it.each([
      ['an unknown kind', { kind: 'complaint', text: 'x' }],
      ['empty text', { kind: 'wish', text: '' }],
      ['501 characters', { kind: 'wish', text: '菜'.repeat(501) }],
      ['a NUL', { kind: 'problem', text: '垃圾\u0000' }],
      ['an unknown field', { kind: 'wish', text: 'x', vendorId: 'x' }],
    ])('refuses %s with 400 and stores nothing', async (_label, body) => {
      const before = await countOf(t, 'feedback');
      expectError(await post(near.id, body), 400, 'VALIDATION_FAILED');
      expect(await countOf(t, 'feedback')).toBe(before);
    });

    it('answers a zone that does not exist with 404', async () => {
      expectError(await post('0d7c6a52-7f0e-4f5e-9f4e-7d2f8a1b2c3d', { kind: 'wish', text: 'x' }), 404, 'NOT_FOUND');
    });
  });
});

describe('feedback rate limit', () => {
  it('answers the 4th post from one address within the hour with 429 RATE_LIMITED and Retry-After', async () => {
    const t = await createTestApp({ env: { FEEDBACK_RATE_LIMIT_PER_HOUR: '3' } });
    try {
      const zone = await createZone(t);
      for (let i = 1; i <= 3; i += 1)
        await t.http
          .post(`/api/public/zones/${zone.id}/feedback`)
          .send({ kind: 'wish', text: `愿望 ${i}` })
          .expect(201);
      const limited = await t.http.post(`/api/public/zones/${zone.id}/feedback`).send({ kind: 'wish', text: '愿望 4' });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(await countOf(t, 'feedback')).toBe(3);
    } finally {
      await t.close();
    }
  });
});
