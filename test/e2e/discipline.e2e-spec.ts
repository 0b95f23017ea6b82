import { ClaimSweeper } from '../../src/claims/claim.sweeper.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { DAY } from '../support/fake-clock.js';
import { claim, claimRow, createMarket, expectError, Market, postClaim, slot, UUID } from '../factories/claim.factory.js';
import { createDuty, generated, standingPlaces } from '../factories/roster.factory.js';
import { approvedVendor, TestVendor } from '../factories/vendor.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00; markets run daily 06:00–09:00 from 2026-12-01,
// and take claims up to 30 days ahead, up to 7 a week.

describe('discipline: violations, escalation, appeals', () => {
  const t = useTestApp();
  let market: Market;

  beforeEach(async () => {
    market = await createMarket(t, { stalls: 3, category: 'vegetables', zone: { bookingHorizonDays: 30, maxClaimsPerVendorPerWeek: 7 } });
  });

  const record = (vendor: TestVendor, body: Record<string, unknown> = {}) =>
    t.http
      .post(`/api/vendors/${vendor.id}/violations`)
      .set(bearer(t.staffToken))
      .send({ type: 'litter', occurredAt: '2026-11-30T09:00:00+08:00', zoneId: market.zone.id, note: '收摊后未清理', ...body });
  const vendorOf = async (vendor: TestVendor) => (await t.http.get(`/api/vendors/${vendor.id}`).set(bearer(t.staffToken)).expect(200)).body;
  const notificationsOf = async (vendor: TestVendor) =>
    (
      (await t.http.get('/api/vendors/me/notifications?limit=100').set(bearer(vendor.token)).expect(200)).body.items as {
        event: string;
        data: Record<string, unknown>;
      }[]
    ).reverse();

  it('escalates: a warning, 7 days, then 90 days that cancel the claims in the period; an overturned appeal lifts what it caused', async () => {
    const vendor = await approvedVendor(t);
    const soon = await claim(t, vendor.token, slot(market, '2026-12-02'));
    const later = await claim(t, vendor.token, slot(market, '2026-12-20'));

    const first = await record(vendor);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: expect.stringMatching(UUID),
      type: 'litter',
      status: 'upheld',
      rank: 1,
      consequence: 'warning',
      suspendedUntil: null,
    });
    expect((await vendorOf(vendor)).status).toBe('approved');
    expect((await claimRow(t, soon.id)).status).toBe('confirmed');

    const second = await record(vendor, { type: 'overtime', occurredAt: '2026-11-30T09:30:00+08:00' });
    expect(second.body).toMatchObject({ rank: 2, consequence: 'suspension', suspendedUntil: '2026-12-07T10:00:00+08:00' });
    expect(await vendorOf(vendor)).toMatchObject({ status: 'suspended', suspendedUntil: '2026-12-07T10:00:00+08:00' });
    expect((await claimRow(t, soon.id)).status).toBe('cancelled_by_market');
    expect((await claimRow(t, later.id)).status).toBe('confirmed'); // after the 7 days

    t.clock.advance(DAY);
    const third = await record(vendor, { type: 'out_of_scope_goods', occurredAt: '2026-12-01T08:00:00+08:00' });
    expect(third.body).toMatchObject({ rank: 3, consequence: 'suspension', suspendedUntil: '2027-03-01T10:00:00+08:00' });
    expect(await vendorOf(vendor)).toMatchObject({ status: 'suspended', suspendedUntil: '2027-03-01T10:00:00+08:00' });
    expect((await claimRow(t, later.id)).status).toBe('cancelled_by_market');
    expectError(await postClaim(t, vendor.token, slot(market, '2026-12-22')), 403, 'VENDOR_SUSPENDED');

    // The vendor was told each step, with the reason.
    const told = await notificationsOf(vendor);
    expect(told.map((n) => n.event)).toEqual([
      'vendor.approved',
      'violation.recorded',
      'violation.recorded',
      'vendor.suspended',
      'claim.cancelled_by_market',
      'violation.recorded',
      'vendor.suspended',
      'claim.cancelled_by_market',
    ]);
    expect(told[4].data).toMatchObject({ claimId: soon.id, cause: 'vendor_suspended', date: '2026-12-02' });

    // Appeal the third within 7 days; staff overturn it: its 90 days go, the second's 7 days (not over yet) stay.
    const appealed = await t.http
      .post(`/api/violations/${third.body.id}/appeal`)
      .set(bearer(vendor.token))
      .send({ text: '那天卖的是自家种的菜' });
    expect(appealed.status).toBe(200);
    expect(appealed.body).toMatchObject({ status: 'appealed', appealText: '那天卖的是自家种的菜' });
    expectError(
      await t.http.post(`/api/violations/${third.body.id}/appeal`).set(bearer(vendor.token)).send({ text: '再申诉' }),
      409,
      'INVALID_STATE_TRANSITION',
    );
    const resolved = await t.http
      .post(`/api/violations/${third.body.id}/resolve`)
      .set(bearer(t.staffToken))
      .send({ upheld: false, note: '核实为自产蔬菜' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'overturned', resolutionNote: '核实为自产蔬菜' });
    expect(await vendorOf(vendor)).toMatchObject({ status: 'suspended', suspendedUntil: '2026-12-07T10:00:00+08:00' });

    // Once the second's suspension has run out the vendor claims again; the overturned one no longer counts.
    t.clock.set('2026-12-07T10:00:01+08:00');
    expect((await vendorOf(vendor)).status).toBe('approved');
    expect((await postClaim(t, vendor.token, slot(market, '2026-12-22'))).status).toBe(201);
    const fourth = await record(vendor, { occurredAt: '2026-12-07T09:00:00+08:00' });
    expect(fourth.body).toMatchObject({ rank: 3, consequence: 'suspension' });
    const list = await t.http.get('/api/vendors/me/violations').set(bearer(vendor.token)).expect(200);
    expect(list.body.items.map((v: { status: string }) => v.status)).toEqual(['upheld', 'overturned', 'upheld', 'upheld']);
  });

  it('lifts the whole suspension when the violation that caused it alone is overturned', async () => {
    const vendor = await approvedVendor(t);
    await record(vendor).expect(201);
    const second = await record(vendor, { occurredAt: '2026-11-30T09:30:00+08:00' });
    expect((await vendorOf(vendor)).status).toBe('suspended');
    await t.http.post(`/api/violations/${second.body.id}/appeal`).set(bearer(vendor.token)).send({ text: '误判' }).expect(200);
    await t.http
      .post(`/api/violations/${second.body.id}/resolve`)
      .set(bearer(t.staffToken))
      .send({ upheld: false, note: '撤销' })
      .expect(200);
    expect(await vendorOf(vendor)).toMatchObject({ status: 'approved', suspendedUntil: null });
    expect((await postClaim(t, vendor.token, slot(market, '2026-12-03'))).status).toBe(201);
  });

  it('hears appeals only from the vendor itself, within 7 days, and resolves only appealed violations', async () => {
    const vendor = await approvedVendor(t);
    const other = await approvedVendor(t);
    const v = await record(vendor);
    expectError(
      await t.http.post(`/api/violations/${v.body.id}/appeal`).set(bearer(other.token)).send({ text: '不是我' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http.post(`/api/violations/${v.body.id}/resolve`).set(bearer(t.staffToken)).send({ upheld: true, note: 'x' }),
      409,
      'INVALID_STATE_TRANSITION',
    );
    t.clock.advance(7 * DAY + 1);
    expectError(
      await t.http.post(`/api/violations/${v.body.id}/appeal`).set(bearer(vendor.token)).send({ text: '晚了' }),
      422,
      'APPEAL_WINDOW_CLOSED',
    );
    expectError(await record(vendor, { type: 'no_show' }), 400, 'VALIDATION_FAILED', 'type');
    expectError(await record(vendor, { occurredAt: '2027-01-01T00:00:00+08:00' }), 400, 'VALIDATION_FAILED', 'occurredAt');
    expectError(await t.http.get(`/api/vendors/${vendor.id}/violations`).set(bearer(other.token)), 403, 'FORBIDDEN');
    const rows = await t.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM violations WHERE vendor_id = ?', [vendor.id]);
    expect(Number(rows!.n)).toBe(1);
  });

  it('records a no-show by itself, once, whether the sweeper ran or the record was read', async () => {
    const vendor = await approvedVendor(t);
    const held = await claim(t, vendor.token, slot(market, '2026-12-01'));
    t.clock.set('2026-12-01T09:30:00+08:00'); // the run ended unattended
    const read = await t.http.get(`/api/vendors/${vendor.id}/violations`).set(bearer(t.staffToken)).expect(200);
    expect(read.body.items).toEqual([
      expect.objectContaining({ type: 'no_show', rank: 1, consequence: 'warning', occurredAt: '2026-12-01T09:00:00+08:00' }),
    ]);
    await t.app.get(ClaimSweeper).sweep();
    const again = await t.http.get(`/api/vendors/${vendor.id}/violations`).set(bearer(t.staffToken)).expect(200);
    expect(again.body.total).toBe(1);
    expect((await claimRow(t, held.id)).status).toBe('no_show');
  });

  it('records a missed duty as a violation', async () => {
    const vendors = [await approvedVendor(t), await approvedVendor(t)];
    await standingPlaces(t, market, vendors, '2026-12-01', '2026-12-01');
    await createDuty(t, market, { headcount: 1 });
    const [entry] = await generated(t, market.zone.id, '2026-12-01', '2026-12-01');
    const dutyHolder = vendors.find((v) => v.id === entry.vendorId)!;
    expect((await notificationsOf(dutyHolder)).map((n) => n.event)).toContain('duty.assigned');
    t.clock.set('2026-12-01T09:30:00+08:00');
    await t.http.post(`/api/roster/${entry.id}/miss`).set(bearer(t.staffToken)).expect(200);
    const list = await t.http.get(`/api/vendors/${entry.vendorId}/violations`).set(bearer(t.staffToken)).expect(200);
    // Not checked in either: the run's no-show is the other violation of the day.
    expect(list.body.items.map((v: { type: string }) => v.type).sort()).toEqual(['missed_duty', 'no_show']);
    const missed = list.body.items.find((v: { type: string }) => v.type === 'missed_duty');
    expect(missed).toMatchObject({ status: 'upheld', zoneId: market.zone.id });
    // Marking it again records nothing more.
    expectError(await t.http.post(`/api/roster/${entry.id}/miss`).set(bearer(t.staffToken)), 409, 'INVALID_STATE_TRANSITION');
    expect((await t.http.get(`/api/vendors/${entry.vendorId}/violations`).set(bearer(t.staffToken))).body.total).toBe(2);
  });
});
