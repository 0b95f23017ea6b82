import { randomUUID } from 'node:crypto';
import { ADMIN, bearer, useTestApp } from '../support/create-app.js';
import {
  allAuditEntries,
  auditCount,
  claim,
  claimRow,
  countClaims,
  createMarket,
  expectError,
  postClaim,
  slot,
  UUID,
} from '../factories/claim.factory.js';
import { approvedVendor, registerVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.

describe('assignments, slot grid and audit', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  const assign = (body: object, token = t.staffToken) => t.http.post('/api/assignments').set(bearer(token)).send(body);

  describe('POST /api/assignments', () => {
    it('creates a standing place for every occurrence in range, listing the dates it could not have', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const elsewhere = await createMarket(t, { zone: { name: '隔壁摊区' }, session: { startTime: '08:00', endTime: '10:00' } });
      const vendor = await approvedVendor(t);
      const other = await approvedVendor(t);
      await claim(t, other.token, slot(market, '2026-12-02'));
      await t.http
        .post(`/api/sessions/${market.session.id}/cancellations`)
        .set(staff)
        .send({ date: '2026-12-04', reason: '节日活动' })
        .expect(201);
      await claim(t, vendor.token, slot(elsewhere, '2026-12-05'));

      const res = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-01',
        to: '2026-12-06',
      });
      expect(res.status).toBe(201);
      expect(res.body.created.map((c: { date: string }) => c.date)).toEqual(['2026-12-01', '2026-12-03', '2026-12-06']);
      for (const created of res.body.created) {
        expect(created).toMatchObject({
          id: expect.stringMatching(UUID),
          stallId: market.stalls[0].id,
          sessionId: market.session.id,
          zoneId: market.zone.id,
          start: `${created.date}T06:00:00+08:00`,
          end: `${created.date}T09:00:00+08:00`,
          status: 'confirmed',
        });
        expect(await claimRow(t, created.id)).toMatchObject({ vendorId: vendor.id, status: 'confirmed' });
      }
      expect(res.body.conflicts).toEqual([
        expect.objectContaining({ date: '2026-12-02', code: 'SLOT_TAKEN' }),
        expect.objectContaining({ date: '2026-12-04', code: 'OCCURRENCE_CANCELLED' }),
        expect.objectContaining({ date: '2026-12-05', code: 'VENDOR_OVERLAP' }),
      ]);
      expect(await countClaims(t, { vendorId: vendor.id, zoneId: market.zone.id })).toBe(3);
      const mine = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-06').set(bearer(vendor.token)).expect(200);
      expect(mine.body.total).toBe(4);
    });

    it('ignores the zone booking horizon up to 366 days ahead', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const spring = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2027-03-01',
        to: '2027-03-03',
      });
      expect(spring.status).toBe(201);
      expect(spring.body.created.map((c: { date: string }) => c.date)).toEqual(['2027-03-01', '2027-03-02', '2027-03-03']);
      expect(spring.body.conflicts).toEqual([]);
      // 2026-11-30 + 366 days = 2027-12-01: later dates are outside even for staff.
      const edge = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2027-11-30',
        to: '2027-12-03',
      });
      expect(edge.status).toBe(201);
      expect(edge.body.created.map((c: { date: string }) => c.date)).toEqual(['2027-11-30', '2027-12-01']);
      expect(edge.body.conflicts).toEqual([
        expect.objectContaining({ date: '2027-12-02', code: 'OUTSIDE_BOOKING_WINDOW' }),
        expect.objectContaining({ date: '2027-12-03', code: 'OUTSIDE_BOOKING_WINDOW' }),
      ]);
    });

    it('keeps the other claim rules: occurrences already started, pending vendors, categories', async () => {
      const market = await createMarket(t, { category: 'fruit', session: { validFrom: '2026-11-30' } });
      const fruit = await approvedVendor(t, { kind: 'fruit_farmer', categories: ['fruit'] });
      const started = await assign({
        vendorId: fruit.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-11-30',
        to: '2026-12-01',
      });
      expect(started.status).toBe(201);
      expect(started.body.created.map((c: { date: string }) => c.date)).toEqual(['2026-12-01']);
      expect(started.body.conflicts).toEqual([expect.objectContaining({ date: '2026-11-30', code: 'OUTSIDE_BOOKING_WINDOW' })]);

      const pending = await registerVendor(t, { categories: ['fruit'] });
      const refused = await assign({
        vendorId: pending.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-02',
        to: '2026-12-03',
      });
      expect(refused.status).toBe(201);
      expect(refused.body).toEqual({
        created: [],
        conflicts: [
          expect.objectContaining({ date: '2026-12-02', code: 'VENDOR_NOT_APPROVED' }),
          expect.objectContaining({ date: '2026-12-03', code: 'VENDOR_NOT_APPROVED' }),
        ],
      });
      const greens = await approvedVendor(t, { categories: ['vegetables'] });
      const mismatch = await assign({
        vendorId: greens.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-02',
        to: '2026-12-02',
      });
      expect(mismatch.body).toEqual({
        created: [],
        conflicts: [expect.objectContaining({ date: '2026-12-02', code: 'CATEGORY_MISMATCH' })],
      });
      expect(await countClaims(t, { stallId: market.stalls[0].id })).toBe(1);
    });

    it('keeps the weekly limit: dates past maxClaimsPerVendorPerWeek are listed as WEEKLY_LIMIT', async () => {
      const market = await createMarket(t, { zone: { name: '每周两次', maxClaimsPerVendorPerWeek: 2 } });
      const vendor = await approvedVendor(t);
      // The ISO week of Monday 2026-12-07 .. Sunday 2026-12-13, then the next Monday.
      const res = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-07',
        to: '2026-12-14',
      });
      expect(res.status).toBe(201);
      expect(res.body.created.map((c: { date: string }) => c.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-14']);
      expect(res.body.conflicts.map((c: { date: string; code: string }) => [c.date, c.code])).toEqual(
        ['2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'].map((date) => [date, 'WEEKLY_LIMIT']),
      );
      expect(await countClaims(t, { vendorId: vendor.id })).toBe(3);
    });

    it('covers only the dates the session runs on', async () => {
      // Saturdays: 2026-12-05 and 2026-12-12.
      const market = await createMarket(t, { session: { name: 'weekend', rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const vendor = await approvedVendor(t);
      const res = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-01',
        to: '2026-12-14',
      });
      expect(res.status).toBe(201);
      expect(res.body.created.map((c: { date: string }) => c.date)).toEqual(['2026-12-05', '2026-12-12']);
      expect(res.body.conflicts).toEqual([]);
    });

    it('is for staff only (403 for a vendor), creating nothing', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const res = await assign(
        { vendorId: vendor.id, stallId: market.stalls[0].id, sessionId: market.session.id, from: '2026-12-01', to: '2026-12-03' },
        vendor.token,
      );
      expectError(res, 403, 'FORBIDDEN');
      expect(await countClaims(t, { stallId: market.stalls[0].id })).toBe(0);
    });

    it.each<[string, Record<string, unknown>]>([
      ['to before from', { from: '2026-12-05', to: '2026-12-01' }],
      ['a span over 366 days', { from: '2026-12-01', to: '2027-12-02' }],
      ['a malformed vendorId', { vendorId: 'vendor-1' }],
      ['a missing to', { to: undefined }],
      ['an unknown field', { status: 'checked_in' }],
    ])('refuses %s with 400 VALIDATION_FAILED, creating nothing', async (_label, overrides) => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const before = await auditCount(t);
      const res = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-01',
        to: '2026-12-03',
        ...overrides,
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await countClaims(t, { stallId: market.stalls[0].id })).toBe(0);
      expect(await auditCount(t)).toBe(before);
    });

    it('answers 404 for an unknown vendor, stall or session', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const base = {
        vendorId: vendor.id,
        stallId: market.stalls[0].id,
        sessionId: market.session.id,
        from: '2026-12-01',
        to: '2026-12-03',
      };
      expectError(await assign({ ...base, vendorId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await assign({ ...base, stallId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await assign({ ...base, sessionId: randomUUID() }), 404, 'NOT_FOUND');
      expect(await countClaims(t, { stallId: market.stalls[0].id })).toBe(0);
    });
  });

  describe('GET /api/zones/:zoneId/slots', () => {
    it('lists stall × occurrence with free / claimed / closed / cancelled, the holder shown to staff and the holder only', async () => {
      const zone = await createZone(t, { name: '格子摊区' });
      const stalls = await createStalls(t, zone.id, 3, 'general', 'S');
      const morning = await createSession(t, zone.id, { name: 'morning' });
      const evening = await createSession(t, zone.id, { name: 'evening', startTime: '18:00', endTime: '21:00' });
      const holder = await approvedVendor(t, { name: '持有人' });
      const stranger = await approvedVendor(t);
      const held = await claim(t, holder.token, { stallId: stalls[0].id, sessionId: morning.id, date: '2026-12-03' });
      await t.http.patch(`/api/stalls/${stalls[1].id}`).set(staff).send({ status: 'closed' }).expect(200);
      await t.http.post(`/api/sessions/${evening.id}/cancellations`).set(staff).send({ date: '2026-12-03', reason: '大风' }).expect(201);

      const grid = async (token: string) => {
        const res = await t.http.get(`/api/zones/${zone.id}/slots?date=2026-12-03`).set(bearer(token));
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(6);
        const find = (sessionId: string, stallId: string) =>
          res.body.items.find((i: { sessionId: string; stallId: string }) => i.sessionId === sessionId && i.stallId === stallId);
        return { items: res.body.items as Record<string, unknown>[], find };
      };

      const asStaff = await grid(t.staffToken);
      expect(asStaff.find(morning.id, stalls[0].id)).toMatchObject({
        stallId: stalls[0].id,
        code: 'S01',
        category: 'general',
        sessionId: morning.id,
        date: '2026-12-03',
        start: '2026-12-03T06:00:00+08:00',
        end: '2026-12-03T09:00:00+08:00',
        status: 'claimed',
        claimId: held.id,
        vendorId: holder.id,
      });
      expect(asStaff.find(morning.id, stalls[1].id)).toMatchObject({ code: 'S02', status: 'closed' });
      expect(asStaff.find(morning.id, stalls[2].id)).toMatchObject({ code: 'S03', status: 'free' });
      for (const stall of stalls) {
        expect(asStaff.find(evening.id, stall.id)).toMatchObject({
          status: 'cancelled',
          start: '2026-12-03T18:00:00+08:00',
          end: '2026-12-03T21:00:00+08:00',
        });
      }
      for (const item of asStaff.items.filter((i) => i.status !== 'claimed')) {
        expect(item).not.toHaveProperty('claimId');
        expect(item).not.toHaveProperty('vendorId');
      }

      const asHolder = await grid(holder.token);
      expect(asHolder.find(morning.id, stalls[0].id)).toMatchObject({ status: 'claimed', claimId: held.id, vendorId: holder.id });

      const asStranger = await grid(stranger.token);
      const hidden = asStranger.find(morning.id, stalls[0].id);
      expect(hidden).toMatchObject({ status: 'claimed' });
      expect(hidden).not.toHaveProperty('claimId');
      expect(hidden).not.toHaveProperty('vendorId');
      expect(hidden).not.toHaveProperty('vendorName');
    });

    it('answers an empty list on a day without occurrences', async () => {
      const market = await createMarket(t, { session: { rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const res = await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-04`).set(staff).expect(200);
      expect(res.body).toEqual({ items: [] });
    });

    it('refuses a missing or malformed date (400), an unknown zone (404) and no token (401)', async () => {
      const market = await createMarket(t);
      expectError(await t.http.get(`/api/zones/${market.zone.id}/slots`).set(staff), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-13-01`).set(staff), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(`/api/zones/${market.zone.id}/slots?date=tomorrow`).set(staff), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(`/api/zones/${randomUUID()}/slots?date=2026-12-03`).set(staff), 404, 'NOT_FOUND');
      expectError(await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-03`), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /api/audit', () => {
    it('is for staff only', async () => {
      const vendor = await approvedVendor(t);
      expectError(await t.http.get('/api/audit').set(bearer(vendor.token)), 403, 'FORBIDDEN');
      expectError(await t.http.get('/api/audit'), 401, 'UNAUTHORIZED');
    });

    it('records who did what and when, with before/after, for vendor vetting and claim changes', async () => {
      const { body: admin } = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
      const market = await createMarket(t, { stalls: 2 });
      const vendor = await registerVendor(t);
      await t.http.post(`/api/vendors/${vendor.id}/approve`).set(staff).expect(200);
      const held = await claim(t, vendor.token, slot(market, '2026-12-03'));
      t.clock.set('2026-12-01T12:00:00+08:00');
      await t.http.post(`/api/claims/${held.id}/cancel`).set(bearer(vendor.token)).expect(200);
      const assigned = await assign({
        vendorId: vendor.id,
        stallId: market.stalls[1].id,
        sessionId: market.session.id,
        from: '2026-12-05',
        to: '2026-12-05',
      });
      expect(assigned.status).toBe(201);
      await t.http
        .post(`/api/sessions/${market.session.id}/cancellations`)
        .set(staff)
        .send({ date: '2026-12-05', reason: '暴雨' })
        .expect(201);

      const entries = await allAuditEntries(t);
      const find = (action: string, entityId: string) => entries.filter((e) => e.action === action && e.entityId === entityId);

      const approval = find('vendor.approve', vendor.id);
      expect(approval).toHaveLength(1);
      expect(approval[0]).toMatchObject({
        actorId: admin.userId,
        actorRole: 'staff',
        entityType: 'vendor',
        at: '2026-11-30T10:00:00+08:00',
        before: expect.objectContaining({ id: vendor.id, status: 'pending' }),
        after: expect.objectContaining({ id: vendor.id, status: 'approved' }),
      });

      const created = find('claim.created', held.id);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        actorId: vendor.id,
        actorRole: 'vendor',
        entityType: 'claim',
        before: null,
        after: expect.objectContaining({ id: held.id, status: 'confirmed', date: '2026-12-03' }),
      });

      const cancelled = find('claim.cancelled', held.id);
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]).toMatchObject({
        actorId: vendor.id,
        at: '2026-12-01T12:00:00+08:00',
        before: expect.objectContaining({ id: held.id, status: 'confirmed' }),
        after: expect.objectContaining({ id: held.id, status: 'cancelled' }),
      });

      const standing = assigned.body.created[0];
      const byStaff = entries.filter((e) => e.entityId === standing.id && e.actorId === admin.userId);
      expect(byStaff.map((e) => e.after?.status)).toEqual(expect.arrayContaining(['confirmed', 'cancelled_by_market']));
      const byMarket = byStaff.find((e) => e.after?.status === 'cancelled_by_market');
      expect(byMarket?.before).toMatchObject({ id: standing.id, status: 'confirmed' });
    });

    it('records nothing for a refused request', async () => {
      const market = await createMarket(t);
      const pending = await registerVendor(t);
      const before = await auditCount(t);
      expectError(await postClaim(t, pending.token, slot(market, '2026-12-03')), 403, 'VENDOR_NOT_APPROVED');
      expectError(await t.http.post(`/api/vendors/${pending.id}/reinstate`).set(staff), 409, 'INVALID_STATE_TRANSITION');
      expect(await auditCount(t)).toBe(before);
      const listed = await t.http.get('/api/audit?limit=1').set(staff).expect(200);
      expect(listed.body.total).toBe(before);
    });
  });
});
