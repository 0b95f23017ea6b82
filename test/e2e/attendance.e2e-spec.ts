import { ClaimSweeper } from '../../src/claims/claim.sweeper.js';
import { countOf, rowOf } from '../support/rows.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';
import { claim, claimRow, createMarket, expectError, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession } from '../factories/zone.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.
// Sessions run 06:00–09:00 daily from 2026-12-01. Only the no-show sweep test uses 2026-12-01,
// so that sweeping at the end of that day touches its claims alone.

describe('attendance', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  const getClaim = (id: string, token: string) => t.http.get(`/api/claims/${id}`).set(bearer(token));
  const cancel = (id: string, token: string) => t.http.post(`/api/claims/${id}/cancel`).set(bearer(token));
  const checkIn = (id: string, token: string) => t.http.post(`/api/claims/${id}/check-in`).set(bearer(token));
  const at = (instant: string, offsetMs = 0) => t.clock.set(Date.parse(instant) + offsetMs);

  describe('POST /api/claims/:id/cancel', () => {
    it('lets the vendor cancel before the start; the slot is then free for another vendor', async () => {
      const market = await createMarket(t);
      const a = await approvedVendor(t);
      const b = await approvedVendor(t);
      const held = await claim(t, a.token, slot(market, '2026-12-02'));
      at('2026-12-02T06:00:00+08:00', -MINUTE);
      const res = await cancel(held.id, a.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: held.id, status: 'cancelled' });
      expect((await claimRow(t, held.id)).status).toBe('cancelled');
      expect((await getClaim(held.id, a.token).expect(200)).body.status).toBe('cancelled');
      const grid = await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-02`).set(staff).expect(200);
      expect(grid.body.items[0]).toMatchObject({ stallId: market.stalls[0].id, status: 'free' });
      await claim(t, b.token, slot(market, '2026-12-02'));
    });

    it('refuses the vendor from the start on (422 OUTSIDE_CANCEL_WINDOW); staff may still cancel', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-02'));
      for (const offset of [0, 90 * MINUTE]) {
        at('2026-12-02T06:00:00+08:00', offset);
        expectError(await cancel(held.id, vendor.token), 422, 'OUTSIDE_CANCEL_WINDOW');
        expect((await claimRow(t, held.id)).status).toBe('confirmed');
      }
      const res = await cancel(held.id, t.staffToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: held.id, status: 'cancelled' });
      expect((await claimRow(t, held.id)).status).toBe('cancelled');
    });

    it('refuses cancelling twice with 409 INVALID_STATE_TRANSITION', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-03'));
      await cancel(held.id, vendor.token).expect(200);
      const before = await claimRow(t, held.id);
      expectError(await cancel(held.id, vendor.token), 409, 'INVALID_STATE_TRANSITION');
      expectError(await cancel(held.id, t.staffToken), 409, 'INVALID_STATE_TRANSITION');
      expect(await claimRow(t, held.id)).toEqual(before);
    });
  });

  describe('cancel and check-in of one claim', () => {
    it('leaves a checked-in claim to staff: its vendor cannot cancel it (409 INVALID_STATE_TRANSITION), staff can', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-02'));
      at('2026-12-02T06:00:00+08:00', -10 * MINUTE);
      await checkIn(held.id, vendor.token).expect(200);
      expectError(await cancel(held.id, vendor.token), 409, 'INVALID_STATE_TRANSITION');
      expect((await claimRow(t, held.id)).status).toBe('checked_in');
      expect((await cancel(held.id, t.staffToken)).body.status).toBe('cancelled');
    });
  });

  describe('POST /api/claims/:id/check-in', () => {
    it('opens 30 minutes before the start: 31 minutes before → 422, 30 minutes before → checked_in', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-04'));
      at('2026-12-04T06:00:00+08:00', -31 * MINUTE);
      expectError(await checkIn(held.id, vendor.token), 422, 'OUTSIDE_CHECK_IN_WINDOW');
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
      at('2026-12-04T06:00:00+08:00', -30 * MINUTE);
      const res = await checkIn(held.id, vendor.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: held.id, status: 'checked_in' });
      expect((await claimRow(t, held.id)).status).toBe('checked_in');
      // A checked-in claim is not a no-show once the occurrence has ended.
      at('2026-12-04T10:00:00+08:00');
      expect((await getClaim(held.id, vendor.token).expect(200)).body.status).toBe('checked_in');
    });

    it('lets the vendor check in until the end (one minute before it)', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-05'));
      at('2026-12-05T09:00:00+08:00', -MINUTE);
      expect((await checkIn(held.id, vendor.token).expect(200)).body.status).toBe('checked_in');
    });

    it('refuses the vendor after the end with 422 OUTSIDE_CHECK_IN_WINDOW', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-05'));
      at('2026-12-05T09:30:00+08:00');
      expectError(await checkIn(held.id, vendor.token), 422, 'OUTSIDE_CHECK_IN_WINDOW');
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
      expect((await getClaim(held.id, vendor.token).expect(200)).body.status).toBe('no_show');
    });

    it('lets staff check a vendor in after the end (a late record)', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-06'));
      at('2026-12-06T11:00:00+08:00');
      const res = await checkIn(held.id, t.staffToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: held.id, status: 'checked_in' });
      expect((await claimRow(t, held.id)).status).toBe('checked_in');
      expect((await getClaim(held.id, vendor.token).expect(200)).body.status).toBe('checked_in');
    });

    it('refuses checking in a cancelled claim with 409 INVALID_STATE_TRANSITION', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-06'));
      await cancel(held.id, vendor.token).expect(200);
      at('2026-12-06T06:00:00+08:00', -10 * MINUTE);
      expectError(await checkIn(held.id, vendor.token), 409, 'INVALID_STATE_TRANSITION');
      expect((await claimRow(t, held.id)).status).toBe('cancelled');
    });
  });

  describe('session cancellations', () => {
    it('turns every active claim on the occurrence into cancelled_by_market, and only those', async () => {
      const market = await createMarket(t, { stalls: 3 });
      const evening = await createSession(t, market.zone.id, { name: 'evening', startTime: '18:00', endTime: '21:00' });
      const [a, b, c] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
      const first = await claim(t, a.token, slot(market, '2026-12-07', 0));
      const second = await claim(t, b.token, slot(market, '2026-12-07', 1));
      const withdrawn = await claim(t, c.token, slot(market, '2026-12-07', 2));
      await cancel(withdrawn.id, c.token).expect(200);
      const nextDay = await claim(t, a.token, slot(market, '2026-12-08', 0));
      const otherSession = await claim(t, b.token, { stallId: market.stalls[0].id, sessionId: evening.id, date: '2026-12-07' });

      const res = await t.http
        .post(`/api/sessions/${market.session.id}/cancellations`)
        .set(staff)
        .send({ date: '2026-12-07', reason: '暴雨预警' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sessionId: market.session.id, date: '2026-12-07', reason: '暴雨预警' });

      for (const [held, token] of [
        [first, a.token],
        [second, b.token],
      ] as const) {
        expect((await getClaim(held.id, token).expect(200)).body.status).toBe('cancelled_by_market');
        expect((await claimRow(t, held.id)).status).toBe('cancelled_by_market');
      }
      expect((await claimRow(t, withdrawn.id)).status).toBe('cancelled');
      expect((await claimRow(t, nextDay.id)).status).toBe('confirmed');
      expect((await claimRow(t, otherSession.id)).status).toBe('confirmed');

      // A claim the market cancelled is no longer the vendor's to cancel or check in.
      expectError(await cancel(first.id, a.token), 409, 'INVALID_STATE_TRANSITION');
      const grid = await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-07`).set(staff).expect(200);
      const morning = grid.body.items.filter((i: { sessionId: string }) => i.sessionId === market.session.id);
      expect(morning.map((i: { status: string }) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      const fresh = await approvedVendor(t);
      expectError(await postClaim(t, fresh.token, slot(market, '2026-12-07', 2)), 422, 'OCCURRENCE_CANCELLED');

      // Restoring runs the occurrence again; the cancelled claims stay cancelled and their slots are free.
      await t.http.delete(`/api/sessions/${market.session.id}/cancellations/2026-12-07`).set(staff).expect(204);
      expect((await claimRow(t, first.id)).status).toBe('cancelled_by_market');
      expect((await getClaim(second.id, b.token).expect(200)).body.status).toBe('cancelled_by_market');
      await claim(t, fresh.token, slot(market, '2026-12-07', 0));
    });

    it('refuses a date that is not an occurrence with 422 NOT_AN_OCCURRENCE, changing nothing', async () => {
      const market = await createMarket(t, { session: { rrule: 'FREQ=WEEKLY;BYDAY=SA' } });
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-12'));
      const res = await t.http
        .post(`/api/sessions/${market.session.id}/cancellations`)
        .set(staff)
        .send({ date: '2026-12-11', reason: '假期' });
      expectError(res, 422, 'NOT_AN_OCCURRENCE');
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
      const schedule = await t.http.get(`/api/zones/${market.zone.id}/schedule?from=2026-12-11&to=2026-12-12`).set(staff).expect(200);
      expect(schedule.body.items).toEqual([expect.objectContaining({ date: '2026-12-12', cancelled: false })]);
    });

    it('is for staff only (403 for a vendor, claims unchanged)', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-09'));
      expectError(
        await t.http
          .post(`/api/sessions/${market.session.id}/cancellations`)
          .set(bearer(vendor.token))
          .send({ date: '2026-12-09', reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
    });
  });

  describe('session changes while claims are ahead', () => {
    it.each<[string, Record<string, unknown>]>([
      ['startTime', { startTime: '07:00' }],
      ['endTime', { endTime: '10:00' }],
      ['an rrule that drops the claimed date', { rrule: 'FREQ=WEEKLY;BYDAY=SA' }],
      ['a validUntil before the claimed date', { validUntil: '2026-12-08' }],
      ['a validFrom after the claimed date', { validFrom: '2026-12-10' }],
      ['startTime together with a new name', { startTime: '05:00', name: 'early' }],
    ])('refuses a PATCH of %s with 409 SESSION_HAS_CLAIMS, changing nothing', async (_label, patch) => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      // 2026-12-09 is a Wednesday.
      const held = await claim(t, vendor.token, slot(market, '2026-12-09'));
      const before = await rowOf(t, 'market_sessions', { id: market.session.id });
      expectError(await t.http.patch(`/api/sessions/${market.session.id}`).set(staff).send(patch), 409, 'SESSION_HAS_CLAIMS');
      expect(await rowOf(t, 'market_sessions', { id: market.session.id })).toEqual(before);
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
    });

    it('refuses DELETE with 409 SESSION_HAS_CLAIMS while an active future claim exists; allows it once cancelled', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-10'));
      expectError(await t.http.delete(`/api/sessions/${market.session.id}`).set(staff), 409, 'SESSION_HAS_CLAIMS');
      await t.http.get(`/api/sessions/${market.session.id}`).set(staff).expect(200);
      expect((await claimRow(t, held.id)).status).toBe('confirmed');
      await cancel(held.id, vendor.token).expect(200);
      await t.http.delete(`/api/sessions/${market.session.id}`).set(staff).expect(204);
      expectError(await t.http.get(`/api/sessions/${market.session.id}`).set(staff), 404, 'NOT_FOUND');
    });

    it('still allows renaming, and a rule change that keeps every claimed occurrence', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      const held = await claim(t, vendor.token, slot(market, '2026-12-09'));
      const renamed = await t.http.patch(`/api/sessions/${market.session.id}`).set(staff).send({ name: '早市（新）' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: market.session.id, name: '早市（新）', startTime: '06:00', rrule: 'FREQ=DAILY' });
      const weekly = await t.http.patch(`/api/sessions/${market.session.id}`).set(staff).send({ rrule: 'FREQ=WEEKLY;BYDAY=WE' });
      expect(weekly.status).toBe(200);
      const read = await getClaim(held.id, vendor.token).expect(200);
      expect(read.body).toMatchObject({ status: 'confirmed', start: '2026-12-09T06:00:00+08:00' });
    });

    it('does not count claims whose occurrence is over', async () => {
      const market = await createMarket(t);
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(market, '2026-12-02'));
      at('2026-12-02T10:00:00+08:00');
      await t.http.patch(`/api/sessions/${market.session.id}`).set(staff).send({ startTime: '07:00' }).expect(200);
      await t.http.delete(`/api/sessions/${market.session.id}`).set(staff).expect(204);
    });
  });

  describe('no-shows', () => {
    it('reads a confirmed claim as no_show once its occurrence has ended, before the sweeper; the sweeper then stores it', async () => {
      const market = await createMarket(t, { stalls: 3 });
      const [absent, present, withdrawn] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
      const missed = await claim(t, absent.token, slot(market, '2026-12-01', 0));
      const attended = await claim(t, present.token, slot(market, '2026-12-01', 1));
      const dropped = await claim(t, withdrawn.token, slot(market, '2026-12-01', 2));
      await cancel(dropped.id, withdrawn.token).expect(200);
      at('2026-12-01T06:00:00+08:00', -5 * MINUTE);
      await checkIn(attended.id, present.token).expect(200);

      at('2026-12-01T09:00:00+08:00', -MINUTE);
      expect((await getClaim(missed.id, absent.token).expect(200)).body.status).toBe('confirmed');

      at('2026-12-01T09:00:00+08:00');
      expect((await getClaim(missed.id, absent.token).expect(200)).body.status).toBe('no_show');
      expect((await getClaim(missed.id, t.staffToken).expect(200)).body.status).toBe('no_show');
      const mine = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-01').set(bearer(absent.token)).expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ id: missed.id, status: 'no_show' })]);
      expect((await claimRow(t, missed.id)).status).toBe('confirmed');

      at('2026-12-01T09:05:00+08:00');
      const sweeper = t.app.get(ClaimSweeper);
      expect(await sweeper.sweep()).toBe(1);
      expect((await claimRow(t, missed.id)).status).toBe('no_show');
      expect((await claimRow(t, attended.id)).status).toBe('checked_in');
      expect((await claimRow(t, dropped.id)).status).toBe('cancelled');
      expect((await getClaim(missed.id, absent.token).expect(200)).body.status).toBe('no_show');
      expect(await countOf(t, 'audit_entries', { entityId: missed.id, action: 'claim.no_show' })).toBe(1);
      expect(await sweeper.sweep()).toBe(0);
      // A no-show is final: it can no longer be cancelled.
      expectError(await cancel(missed.id, t.staffToken), 409, 'INVALID_STATE_TRANSITION');
    });

    it('blocks after 3 no-shows; attended and cancelled claims do not count', async () => {
      const market = await createMarket(t, { stalls: 2 });
      const vendor = await approvedVendor(t);
      await claim(t, vendor.token, slot(market, '2026-12-02'));
      const attended = await claim(t, vendor.token, slot(market, '2026-12-03'));
      const dropped = await claim(t, vendor.token, slot(market, '2026-12-04'));
      await claim(t, vendor.token, slot(market, '2026-12-05'));
      await cancel(dropped.id, vendor.token).expect(200);
      at('2026-12-03T06:00:00+08:00');
      await checkIn(attended.id, vendor.token).expect(200);

      // Two no-shows (12-02, 12-05): still free to claim.
      at('2026-12-05T10:00:00+08:00');
      await claim(t, vendor.token, slot(market, '2026-12-08'));
      // The third (12-08) blocks for 7 days from its end.
      at('2026-12-08T09:00:00+08:00');
      expectError(await postClaim(t, vendor.token, slot(market, '2026-12-10')), 403, 'NO_SHOW_BLOCK');
      at('2026-12-15T09:00:00+08:00', -MINUTE);
      expectError(await postClaim(t, vendor.token, slot(market, '2026-12-20')), 403, 'NO_SHOW_BLOCK');
      at('2026-12-15T09:00:00+08:00');
      await claim(t, vendor.token, slot(market, '2026-12-20'));
    });
  });
});
