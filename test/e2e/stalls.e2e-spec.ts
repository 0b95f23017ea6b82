import { randomUUID } from 'node:crypto';
import { bearer, useTestApp } from '../support/create-app.js';
import { createStalls, createZone } from '../factories/zone.factory.js';
import { expectError } from '../support/expect-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MALFORMED_IDS = [
  ['an unknown UUID', randomUUID()],
  ['a malformed id', 'abc'],
  ['a number', '123'],
];

type Stall = { id: string; zoneId: string; code: string; category: string; status: string };

function codes(items: { code: string }[]): string[] {
  return items.map((stall) => stall.code);
}

describe('stalls', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  let vendor: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
    vendor = bearer(t.tokenFor(randomUUID(), 'vendor'));
  });

  async function listStalls(zoneId: string, query: Record<string, unknown> = { limit: 200 }) {
    return (await t.http.get(`/api/zones/${zoneId}/stalls`).query(query).set(staff).expect(200)).body as { items: Stall[]; total: number };
  }

  describe('POST /api/zones/:zoneId/stalls', () => {
    it('adds an open stall and lists it', async () => {
      const zone = await createZone(t);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: 'A01', category: 'vegetables' }).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ id: expect.stringMatching(UUID), zoneId: zone.id, code: 'A01', category: 'vegetables', status: 'open' });
      expect(await listStalls(zone.id)).toEqual({ items: [res.body], total: 1 });
    });

    it.each(['vegetables', 'fruit', 'food', 'general'])('accepts the category %s', async (category) => {
      const zone = await createZone(t);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: 'B01', category }).expect(201);
      expect(res.body.category).toBe(category);
    });

    it('keeps a Chinese code unchanged', async () => {
      const zone = await createZone(t);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: '东区-甲_01', category: 'fruit' }).expect(201);
      expect(res.body.code).toBe('东区-甲_01');
      expect(codes((await listStalls(zone.id)).items)).toEqual(['东区-甲_01']);
    });

    it('refuses a code already used in the zone with 409 and adds nothing', async () => {
      const zone = await createZone(t);
      const first = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: 'A01', category: 'food' }).expect(201);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: 'A01', category: 'fruit' });
      expectError(res, 409, 'DUPLICATE_STALL_CODE', 'A01');
      expect(await listStalls(zone.id)).toEqual({ items: [first.body], total: 1 });
    });

    it('allows the same code in another zone', async () => {
      const east = await createZone(t, { name: '东区' });
      const west = await createZone(t, { name: '西区' });
      await t.http.post(`/api/zones/${east.id}/stalls`).set(staff).send({ code: 'A01', category: 'food' }).expect(201);
      const res = await t.http.post(`/api/zones/${west.id}/stalls`).set(staff).send({ code: 'A01', category: 'food' }).expect(201);
      expect(res.body.zoneId).toBe(west.id);
    });

    it.each([
      ['an empty body', {}, ['code', 'category']],
      ['wrong types', { code: 1, category: ['food'] }, ['code', 'category']],
      ['an unknown category', { code: 'A01', category: 'seafood' }, ['category']],
      ['an empty code', { code: '', category: 'food' }, ['code']],
      ['a code with spaces', { code: 'A 01', category: 'food' }, ['code']],
      ['a 33-character code', { code: 'A'.repeat(33), category: 'food' }, ['code']],
      ['unknown fields', { code: 'A01', category: 'food', status: 'closed', zoneId: randomUUID() }, ['status', 'zoneId']],
    ])('refuses %s with 400 and adds nothing', async (_name, body, fields) => {
      const zone = await createZone(t);
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send(body), 400, 'VALIDATION_FAILED', ...fields);
      expect(await listStalls(zone.id)).toEqual({ items: [], total: 0 });
    });

    it('refuses a malformed JSON body with 400', async () => {
      const zone = await createZone(t);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).set('Content-Type', 'application/json').send('{code: A01}');
      expectError(res, 400, 'VALIDATION_FAILED');
      expect((await listStalls(zone.id)).total).toBe(0);
    });

    it('needs a token (401) and the staff role (403)', async () => {
      const zone = await createZone(t);
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls`).send({ code: 'A01', category: 'food' }), 401, 'UNAUTHORIZED');
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls`).set(vendor).send({ code: 'A01', category: 'food' }), 403, 'FORBIDDEN');
      expect((await listStalls(zone.id)).total).toBe(0);
    });

    it.each(MALFORMED_IDS)('answers 404 NOT_FOUND for the zone id as %s', async (_name, zoneId) => {
      expectError(await t.http.post(`/api/zones/${zoneId}/stalls`).set(staff).send({ code: 'A01', category: 'food' }), 404, 'NOT_FOUND');
    });
  });

  describe('POST /api/zones/:zoneId/stalls/bulk', () => {
    it('adds count stalls coded prefix01… in code order', async () => {
      const zone = await createZone(t);
      const res = await t.http
        .post(`/api/zones/${zone.id}/stalls/bulk`)
        .set(staff)
        .send({ prefix: 'A', count: 3, category: 'fruit' })
        .expect(201);
      expect(res.body).toEqual({
        items: ['A01', 'A02', 'A03'].map((code) => ({
          id: expect.stringMatching(UUID),
          zoneId: zone.id,
          code,
          category: 'fruit',
          status: 'open',
        })),
      });
      expect(new Set(res.body.items.map((stall: Stall) => stall.id)).size).toBe(3);
      expect(await listStalls(zone.id)).toEqual({ items: res.body.items, total: 3 });
    });

    it.each([
      [1, ['01']],
      [9, ['01', '02', '03', '04', '05', '06', '07', '08', '09']],
      [10, ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']],
    ])('pads count %d to at least two digits', async (count, numbers) => {
      const zone = await createZone(t);
      expect(codes(await createStalls(t, zone.id, count, 'general', 'B'))).toEqual(numbers.map((n) => `B${n}`));
    });

    it('pads count 100 to three digits: A001…A100', async () => {
      const zone = await createZone(t);
      const items = await createStalls(t, zone.id, 100);
      const expected = Array.from({ length: 100 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
      expect(codes(items)).toEqual(expected);
      expect(expected[0]).toBe('A001');
      expect(expected[99]).toBe('A100');
    });

    it('adds the maximum of 500 stalls, A001…A500', async () => {
      const zone = await createZone(t);
      const items = await createStalls(t, zone.id, 500, 'food');
      expect(items).toHaveLength(500);
      expect([items[0].code, items[9].code, items[499].code]).toEqual(['A001', 'A010', 'A500']);
      expect((await listStalls(zone.id, { limit: 1 })).total).toBe(500);
    });

    it('keeps a Chinese prefix unchanged', async () => {
      const zone = await createZone(t);
      expect(codes(await createStalls(t, zone.id, 2, 'vegetables', '东区-'))).toEqual(['东区-01', '东区-02']);
    });

    it('adds next to existing stalls when the codes do not overlap', async () => {
      const zone = await createZone(t);
      await createStalls(t, zone.id, 3, 'general', 'A');
      await createStalls(t, zone.id, 2, 'general', 'B');
      expect(codes((await listStalls(zone.id)).items)).toEqual(['A01', 'A02', 'A03', 'B01', 'B02']);
    });

    it('refuses a batch overlapping one single stall with 409, creating none of it', async () => {
      const zone = await createZone(t);
      const single = await t.http.post(`/api/zones/${zone.id}/stalls`).set(staff).send({ code: 'A05', category: 'food' }).expect(201);
      const res = await t.http.post(`/api/zones/${zone.id}/stalls/bulk`).set(staff).send({ prefix: 'A', count: 10, category: 'food' });
      expectError(res, 409, 'DUPLICATE_STALL_CODE', 'A05');
      expect(await listStalls(zone.id)).toEqual({ items: [single.body], total: 1 });
    });

    it('refuses a batch overlapping an earlier batch with 409, creating none of it', async () => {
      const zone = await createZone(t);
      const earlier = await createStalls(t, zone.id, 3, 'fruit', 'C');
      const res = await t.http.post(`/api/zones/${zone.id}/stalls/bulk`).set(staff).send({ prefix: 'C', count: 5, category: 'fruit' });
      expectError(res, 409, 'DUPLICATE_STALL_CODE', 'C01');
      expect(await listStalls(zone.id)).toEqual({ items: earlier, total: 3 });
    });

    it('lets exactly one of two overlapping concurrent batches through', async () => {
      const zone = await createZone(t);
      const send = (count: number) =>
        t.http.post(`/api/zones/${zone.id}/stalls/bulk`).set(staff).send({ prefix: 'D', count, category: 'food' });
      const results = await Promise.all([send(5), send(3)]);
      expect(results.map((res) => res.status).sort()).toEqual([201, 409]);
      const winner = results.find((res) => res.status === 201)!;
      expectError(
        results.find((res) => res.status === 409)!,
        409,
        'DUPLICATE_STALL_CODE',
      );
      expect(await listStalls(zone.id)).toEqual({ items: winner.body.items, total: winner.body.items.length });
    });

    it.each([
      ['count 0', { prefix: 'A', count: 0, category: 'food' }, ['count']],
      ['count 501', { prefix: 'A', count: 501, category: 'food' }, ['count']],
      ['a fractional count', { prefix: 'A', count: 2.5, category: 'food' }, ['count']],
      ['a count as a string', { prefix: 'A', count: '3', category: 'food' }, ['count']],
      ['an empty body', {}, ['prefix', 'count', 'category']],
      ['wrong types', { prefix: 7, count: true, category: 1 }, ['prefix', 'count', 'category']],
      ['an unknown category', { prefix: 'A', count: 2, category: 'seafood' }, ['category']],
      ['a prefix with spaces', { prefix: 'A B', count: 2, category: 'food' }, ['prefix']],
      ['unknown fields', { prefix: 'A', count: 2, category: 'food', status: 'closed' }, ['status']],
    ])('refuses %s with 400 and adds nothing', async (_name, body, fields) => {
      const zone = await createZone(t);
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls/bulk`).set(staff).send(body), 400, 'VALIDATION_FAILED', ...fields);
      expect(await listStalls(zone.id)).toEqual({ items: [], total: 0 });
    });

    it('refuses a malformed JSON body with 400', async () => {
      const zone = await createZone(t);
      const res = await t.http
        .post(`/api/zones/${zone.id}/stalls/bulk`)
        .set(staff)
        .set('Content-Type', 'application/json')
        .send('{"prefix":"A","count":');
      expectError(res, 400, 'VALIDATION_FAILED');
      expect((await listStalls(zone.id)).total).toBe(0);
    });

    it('needs a token (401) and the staff role (403)', async () => {
      const zone = await createZone(t);
      const body = { prefix: 'A', count: 2, category: 'food' };
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls/bulk`).send(body), 401, 'UNAUTHORIZED');
      expectError(await t.http.post(`/api/zones/${zone.id}/stalls/bulk`).set(vendor).send(body), 403, 'FORBIDDEN');
      expect((await listStalls(zone.id)).total).toBe(0);
    });

    it.each(MALFORMED_IDS)('answers 404 NOT_FOUND for the zone id as %s', async (_name, zoneId) => {
      const res = await t.http.post(`/api/zones/${zoneId}/stalls/bulk`).set(staff).send({ prefix: 'A', count: 2, category: 'food' });
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('GET /api/zones/:zoneId/stalls', () => {
    let zoneId: string;
    let all: Stall[];

    beforeAll(async () => {
      zoneId = (await createZone(t, { name: '分页摊区' })).id;
      all = (await createStalls(t, zoneId, 120, 'vegetables')) as Stall[];
    });

    it('returns the first 50 in code order by default, with the total', async () => {
      expect(await listStalls(zoneId, {})).toEqual({ items: all.slice(0, 50), total: 120 });
    });

    it('pages with limit and offset', async () => {
      expect(await listStalls(zoneId, { limit: 10, offset: 10 })).toEqual({ items: all.slice(10, 20), total: 120 });
      expect(codes((await listStalls(zoneId, { limit: 50, offset: 100 })).items)).toEqual(
        Array.from({ length: 20 }, (_, i) => `A${101 + i}`),
      );
      expect(await listStalls(zoneId, { offset: 500 })).toEqual({ items: [], total: 120 });
    });

    it('returns up to 200 on request', async () => {
      expect(await listStalls(zoneId, { limit: 200 })).toEqual({ items: all, total: 120 });
    });

    it('lists an empty zone as { items: [], total: 0 }', async () => {
      const zone = await createZone(t);
      expect(await listStalls(zone.id, {})).toEqual({ items: [], total: 0 });
    });

    it('is readable by a vendor', async () => {
      const res = await t.http.get(`/api/zones/${zoneId}/stalls?limit=2`).set(vendor).expect(200);
      expect(res.body).toEqual({ items: all.slice(0, 2), total: 120 });
    });

    it('needs a token', async () => {
      expectError(await t.http.get(`/api/zones/${zoneId}/stalls`), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      expectError(await t.http.get(`/api/zones/${zoneId}/stalls?${query}`).set(staff), 400, 'VALIDATION_FAILED', field);
    });

    it.each(MALFORMED_IDS)('answers 404 NOT_FOUND for the zone id as %s', async (_name, id) => {
      expectError(await t.http.get(`/api/zones/${id}/stalls`).set(staff), 404, 'NOT_FOUND');
    });
  });

  describe('PATCH /api/stalls/:id', () => {
    it('changes the category and closes and reopens a stall', async () => {
      const zone = await createZone(t);
      const [stall] = (await createStalls(t, zone.id, 2, 'general')) as Stall[];
      const recategorised = await t.http.patch(`/api/stalls/${stall.id}`).set(staff).send({ category: 'fruit' }).expect(200);
      expect(recategorised.body).toEqual({ ...stall, category: 'fruit' });
      const closed = await t.http.patch(`/api/stalls/${stall.id}`).set(staff).send({ status: 'closed' }).expect(200);
      expect(closed.body).toEqual({ ...stall, category: 'fruit', status: 'closed' });
      expect((await listStalls(zone.id)).items[0]).toEqual(closed.body);
      const reopened = await t.http.patch(`/api/stalls/${stall.id}`).set(staff).send({ status: 'open', category: 'food' }).expect(200);
      expect(reopened.body).toEqual({ ...stall, category: 'food', status: 'open' });
    });

    it('leaves the other stalls alone', async () => {
      const zone = await createZone(t);
      const [first, second] = (await createStalls(t, zone.id, 2, 'general')) as Stall[];
      await t.http.patch(`/api/stalls/${first.id}`).set(staff).send({ status: 'closed' }).expect(200);
      expect((await listStalls(zone.id)).items[1]).toEqual(second);
    });

    it.each([
      ['an unknown status', { status: 'broken' }, ['status']],
      ['an unknown category', { category: 'seafood' }, ['category']],
      ['wrong types', { status: true, category: 3 }, ['status', 'category']],
      ['a code change (not patchable)', { code: 'Z99' }, ['code']],
      ['a move to another zone (mass assignment)', { zoneId: randomUUID() }, ['zoneId']],
    ])('refuses %s with 400 and changes nothing', async (_name, body, fields) => {
      const zone = await createZone(t);
      const [stall] = (await createStalls(t, zone.id, 1)) as Stall[];
      expectError(await t.http.patch(`/api/stalls/${stall.id}`).set(staff).send(body), 400, 'VALIDATION_FAILED', ...fields);
      expect(await listStalls(zone.id)).toEqual({ items: [stall], total: 1 });
    });

    it('refuses a malformed JSON body with 400 and changes nothing', async () => {
      const zone = await createZone(t);
      const [stall] = (await createStalls(t, zone.id, 1)) as Stall[];
      const res = await t.http
        .patch(`/api/stalls/${stall.id}`)
        .set(staff)
        .set('Content-Type', 'application/json')
        .send("{'status':'closed'}");
      expectError(res, 400, 'VALIDATION_FAILED');
      expect((await listStalls(zone.id)).items).toEqual([stall]);
    });

    it('needs a token (401) and the staff role (403), and changes nothing', async () => {
      const zone = await createZone(t);
      const [stall] = (await createStalls(t, zone.id, 1)) as Stall[];
      expectError(await t.http.patch(`/api/stalls/${stall.id}`).send({ status: 'closed' }), 401, 'UNAUTHORIZED');
      expectError(await t.http.patch(`/api/stalls/${stall.id}`).set(vendor).send({ status: 'closed' }), 403, 'FORBIDDEN');
      expect((await listStalls(zone.id)).items).toEqual([stall]);
    });

    it.each(MALFORMED_IDS)('answers 404 NOT_FOUND for %s', async (_name, id) => {
      expectError(await t.http.patch(`/api/stalls/${id}`).set(staff).send({ status: 'closed' }), 404, 'NOT_FOUND');
    });

    it('answers 404 for a zone id used as a stall id', async () => {
      const zone = await createZone(t);
      expectError(await t.http.patch(`/api/stalls/${zone.id}`).set(staff).send({ status: 'closed' }), 404, 'NOT_FOUND');
    });
  });
});
