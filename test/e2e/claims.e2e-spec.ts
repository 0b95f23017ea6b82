import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, useTestApp } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';
import { claim, claimRow, countClaims, createMarket, expectError, Market, postClaim, slot, UUID } from '../factories/claim.factory.js';
import { approvedVendor, registerVendor, TestVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.
// 2026-12-01 is a Tuesday; with the default horizon (14 days) the last bookable date is 2026-12-14.

describe('claims', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  /** Sends a claim that must be refused with exactly this status and code, and writes no claim row. */
  async function expectRefused(token: string, body: object, statusCode: number, code: string, key?: string): Promise<Response> {
    const before = await countClaims(t);
    const res = await postClaim(t, token, body, key);
    expectError(res, statusCode, code);
    expect(await countClaims(t)).toBe(before);
    return res;
  }

  const patchZone = (id: string, body: object) => t.http.patch(`/api/zones/${id}`).set(staff).send(body).expect(200);
  const patchStall = (id: string, body: object) => t.http.patch(`/api/stalls/${id}`).set(staff).send(body).expect(200);
  const cancelOccurrence = (sessionId: string, date: string) =>
    t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date, reason: '暴雨预警' }).expect(201);

  describe('POST /api/claims: the happy path', () => {
    it('answers 201 with the claim, instants in the zone offset', async () => {
      const market = await createMarket(t, { stalls: 2, category: 'vegetables' });
      const vendor = await approvedVendor(t);
      const res = await postClaim(t, vendor.token, slot(market, '2026-12-02', 1));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(UUID),
        stallId: market.stalls[1].id,
        sessionId: market.session.id,
        zoneId: market.zone.id,
        date: '2026-12-02',
        start: '2026-12-02T06:00:00+08:00',
        end: '2026-12-02T09:00:00+08:00',
        status: 'confirmed',
      });
      const row = await claimRow(t, res.body.id);
      expect(row).toMatchObject({ vendorId: vendor.id, stallId: market.stalls[1].id, date: '2026-12-02', status: 'confirmed' });
      const read = await t.http.get(`/api/claims/${res.body.id}`).set(bearer(vendor.token)).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('shows instants in the zone time zone, not the server default', async () => {
      const market = await createMarket(t, { zone: { name: 'UTC 摊区', timezone: 'Europe/London' } });
      const vendor = await approvedVendor(t);
      const res = await postClaim(t, vendor.token, slot(market, '2026-12-02'));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ start: '2026-12-02T06:00:00+00:00', end: '2026-12-02T09:00:00+00:00' });
    });

    it('books a night session that ends the next day', async () => {
      const market = await createMarket(t, { session: { name: 'night', startTime: '20:00', endTime: '02:00' } });
      const vendor = await approvedVendor(t);
      const res = await postClaim(t, vendor.token, slot(market, '2026-12-02'));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ date: '2026-12-02', start: '2026-12-02T20:00:00+08:00', end: '2026-12-03T02:00:00+08:00' });
    });
  });

  describe('POST /api/claims: bad requests', () => {
    let market: Market;
    let vendor: TestVendor;
    beforeAll(async () => {
      market = await createMarket(t, { stalls: 1 });
      vendor = await approvedVendor(t);
    });

    it('answers 404 for an unknown stallId or sessionId (well-formed UUIDs)', async () => {
      await expectRefused(vendor.token, { ...slot(market, '2026-12-03'), stallId: randomUUID() }, 404, 'NOT_FOUND');
      await expectRefused(vendor.token, { ...slot(market, '2026-12-03'), sessionId: randomUUID() }, 404, 'NOT_FOUND');
    });

    it('answers 404 for a deleted session', async () => {
      const gone = await createMarket(t, { zone: { name: '已撤销摊区' } });
      await t.http.delete(`/api/sessions/${gone.session.id}`).set(staff).expect(204);
      await expectRefused(vendor.token, slot(gone, '2026-12-03'), 404, 'NOT_FOUND');
    });

    it.each<[string, Record<string, unknown>]>([
      ['a malformed stallId', { stallId: 'not-a-uuid' }],
      ['a malformed sessionId', { sessionId: '1234' }],
      ['a missing date', { date: undefined }],
      ['a date that does not exist', { date: '2026-02-30' }],
      ['a date in another format', { date: '2026/12/03' }],
      ['a date in year 9999', { date: '9999-12-31' }],
      ['an unknown field', { vendorId: randomUUID() }],
      ['a status field', { status: 'checked_in' }],
    ])('answers 400 VALIDATION_FAILED for %s', async (_label, overrides) => {
      await expectRefused(vendor.token, { ...slot(market, '2026-12-03'), ...overrides }, 400, 'VALIDATION_FAILED');
    });

    it('refuses a staff token (403) and no token (401)', async () => {
      await expectRefused(t.staffToken, slot(market, '2026-12-03'), 403, 'FORBIDDEN');
      const res = await t.http.post('/api/claims').send(slot(market, '2026-12-03'));
      expectError(res, 401, 'UNAUTHORIZED');
    });
  });

  describe('POST /api/claims: each refusal of the contract, alone', () => {
    it('VENDOR_NOT_APPROVED for a pending or rejected vendor', async () => {
      const market = await createMarket(t);
      const pending = await registerVendor(t);
      await expectRefused(pending.token, slot(market, '2026-12-03'), 403, 'VENDOR_NOT_APPROVED');
      const rejected = await registerVendor(t);
      await t.http.post(`/api/vendors/${rejected.id}/reject`).set(staff).send({ reason: '资料不全' }).expect(200);
      await expectRefused(rejected.token, slot(market, '2026-12-03'), 403, 'VENDOR_NOT_APPROVED');
      await t.http.post(`/api/vendors/${pending.id}/approve`).set(staff).expect(200);
      await claim(t, pending.token, slot(market, '2026-12-03'));
    });

    it('VENDOR_SUSPENDED for a suspended vendor, until reinstated', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '违规' }).expect(200);
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 403, 'VENDOR_SUSPENDED');
      await t.http.post(`/api/vendors/${vendor.id}/reinstate`).set(staff).expect(200);
      await claim(t, vendor.token, slot(market, '2026-12-03'));
    });

    it('NO_SHOW_BLOCK after 3 no-shows within 30 days, for 7 days from the third', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const other = await createMarket(t, { zone: { name: '另一摊区' } });
      const vendor = await approvedVendor(t);
      for (const date of ['2026-12-01', '2026-12-02', '2026-12-03']) await claim(t, vendor.token, slot(market, date));

      // Two no-shows: not blocked (the request gets as far as the booking window).
      t.clock.set('2026-12-02T09:00:00+08:00');
      await expectRefused(vendor.token, slot(market, '2026-12-30'), 422, 'OUTSIDE_BOOKING_WINDOW');

      // The third no-show (ended 2026-12-03 09:00) starts a 7-day block.
      t.clock.set('2026-12-03T09:00:00+08:00');
      const res = await expectRefused(vendor.token, slot(market, '2026-12-06'), 403, 'NO_SHOW_BLOCK');
      expect(res.body.message).toContain('2026-12-10T09:00:00+08:00');
      // It applies in every zone, and comes before ZONE_SUSPENDED.
      await patchZone(other.zone.id, { status: 'suspended' });
      await expectRefused(vendor.token, slot(other, '2026-12-06'), 403, 'NO_SHOW_BLOCK');
      // VENDOR_SUSPENDED comes before NO_SHOW_BLOCK.
      await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '违规' }).expect(200);
      await expectRefused(vendor.token, slot(market, '2026-12-06'), 403, 'VENDOR_SUSPENDED');
      await t.http.post(`/api/vendors/${vendor.id}/reinstate`).set(staff).expect(200);

      t.clock.set(Date.parse('2026-12-10T09:00:00+08:00') - MINUTE);
      await expectRefused(vendor.token, slot(market, '2026-12-12'), 403, 'NO_SHOW_BLOCK');
      t.clock.set('2026-12-10T09:00:00+08:00');
      await claim(t, vendor.token, slot(market, '2026-12-12'));
      // Other vendors were never blocked.
      const punctual = await approvedVendor(t);
      await claim(t, punctual.token, slot(market, '2026-12-12', 1));
    });

    it('ZONE_SUSPENDED for a suspended zone, until it is active again', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await patchZone(market.zone.id, { status: 'suspended' });
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 409, 'ZONE_SUSPENDED');
      await patchZone(market.zone.id, { status: 'active' });
      await claim(t, vendor.token, slot(market, '2026-12-03'));
    });

    it('STALL_CLOSED for a closed stall, until it is open again', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const vendor = await approvedVendor(t);
      await patchStall(market.stalls[0].id, { status: 'closed' });
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 409, 'STALL_CLOSED');
      await claim(t, vendor.token, slot(market, '2026-12-04', 1));
      await patchStall(market.stalls[0].id, { status: 'open' });
      await claim(t, vendor.token, slot(market, '2026-12-03'));
    });

    it('NOT_AN_OCCURRENCE for a date the rule does not match', async () => {
      // Saturdays only: 2026-12-05 is a Saturday, 2026-12-04 a Friday.
      const market = await createMarket(t, { session: { name: 'weekend', rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-12-04'), 422, 'NOT_AN_OCCURRENCE');
      await claim(t, vendor.token, slot(market, '2026-12-05'));
    });

    it('NOT_AN_OCCURRENCE before validFrom and after validUntil', async () => {
      const market = await createMarket(t, { session: { validFrom: '2026-12-05', validUntil: '2026-12-08' } });
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-12-04'), 422, 'NOT_AN_OCCURRENCE');
      await expectRefused(vendor.token, slot(market, '2026-12-09'), 422, 'NOT_AN_OCCURRENCE');
      await claim(t, vendor.token, slot(market, '2026-12-08'));
    });

    it("NOT_AN_OCCURRENCE for a session of another zone than the stall's", async () => {
      const market = await createMarket(t);
      const elsewhere = await createMarket(t, { zone: { name: '西城摊区' } });
      const vendor = await approvedVendor(t);
      await expectRefused(
        vendor.token,
        { stallId: market.stalls[0].id, sessionId: elsewhere.session.id, date: '2026-12-03' },
        422,
        'NOT_AN_OCCURRENCE',
      );
    });

    it('OCCURRENCE_CANCELLED for a cancelled occurrence, until it is restored', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await cancelOccurrence(market.session.id, '2026-12-03');
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 422, 'OCCURRENCE_CANCELLED');
      await claim(t, vendor.token, slot(market, '2026-12-04'));
      await t.http.delete(`/api/sessions/${market.session.id}/cancellations/2026-12-03`).set(staff).expect(204);
      await claim(t, vendor.token, slot(market, '2026-12-03'));
    });

    it('OUTSIDE_BOOKING_WINDOW once the occurrence has started', async () => {
      // Today's 06:00–09:00 is over and 09:00–12:00 is running (it is 10:00).
      const market = await createMarket(t, { stalls: 2, session: { validFrom: '2026-11-30' } });
      const running = await createSession(t, market.zone.id, {
        name: 'late morning',
        startTime: '09:00',
        endTime: '12:00',
        validFrom: '2026-11-30',
      });
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-11-30'), 422, 'OUTSIDE_BOOKING_WINDOW');
      await expectRefused(
        vendor.token,
        { stallId: market.stalls[1].id, sessionId: running.id, date: '2026-11-30' },
        422,
        'OUTSIDE_BOOKING_WINDOW',
      );
      // One minute before the start it can still be booked; at the start it cannot.
      t.clock.set(Date.parse('2026-12-01T06:00:00+08:00') - MINUTE);
      await claim(t, vendor.token, slot(market, '2026-12-01'));
      t.clock.set('2026-12-01T06:00:00+08:00');
      const late = await approvedVendor(t);
      await expectRefused(late.token, slot(market, '2026-12-01', 1), 422, 'OUTSIDE_BOOKING_WINDOW');
    });

    it('OUTSIDE_BOOKING_WINDOW beyond the default horizon of 14 days, which moves with the clock', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-12-15'), 422, 'OUTSIDE_BOOKING_WINDOW');
      await claim(t, vendor.token, slot(market, '2026-12-14'));
      t.clock.set('2026-12-01T00:00:00+08:00');
      await claim(t, vendor.token, slot(market, '2026-12-15'));
    });

    it("OUTSIDE_BOOKING_WINDOW beyond a zone's own bookingHorizonDays", async () => {
      const market = await createMarket(t, { zone: { name: '短窗口摊区', bookingHorizonDays: 3 } });
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-12-04'), 422, 'OUTSIDE_BOOKING_WINDOW');
      await claim(t, vendor.token, slot(market, '2026-12-03'));
    });

    it('CATEGORY_MISMATCH for a vegetables vendor on a fruit stall; a general stall takes anyone', async () => {
      const zone = await createZone(t, { name: '分类摊区' });
      const [fruit] = await createStalls(t, zone.id, 1, 'fruit', 'F');
      const [general] = await createStalls(t, zone.id, 1, 'general', 'G');
      const [vegetables] = await createStalls(t, zone.id, 1, 'vegetables', 'V');
      const session = await createSession(t, zone.id);
      const vendor = await approvedVendor(t, { categories: ['vegetables'] });
      await expectRefused(vendor.token, { stallId: fruit.id, sessionId: session.id, date: '2026-12-03' }, 422, 'CATEGORY_MISMATCH');
      await claim(t, vendor.token, { stallId: general.id, sessionId: session.id, date: '2026-12-03' });
      await claim(t, vendor.token, { stallId: vegetables.id, sessionId: session.id, date: '2026-12-04' });
      const fruitSeller = await approvedVendor(t, { kind: 'fruit_farmer', categories: ['fruit'] });
      await claim(t, fruitSeller.token, { stallId: fruit.id, sessionId: session.id, date: '2026-12-03' });
    });

    it('SLOT_TAKEN when the stall already has an active claim for the occurrence', async () => {
      const market = await createMarket(t, { stalls: 1 });
      const first = await approvedVendor(t);
      const second = await approvedVendor(t);
      const held = await claim(t, first.token, slot(market, '2026-12-03'));
      await expectRefused(second.token, slot(market, '2026-12-03'), 409, 'SLOT_TAKEN');
      await expectRefused(first.token, slot(market, '2026-12-03'), 409, 'SLOT_TAKEN');
      // Another occurrence of the same stall is another slot.
      await claim(t, second.token, slot(market, '2026-12-04'));
      expect(await countClaims(t, { stallId: market.stalls[0].id, date: '2026-12-03' })).toBe(1);
      expect((await claimRow(t, held.id)).vendorId).toBe(first.id);
    });

    it('VENDOR_OVERLAP for overlapping windows in two zones; back-to-back windows do not overlap', async () => {
      const east = await createMarket(t, { zone: { name: '东区' } });
      const west = await createMarket(t, { zone: { name: '西区' }, session: { startTime: '08:00', endTime: '10:00' } });
      const north = await createMarket(t, { zone: { name: '北区' }, session: { startTime: '09:00', endTime: '11:00' } });
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(east, '2026-12-03'));
      await expectRefused(vendor.token, slot(west, '2026-12-03'), 409, 'VENDOR_OVERLAP');
      await claim(t, vendor.token, slot(north, '2026-12-03'));
      await claim(t, vendor.token, slot(west, '2026-12-04'));
    });

    it('VENDOR_OVERLAP across midnight and across time zones (windows are instants)', async () => {
      const night = await createMarket(t, { zone: { name: '夜市' }, session: { name: 'night', startTime: '20:00', endTime: '02:00' } });
      const dawn = await createMarket(t, { zone: { name: '早早市' }, session: { name: 'dawn', startTime: '01:00', endTime: '04:00' } });
      // 08:00–09:00 in Tokyo is 07:00–08:00 in Shanghai.
      const tokyo = await createMarket(t, {
        zone: { name: 'Tokyo market', timezone: 'Asia/Tokyo' },
        session: { startTime: '08:00', endTime: '09:00' },
      });
      const morning = await createMarket(t, { zone: { name: '晨市' } });
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(night, '2026-12-02'));
      await expectRefused(vendor.token, slot(dawn, '2026-12-03'), 409, 'VENDOR_OVERLAP');
      await claim(t, vendor.token, slot(dawn, '2026-12-02'));
      await claim(t, vendor.token, slot(morning, '2026-12-03'));
      await expectRefused(vendor.token, slot(tokyo, '2026-12-03'), 409, 'VENDOR_OVERLAP');
    });

    it('WEEKLY_LIMIT at the zone maxClaimsPerVendorPerWeek within one ISO week; the next week is free', async () => {
      const market = await createMarket(t, { zone: { name: '限额摊区', maxClaimsPerVendorPerWeek: 2 } });
      const elsewhere = await createMarket(t, { zone: { name: '别处摊区' } });
      const vendor = await approvedVendor(t);
      // Week of Monday 2026-12-07 .. Sunday 2026-12-13.
      await claim(t, vendor.token, slot(market, '2026-12-07'));
      const second = await claim(t, vendor.token, slot(market, '2026-12-08'));
      await expectRefused(vendor.token, slot(market, '2026-12-09'), 422, 'WEEKLY_LIMIT');
      await expectRefused(vendor.token, slot(market, '2026-12-13'), 422, 'WEEKLY_LIMIT');
      // Other zones and the next ISO week do not count.
      await claim(t, vendor.token, slot(elsewhere, '2026-12-10'));
      await claim(t, vendor.token, slot(market, '2026-12-14'));
      // Only active claims count: a cancelled one frees its place in the week.
      await t.http.post(`/api/claims/${second.id}/cancel`).set(bearer(vendor.token)).expect(200);
      await claim(t, vendor.token, slot(market, '2026-12-09'));
    });
  });

  describe('POST /api/claims: when several refusals apply, the first in the contract order wins', () => {
    it('VENDOR_NOT_APPROVED before ZONE_SUSPENDED and STALL_CLOSED', async () => {
      const market = await createMarket(t);
      const pending = await registerVendor(t);
      await patchZone(market.zone.id, { status: 'suspended' });
      await patchStall(market.stalls[0].id, { status: 'closed' });
      await expectRefused(pending.token, slot(market, '2026-12-03'), 403, 'VENDOR_NOT_APPROVED');
    });

    it('VENDOR_SUSPENDED before ZONE_SUSPENDED', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '违规' }).expect(200);
      await patchZone(market.zone.id, { status: 'suspended' });
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 403, 'VENDOR_SUSPENDED');
    });

    it('ZONE_SUSPENDED before STALL_CLOSED', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await patchZone(market.zone.id, { status: 'suspended' });
      await patchStall(market.stalls[0].id, { status: 'closed' });
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 409, 'ZONE_SUSPENDED');
    });

    it('STALL_CLOSED before NOT_AN_OCCURRENCE', async () => {
      const market = await createMarket(t, { session: { rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const vendor = await approvedVendor(t);
      await patchStall(market.stalls[0].id, { status: 'closed' });
      await expectRefused(vendor.token, slot(market, '2026-12-04'), 409, 'STALL_CLOSED');
    });

    it('NOT_AN_OCCURRENCE before OUTSIDE_BOOKING_WINDOW', async () => {
      const market = await createMarket(t, { session: { rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const vendor = await approvedVendor(t);
      // 2026-12-25 is a Friday, and beyond the horizon.
      await expectRefused(vendor.token, slot(market, '2026-12-25'), 422, 'NOT_AN_OCCURRENCE');
    });

    it('OCCURRENCE_CANCELLED before OUTSIDE_BOOKING_WINDOW and CATEGORY_MISMATCH', async () => {
      const market = await createMarket(t, { category: 'fruit' });
      const vendor = await approvedVendor(t, { categories: ['vegetables'] });
      await cancelOccurrence(market.session.id, '2026-12-03');
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 422, 'OCCURRENCE_CANCELLED');
      await cancelOccurrence(market.session.id, '2026-12-20');
      await expectRefused(vendor.token, slot(market, '2026-12-20'), 422, 'OCCURRENCE_CANCELLED');
    });

    it('OUTSIDE_BOOKING_WINDOW before CATEGORY_MISMATCH', async () => {
      const market = await createMarket(t, { category: 'fruit' });
      const vendor = await approvedVendor(t, { categories: ['vegetables'] });
      await expectRefused(vendor.token, slot(market, '2026-12-20'), 422, 'OUTSIDE_BOOKING_WINDOW');
    });

    it('CATEGORY_MISMATCH before SLOT_TAKEN', async () => {
      const market = await createMarket(t, { category: 'fruit' });
      const holder = await approvedVendor(t, { categories: ['fruit'] });
      const vendor = await approvedVendor(t, { categories: ['vegetables'] });
      await claim(t, holder.token, slot(market, '2026-12-03'));
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 422, 'CATEGORY_MISMATCH');
    });

    it('SLOT_TAKEN before VENDOR_OVERLAP', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const holder = await approvedVendor(t);
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(market, '2026-12-03', 0));
      await claim(t, holder.token, slot(market, '2026-12-03', 1));
      await expectRefused(vendor.token, slot(market, '2026-12-03', 1), 409, 'SLOT_TAKEN');
    });

    it('VENDOR_OVERLAP before WEEKLY_LIMIT', async () => {
      const market = await createMarket(t, { stalls: 2, zone: { name: '一周一次', maxClaimsPerVendorPerWeek: 1 } });
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(market, '2026-12-08', 0));
      await expectRefused(vendor.token, slot(market, '2026-12-09', 1), 422, 'WEEKLY_LIMIT');
      await expectRefused(vendor.token, slot(market, '2026-12-08', 1), 409, 'VENDOR_OVERLAP');
    });
  });

  describe('BOLA: another vendor’s claim is not found', () => {
    it('GET, cancel and check-in of vendor A’s claim by vendor B answer 404 and change nothing', async () => {
      const market = await createMarket(t);
      const a = await approvedVendor(t);
      const b = await approvedVendor(t);
      const held = await claim(t, a.token, slot(market, '2026-12-02'));
      // Inside both the cancel and the check-in window, so only ownership can refuse.
      t.clock.set('2026-12-02T05:45:00+08:00');
      const before = await claimRow(t, held.id);
      expectError(await t.http.get(`/api/claims/${held.id}`).set(bearer(b.token)), 404, 'NOT_FOUND');
      expectError(await t.http.post(`/api/claims/${held.id}/cancel`).set(bearer(b.token)), 404, 'NOT_FOUND');
      expectError(await t.http.post(`/api/claims/${held.id}/check-in`).set(bearer(b.token)), 404, 'NOT_FOUND');
      expect(await claimRow(t, held.id)).toEqual(before);
      // The owner and staff still see it.
      expect((await t.http.get(`/api/claims/${held.id}`).set(bearer(a.token)).expect(200)).body.status).toBe('confirmed');
      expect((await t.http.get(`/api/claims/${held.id}`).set(staff).expect(200)).body.id).toBe(held.id);
    });

    it('answers 404 for an unknown or malformed claim id', async () => {
      const vendor = await approvedVendor(t);
      expectError(await t.http.get(`/api/claims/${randomUUID()}`).set(bearer(vendor.token)), 404, 'NOT_FOUND');
      expectError(await t.http.get('/api/claims/not-a-uuid').set(staff), 404, 'NOT_FOUND');
      expectError(await t.http.post(`/api/claims/${randomUUID()}/cancel`).set(staff), 404, 'NOT_FOUND');
    });

    it('GET /api/vendors/me/claims?from=&to= lists only the calling vendor’s claims in the range', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const a = await approvedVendor(t);
      const b = await approvedVendor(t);
      const mine = await claim(t, a.token, slot(market, '2026-12-03', 0));
      const later = await claim(t, a.token, slot(market, '2026-12-12', 0));
      await claim(t, b.token, slot(market, '2026-12-03', 1));
      const ranged = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-05').set(bearer(a.token)).expect(200);
      expect(ranged.body).toEqual({ items: [expect.objectContaining({ id: mine.id, date: '2026-12-03', status: 'confirmed' })], total: 1 });
      const wide = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-31').set(bearer(a.token)).expect(200);
      expect(wide.body.items.map((c: { id: string }) => c.id)).toEqual([mine.id, later.id]);
      expect(wide.body.total).toBe(2);
      const theirs = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-31').set(bearer(b.token)).expect(200);
      expect(theirs.body.items).toHaveLength(1);
      expect(theirs.body.items[0].id).not.toBe(mine.id);
    });

    it('GET /api/vendors/me/claims refuses a backwards or over-long range (400) and staff (403)', async () => {
      const vendor = await approvedVendor(t);
      expectError(
        await t.http.get('/api/vendors/me/claims?from=2026-12-05&to=2026-12-01').set(bearer(vendor.token)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await t.http.get('/api/vendors/me/claims?from=2026-01-01&to=2027-12-31').set(bearer(vendor.token)),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await t.http.get('/api/vendors/me/claims').set(staff), 403, 'FORBIDDEN');
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the same key and body with the first answer (201, same id), creating one row', async () => {
      const market = await createMarket(t, { stalls: 1 });
      const vendor = await approvedVendor(t);
      const body = slot(market, '2026-12-03');
      const first = await postClaim(t, vendor.token, body, 'claim-key-1');
      expect(first.status).toBe(201);
      t.clock.advance(5 * MINUTE);
      const second = await postClaim(t, vendor.token, body, 'claim-key-1');
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      // Key order in the JSON body does not make it another request.
      const reordered = await postClaim(
        t,
        vendor.token,
        { date: body.date, sessionId: body.sessionId, stallId: body.stallId },
        'claim-key-1',
      );
      expect(reordered.status).toBe(201);
      expect(reordered.body).toEqual(first.body);
      expect(await countClaims(t, { stallId: body.stallId })).toBe(1);
    });

    it('refuses the same key with a different body (409 IDEMPOTENCY_KEY_REUSED), creating nothing', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const vendor = await approvedVendor(t);
      await postClaim(t, vendor.token, slot(market, '2026-12-03', 0), 'claim-key-2').expect(201);
      await expectRefused(vendor.token, slot(market, '2026-12-04', 1), 409, 'IDEMPOTENCY_KEY_REUSED', 'claim-key-2');
      await expectRefused(vendor.token, slot(market, '2026-12-03', 1), 409, 'IDEMPOTENCY_KEY_REUSED', 'claim-key-2');
      expect(await countClaims(t, { stallId: market.stalls[1].id })).toBe(0);
    });

    it('scopes keys per user: another vendor with the same key gets its own answer', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const a = await approvedVendor(t);
      const b = await approvedVendor(t);
      const first = await postClaim(t, a.token, slot(market, '2026-12-03', 0), 'shared-key').expect(201);
      // Not A's answer replayed: B's own request, refused on its own merits.
      await expectRefused(b.token, slot(market, '2026-12-03', 0), 409, 'SLOT_TAKEN', 'shared-key');
      const own = await postClaim(t, b.token, slot(market, '2026-12-03', 1), 'shared-key');
      expect(own.status).toBe(201);
      expect(own.body.id).not.toBe(first.body.id);
      expect((await claimRow(t, own.body.id)).vendorId).toBe(b.id);
      expect((await claimRow(t, first.body.id)).vendorId).toBe(a.id);
    });

    it.each([
      ['300 characters long', 'k'.repeat(300)],
      ['containing a space', 'two words'],
      ['empty', ''],
    ])('refuses a key %s with 400, creating nothing', async (_label, key) => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await expectRefused(vendor.token, slot(market, '2026-12-03'), 400, 'VALIDATION_FAILED', key);
    });
  });
});
