import { createSession, createStalls, createZone, zoneInput } from '../factories/zone.factory.js';
import { vendorInput } from '../factories/vendor.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { countOf, rowOf } from '../support/rows.js';

// Text is validated once, the same way on both drivers: no control characters, length as the column counts it.
describe('input rules', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  describe('text', () => {
    it.each([
      ['a NUL', '东城\u0000摊区'],
      ['a line break in a one-line field', '东城\n摊区'],
      ['another C0 control', '东城\u001b[31m摊区'],
      ['a lone surrogate', '东城\ud800摊区'],
      ['101 characters, the last a variation selector', `${'菜'.repeat(100)}\ufe0f`],
      ['101 characters of four bytes each', '😀'.repeat(101)],
    ])('refuses %s in a zone name with 400, and stores nothing', async (_label, name) => {
      const zones = await countOf(t, 'zones');
      expectError(await t.http.post('/api/zones').set(staff).send(zoneInput({ name })), 400, 'VALIDATION_FAILED', 'name');
      expect(await countOf(t, 'zones')).toBe(zones);
    });

    it('takes exactly 100 characters, whatever their size, and keeps them as given', async () => {
      const name = `${'菜'.repeat(99)}😀`;
      const zone = await createZone(t, { name });
      expect((await rowOf(t, 'zones', { id: zone.id })).name).toBe(name);
    });

    it('keeps line breaks where text may have them (a cancellation reason), and refuses NUL there too', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id);
      const cancel = (reason: string) =>
        t.http.post(`/api/sessions/${session.id}/cancellations`).set(staff).send({ date: '2026-12-05', reason });
      expectError(await cancel('暴雨\u0000预警'), 400, 'VALIDATION_FAILED', 'reason');
      const res = await cancel('暴雨预警\n明日恢复').expect(201);
      expect(res.body.reason).toBe('暴雨预警\n明日恢复');
    });

    it.each([
      ['a login username', () => t.http.post('/api/auth/login').send({ username: 'ad\u0000min', password: 'x' })],
      ['a vendor name', () => t.http.post('/api/vendors/register').send(vendorInput({ name: '张\u0000桂兰' }))],
      ['a zone search', () => t.http.get('/api/zones?q=%00').set(staff)],
      ['a district filter', () => t.http.get('/api/zones?district=%E5%8D%97%00').set(staff)],
      ['an audit filter', () => t.http.get('/api/audit?action=claim.%00').set(staff)],
    ])('refuses NUL in %s with 400', async (_label, send) => {
      expectError(await send(), 400, 'VALIDATION_FAILED');
    });
  });

  describe('null', () => {
    it('refuses null for a field that cannot be empty, naming what it must be', async () => {
      const zone = await createZone(t);
      const [stall] = await createStalls(t, zone.id, 1);
      expectError(
        await t.http.patch(`/api/stalls/${stall.id}`).set(staff).send({ status: null }),
        400,
        'VALIDATION_FAILED',
        'status must be one of',
      );
      expectError(
        await t.http
          .post('/api/zones')
          .set(staff)
          .send(zoneInput({ timezone: null })),
        400,
        'VALIDATION_FAILED',
        'timezone',
      );
      expectError(
        await t.http
          .post(`/api/zones/${zone.id}/sessions`)
          .set(staff)
          .send({ name: null, startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY', validFrom: '2026-12-01' }),
        400,
        'VALIDATION_FAILED',
        'name must be a string',
      );
      expect((await rowOf(t, 'stalls', { id: stall.id })).status).toBe('open');
    });

    it('takes null as "clear it" where the field may be empty (a zone description), and a no-op moves nothing', async () => {
      const zone = await createZone(t, { description: '周末加开' });
      const cleared = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({ description: null }).expect(200);
      expect(cleared.body.description).toBeNull();
      t.clock.advance(60_000);
      const again = await t.http.patch(`/api/zones/${zone.id}`).set(staff).send({}).expect(200);
      expect(again.body.updatedAt).toBe(cleared.body.updatedAt);
    });
  });

  describe('numbers', () => {
    it('says why a query number is refused', async () => {
      expectError(await t.http.get('/api/zones?limit=1.5').set(staff), 400, 'VALIDATION_FAILED', 'limit must be an integer');
      expectError(await t.http.get('/api/zones?limit=0').set(staff), 400, 'VALIDATION_FAILED', 'limit must be an integer from 1 to 200');
      expectError(
        await t.http
          .post('/api/zones')
          .set(staff)
          .send(zoneInput({ bookingHorizonDays: 1.5 })),
        400,
        'VALIDATION_FAILED',
        'bookingHorizonDays must be an integer',
      );
    });

    it('documents integers as integers', async () => {
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      const query = doc.paths['/api/zones'].get.parameters.find((p: { name: string }) => p.name === 'limit');
      expect(query.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
      expect(doc.components.schemas.CreateZoneDto.properties.bookingHorizonDays).toMatchObject({ type: 'integer' });
      expect(doc.components.schemas.CreateZoneDto.additionalProperties).toBe(false);
      expect(doc.components.schemas.RegisterVendorDto.properties.categories).toMatchObject({ minItems: 1, uniqueItems: true });
      expect(doc.components.schemas.CreateStallDto.properties.code).toMatchObject({ pattern: expect.any(String), maxLength: 32 });
    });
  });
});
