import { randomUUID } from 'node:crypto';
import { bearer, useTestApp } from '../support/create-app.js';
import { createZone, zoneInput } from '../factories/zone.factory.js';
import { expectError } from '../support/expect-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** TEST_NOW as the default zone shows it. */
const NOW_SHANGHAI = '2026-11-30T10:00:00+08:00';

/** A zone as the API shows it right after creation from `zoneInput(overrides)` with the defaults. */
function createdZone(overrides: Record<string, unknown> = {}) {
  return {
    id: expect.stringMatching(UUID),
    ...zoneInput(),
    timezone: 'Asia/Shanghai',
    description: null,
    maxClaimsPerVendorPerWeek: 7,
    bookingHorizonDays: 14,
    offerHoldMinutes: 60,
    status: 'active',
    createdAt: NOW_SHANGHAI,
    updatedAt: NOW_SHANGHAI,
    ...overrides,
  };
}

describe('zones', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  let vendor: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
    vendor = bearer(t.tokenFor(randomUUID(), 'vendor'));
  });

  async function zoneCount(): Promise<number> {
    return (await t.http.get('/api/zones?limit=1').set(staff).expect(200)).body.total;
  }

  async function getZone(id: string) {
    return (await t.http.get(`/api/zones/${id}`).set(staff).expect(200)).body;
  }

  describe('POST /api/zones', () => {
    it('creates an active zone with the defaults, Chinese text unchanged', async () => {
      const res = await t.http.post('/api/zones').set(staff).send(zoneInput()).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(createdZone());
      expect(await getZone(res.body.id)).toEqual(res.body);
    });

    it('takes every optional field and shows instants with the zone offset', async () => {
      const input = zoneInput({
        name: '河畔夜市 Riverside',
        timezone: 'America/Los_Angeles',
        description: '周末早市 🍅「有机蔬菜」\n第二行',
        maxClaimsPerVendorPerWeek: 3,
        bookingHorizonDays: 30,
      });
      const res = await t.http.post('/api/zones').set(staff).send(input).expect(201);
      expect(res.body).toEqual(createdZone({ ...input, createdAt: '2026-11-29T18:00:00-08:00', updatedAt: '2026-11-29T18:00:00-08:00' }));
      expect(await getZone(res.body.id)).toEqual(res.body);
    });

    it('shows a half-hour offset as is', async () => {
      const zone = await createZone(t, { timezone: 'Asia/Kolkata' });
      expect(zone.createdAt).toBe('2026-11-30T07:30:00+05:30');
    });

    it('uses the fake clock for createdAt', async () => {
      t.clock.set('2027-01-15T23:59:59+08:00');
      const zone = await createZone(t);
      expect(zone).toEqual(createdZone({ createdAt: '2027-01-15T23:59:59+08:00', updatedAt: '2027-01-15T23:59:59+08:00' }));
    });

    it('accepts the boundary values', async () => {
      const input = zoneInput({ latitude: -90, longitude: 180, maxClaimsPerVendorPerWeek: 100, bookingHorizonDays: 0 });
      expect(await createZone(t, input)).toEqual(createdZone(input));
      const other = zoneInput({ latitude: 90, longitude: -180, maxClaimsPerVendorPerWeek: 1, bookingHorizonDays: 366 });
      expect(await createZone(t, other)).toEqual(createdZone(other));
    });

    it('keeps a 100-character Chinese name whole', async () => {
      const name = '潮'.repeat(100);
      expect((await createZone(t, { name })).name).toBe(name);
    });

    it('refuses an empty body, naming every required field, and creates nothing', async () => {
      const before = await zoneCount();
      const res = await t.http.post('/api/zones').set(staff).send({});
      expectError(res, 400, 'VALIDATION_FAILED', 'name', 'district', 'address', 'latitude', 'longitude');
      expectError(await t.http.post('/api/zones').set(staff), 400, 'VALIDATION_FAILED', 'name', 'latitude');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses wrong types, naming every bad field', async () => {
      const before = await zoneCount();
      const res = await t.http
        .post('/api/zones')
        .set(staff)
        .send({ name: 1, district: true, address: { street: '金佛大道' }, latitude: '29.1573', longitude: null });
      expectError(res, 400, 'VALIDATION_FAILED', 'name', 'district', 'address', 'latitude', 'longitude');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses one missing field and names it', async () => {
      const { address: _address, ...input } = zoneInput();
      const res = await t.http.post('/api/zones').set(staff).send(input);
      expectError(res, 400, 'VALIDATION_FAILED', 'address');
      expect(res.body.message).not.toMatch(/\bname\b/);
    });

    it('refuses out-of-range coordinates', async () => {
      const before = await zoneCount();
      const res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ latitude: 90.0001, longitude: -180.5 }));
      expectError(res, 400, 'VALIDATION_FAILED', 'latitude', 'longitude');
      expectError(
        await t.http
          .post('/api/zones')
          .set(staff)
          .send(zoneInput({ latitude: -91 })),
        400,
        'VALIDATION_FAILED',
        'latitude',
      );
      expect(await zoneCount()).toBe(before);
    });

    it('refuses a latitude that JSON parses to Infinity', async () => {
      const body = JSON.stringify(zoneInput()).replace('"latitude":29.1573', '"latitude":1e400');
      const res = await t.http.post('/api/zones').set(staff).set('Content-Type', 'application/json').send(body);
      expectError(res, 400, 'VALIDATION_FAILED', 'latitude');
    });

    it('refuses out-of-range or fractional settings', async () => {
      const before = await zoneCount();
      let res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ maxClaimsPerVendorPerWeek: 0, bookingHorizonDays: 367 }));
      expectError(res, 400, 'VALIDATION_FAILED', 'maxClaimsPerVendorPerWeek', 'bookingHorizonDays');
      res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ maxClaimsPerVendorPerWeek: 1.5, bookingHorizonDays: -1 }));
      expectError(res, 400, 'VALIDATION_FAILED', 'maxClaimsPerVendorPerWeek', 'bookingHorizonDays');
      res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ maxClaimsPerVendorPerWeek: '7' }));
      expectError(res, 400, 'VALIDATION_FAILED', 'maxClaimsPerVendorPerWeek');
      expect(await zoneCount()).toBe(before);
    });

    it.each(['Mars/Olympus', 'Asia/Beijing', '', 8])('refuses the time zone %p', async (timezone) => {
      const before = await zoneCount();
      expectError(await t.http.post('/api/zones').set(staff).send(zoneInput({ timezone })), 400, 'VALIDATION_FAILED', 'timezone');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses empty and over-long text', async () => {
      const res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ name: '', district: '区'.repeat(101), address: 'x'.repeat(301) }));
      expectError(res, 400, 'VALIDATION_FAILED', 'name', 'district', 'address');
      expectError(
        await t.http
          .post('/api/zones')
          .set(staff)
          .send(zoneInput({ description: 'x'.repeat(2001) })),
        400,
        'VALIDATION_FAILED',
        'description',
      );
    });

    it('refuses unknown fields, such as a status or an id (mass assignment), and creates nothing', async () => {
      const before = await zoneCount();
      const res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ status: 'suspended', id: randomUUID() }));
      expectError(res, 400, 'VALIDATION_FAILED', 'status', 'id');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses a field named constructor like any other unknown field', async () => {
      const before = await zoneCount();
      const body = JSON.stringify(zoneInput()).replace('{', '{"constructor":{"x":1},');
      const res = await t.http.post('/api/zones').set(staff).set('Content-Type', 'application/json').send(body);
      expectError(res, 400, 'VALIDATION_FAILED', 'constructor');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses an oversized body with 413 PAYLOAD_TOO_LARGE and creates nothing', async () => {
      const before = await zoneCount();
      const res = await t.http
        .post('/api/zones')
        .set(staff)
        .send(zoneInput({ description: '大'.repeat(300_000) }));
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses a malformed JSON body with 400 and creates nothing', async () => {
      const before = await zoneCount();
      const res = await t.http.post('/api/zones').set(staff).set('Content-Type', 'application/json').send('{"name": "东城", ');
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await zoneCount()).toBe(before);
    });

    it('refuses a JSON array or a bare string as the body', async () => {
      expectError(await t.http.post('/api/zones').set(staff).set('Content-Type', 'application/json').send('[]'), 400, 'VALIDATION_FAILED');
      expectError(
        await t.http.post('/api/zones').set(staff).set('Content-Type', 'application/json').send('"东城"'),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('needs a token (401) and the staff role (403), and creates nothing', async () => {
      const before = await zoneCount();
      expectError(await t.http.post('/api/zones').send(zoneInput()), 401, 'UNAUTHORIZED');
      expectError(await t.http.post('/api/zones').set(vendor).send(zoneInput()), 403, 'FORBIDDEN');
      expect(await zoneCount()).toBe(before);
    });
  });

  describe('GET /api/zones', () => {
    it('lists { items, total } with full zones, filtered by district', async () => {
      const a = await createZone(t, { name: '甲 market', district: '列表区' });
      const b = await createZone(t, { name: '乙 market', district: '列表区' });
      await createZone(t, { name: '丙 market', district: '别的区' });
      const res = await t.http.get('/api/zones').query({ district: '列表区' }).set(staff).expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items).toEqual(expect.arrayContaining([a, b]));
    });

    it('searches names case-insensitively, in Chinese too', async () => {
      const district = '搜索区';
      const latin = await createZone(t, { name: 'Riverside Night Market', district });
      const chinese = await createZone(t, { name: '河畔夜市', district });
      const search = async (q: string) => (await t.http.get('/api/zones').query({ district, q }).set(staff).expect(200)).body;
      expect(await search('RIVERSIDE')).toEqual({ items: [latin], total: 1 });
      expect(await search('night m')).toEqual({ items: [latin], total: 1 });
      expect(await search('夜市')).toEqual({ items: [chinese], total: 1 });
      expect(await search('不存在')).toEqual({ items: [], total: 0 });
    });

    it('takes % and _ in q literally', async () => {
      const district = '通配符区';
      await createZone(t, { name: 'Plain market', district });
      const discount = await createZone(t, { name: '50% off_market', district });
      const search = async (q: string) => (await t.http.get('/api/zones').query({ district, q }).set(staff).expect(200)).body;
      expect(await search('%')).toEqual({ items: [discount], total: 1 });
      expect(await search('_')).toEqual({ items: [discount], total: 1 });
      expect(await search('n_m')).toEqual({ items: [], total: 0 });
    });

    it('pages with limit and offset, total counting every match', async () => {
      const district = '分页区';
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await createZone(t, { name: `分页 ${i}`, district })).id);
      const page = async (query: Record<string, unknown>) =>
        (
          await t.http
            .get('/api/zones')
            .query({ district, ...query })
            .set(staff)
            .expect(200)
        ).body;
      const first = await page({ limit: 2 });
      const second = await page({ limit: 2, offset: 2 });
      const third = await page({ limit: 2, offset: 4 });
      expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
      expect([first.items.length, second.items.length, third.items.length]).toEqual([2, 2, 1]);
      const seen = [...first.items, ...second.items, ...third.items].map((zone: { id: string }) => zone.id);
      expect(new Set(seen)).toEqual(ids);
      expect(await page({ offset: 10 })).toEqual({ items: [], total: 5 });
    });

    it('returns 50 by default and up to 200 on request', async () => {
      const district = '默认页区';
      for (let i = 0; i < 52; i++) await createZone(t, { name: `默认 ${String(i).padStart(2, '0')}`, district });
      const byDefault = (await t.http.get('/api/zones').query({ district }).set(staff).expect(200)).body;
      expect(byDefault.items).toHaveLength(50);
      expect(byDefault.total).toBe(52);
      const all = (await t.http.get('/api/zones').query({ district, limit: 200 }).set(staff).expect(200)).body;
      expect(all.items).toHaveLength(52);
      expect(all.total).toBe(52);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=abc', 'offset'],
    ])('refuses ?%s with 400 naming %s, never clamping', async (query, field) => {
      expectError(await t.http.get(`/api/zones?${query}`).set(staff), 400, 'VALIDATION_FAILED', field);
    });

    it('names both bad paging values at once', async () => {
      expectError(await t.http.get('/api/zones?limit=0&offset=-5').set(staff), 400, 'VALIDATION_FAILED', 'limit', 'offset');
    });

    it('is readable by a vendor but not without a token', async () => {
      const zone = await createZone(t, { district: '供应商可读区' });
      const res = await t.http.get('/api/zones').query({ district: '供应商可读区' }).set(vendor).expect(200);
      expect(res.body).toEqual({ items: [zone], total: 1 });
      expectError(await t.http.get('/api/zones'), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /api/zones/:id', () => {
    it('returns the zone to staff and vendors alike', async () => {
      const zone = await createZone(t, { name: '单个摊区' });
      expect((await t.http.get(`/api/zones/${zone.id}`).set(staff).expect(200)).body).toEqual(zone);
      expect((await t.http.get(`/api/zones/${zone.id}`).set(vendor).expect(200)).body).toEqual(zone);
    });

    it('needs a token', async () => {
      const zone = await createZone(t);
      expectError(await t.http.get(`/api/zones/${zone.id}`), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['an unknown UUID', randomUUID()],
      ['a malformed id', 'abc'],
      ['a number', '123'],
      ['a UUID with junk after it', `${randomUUID()}x`],
      ['an injection attempt', encodeURIComponent("' OR 1=1 --")],
      ['a 300-character id', 'a'.repeat(300)],
    ])('answers 404 NOT_FOUND for %s', async (_name, id) => {
      expectError(await t.http.get(`/api/zones/${id}`).set(staff), 404, 'NOT_FOUND');
    });
  });

  describe('PATCH /api/zones/:id', () => {
    it('changes the given fields only, moving updatedAt but not createdAt', async () => {
      const zone = await createZone(t);
      t.clock.set('2026-12-01T09:30:00+08:00');
      const changes = { name: '西城潮汐摊区（改）', address: '新地址 8 号', latitude: 29.2, maxClaimsPerVendorPerWeek: 2 };
      const res = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send(changes).expect(200);
      expect(res.body).toEqual({ ...zone, ...changes, updatedAt: '2026-12-01T09:30:00+08:00' });
      expect(await getZone(zone.id)).toEqual(res.body);
    });

    it('suspends a zone and reactivates it', async () => {
      const zone = await createZone(t);
      const suspended = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({ status: 'suspended' }).expect(200);
      expect(suspended.body).toEqual({ ...zone, status: 'suspended' });
      expect((await getZone(zone.id)).status).toBe('suspended');
      const active = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({ status: 'active' }).expect(200);
      expect(active.body).toEqual({ ...zone, status: 'active' });
    });

    it('shows instants with the new offset after a time zone change', async () => {
      const zone = await createZone(t);
      const res = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({ timezone: 'America/Los_Angeles' }).expect(200);
      expect(res.body).toEqual({
        ...zone,
        timezone: 'America/Los_Angeles',
        createdAt: '2026-11-29T18:00:00-08:00',
        updatedAt: '2026-11-29T18:00:00-08:00',
      });
    });

    it('sets a description with Chinese text unchanged', async () => {
      const zone = await createZone(t);
      const description = '每周六、周日 6:00–9:00；雨天取消 ☔';
      const res = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({ description }).expect(200);
      expect(res.body).toEqual({ ...zone, description });
    });

    it.each([
      ['an unknown status', { status: 'closed' }, ['status']],
      ['an out-of-range latitude', { latitude: 100 }, ['latitude']],
      ['wrong types', { name: 5, longitude: 'east' }, ['name', 'longitude']],
      ['an empty name', { name: '' }, ['name']],
      ['an invalid time zone', { timezone: 'Mars/Olympus' }, ['timezone']],
      ['unknown fields (mass assignment)', { id: randomUUID(), createdAt: '2020-01-01T00:00:00+08:00' }, ['id', 'createdAt']],
      ['a valid field next to a bad one', { name: '不该生效', bookingHorizonDays: 400 }, ['bookingHorizonDays']],
    ])('refuses %s with 400 and changes nothing', async (_name, body, fields) => {
      const zone = await createZone(t);
      expectError(await t.http.patch(`/api/zones/${zone.id}`).set(staff).send(body), 400, 'VALIDATION_FAILED', ...fields);
      expect(await getZone(zone.id)).toEqual(zone);
    });

    it('refuses a malformed JSON body and changes nothing', async () => {
      const zone = await createZone(t);
      const res = await t.http
        .patch(`/api/zones/${zone.id}`)
        .set(staff)
        .set('Content-Type', 'application/json')
        .send('{"status": suspended}');
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await getZone(zone.id)).toEqual(zone);
    });

    it('needs a token (401) and the staff role (403), and changes nothing', async () => {
      const zone = await createZone(t);
      expectError(await t.http.patch(`/api/zones/${zone.id}`).send({ status: 'suspended' }), 401, 'UNAUTHORIZED');
      expectError(await t.http.patch(`/api/zones/${zone.id}`).set(vendor).send({ status: 'suspended' }), 403, 'FORBIDDEN');
      expect(await getZone(zone.id)).toEqual(zone);
    });

    it.each([
      ['an unknown UUID', randomUUID()],
      ['a malformed id', 'abc'],
      ['a number', '123'],
    ])('answers 404 NOT_FOUND for %s', async (_name, id) => {
      expectError(await t.http.patch(`/api/zones/${id}`).set(staff).send({ name: '无' }), 404, 'NOT_FOUND');
    });
  });
});
