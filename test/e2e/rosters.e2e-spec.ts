import { randomUUID } from 'node:crypto';
import { asBytes } from '../support/bytes.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { HOUR } from '../support/fake-clock.js';
import { allAuditEntries, claim, createMarket, expectError, Market, slot, UUID } from '../factories/claim.factory.js';
import { countsByVendor, createDuty, Entry, generate, generated, rosterOf, standingPlaces, turn } from '../factories/roster.factory.js';
import { approvedVendor, registerVendor, seedApprovedVendors, TestVendor } from '../factories/vendor.factory.js';
import { createSession } from '../factories/zone.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.
// Markets here run every evening 18:00–21:00 from Tuesday 2026-12-01.

const EVENING = { name: 'evening', startTime: '18:00', endTime: '21:00' };

describe('self-governance rosters', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  const eveningMarket = (stalls: number, zone: Record<string, unknown> = {}) => createMarket(t, { stalls, session: EVENING, zone });
  const swap = (entryId: string, toVendorId: string, token: string) =>
    t.http.post(`/api/roster/${entryId}/swap`).set(bearer(token)).send({ toVendorId });
  const accept = (swapId: string, token: string) => t.http.post(`/api/roster/swaps/${swapId}/accept`).set(bearer(token));
  const mark = (entryId: string, action: 'complete' | 'miss', token = t.staffToken) =>
    t.http.post(`/api/roster/${entryId}/${action}`).set(bearer(token));
  const appoint = (zoneId: string, vendorId: string) => t.http.put(`/api/zones/${zoneId}/captains/${vendorId}`).set(staff);
  const cancelClaim = (claimId: string, token: string) => t.http.post(`/api/claims/${claimId}/cancel`).set(bearer(token)).expect(200);

  /** A market with `n` vendors holding standing places on 2026-12-01..to. */
  async function marketWithVendors(n: number, to = '2026-12-03'): Promise<{ market: Market; vendors: TestVendor[] }> {
    const market = await eveningMarket(n);
    const vendors = await seedApprovedVendors(t, n);
    await standingPlaces(t, market, vendors, '2026-12-01', to);
    return { market, vendors };
  }

  describe('duties', () => {
    it('creates a duty bound to a session, and lists it', async () => {
      const market = await eveningMarket(1);
      const res = await t.http
        .post(`/api/zones/${market.zone.id}/duties`)
        .set(staff)
        .send({ name: '晚市收摊后清扫', sessionId: market.session.id, rrule: 'rrule:freq=weekly;byday=sa,su', headcount: 2 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        zoneId: market.zone.id,
        sessionId: market.session.id,
        name: '晚市收摊后清扫',
        rrule: 'FREQ=WEEKLY;BYDAY=SA,SU',
        headcount: 2,
        createdAt: '2026-11-30T10:00:00+08:00',
      });
      const list = await t.http.get(`/api/zones/${market.zone.id}/duties`).set(staff).expect(200);
      expect(list.body.items).toEqual([res.body]);
    });

    it('refuses bad input with the contract codes and creates nothing', async () => {
      const market = await eveningMarket(1);
      const other = await eveningMarket(1, { name: '隔壁摊区' });
      const mondays = await createSession(t, market.zone.id, {
        name: 'monday',
        startTime: '06:00',
        endTime: '08:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      const post = (body: Record<string, unknown>, zoneId = market.zone.id, token = t.staffToken) =>
        t.http
          .post(`/api/zones/${zoneId}/duties`)
          .set(bearer(token))
          .send({ name: '清扫', sessionId: market.session.id, rrule: 'FREQ=DAILY', headcount: 2, ...body });
      expectError(await post({ headcount: 0 }), 400, 'VALIDATION_FAILED', 'headcount');
      expectError(await post({ headcount: 21 }), 400, 'VALIDATION_FAILED', 'headcount');
      expectError(await post({ headcount: 1.5 }), 400, 'VALIDATION_FAILED', 'headcount');
      expectError(await post({ name: '' }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await post({ sessionId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED', 'sessionId');
      expectError(await post({ rrule: 'FREQ=HOURLY' }), 400, 'INVALID_RECURRENCE');
      expectError(await post({ sessionId: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await post({}, randomUUID()), 404, 'NOT_FOUND');
      // A session of another zone, and a rule that never meets the session's runs.
      expectError(await post({ sessionId: other.session.id }), 422, 'NOT_AN_OCCURRENCE');
      expectError(await post({ sessionId: mondays.id, rrule: 'FREQ=WEEKLY;BYDAY=TU' }), 422, 'NOT_AN_OCCURRENCE');
      const vendor = await approvedVendor(t);
      expectError(await post({}, market.zone.id, vendor.token), 403, 'FORBIDDEN');
      const list = await t.http.get(`/api/zones/${market.zone.id}/duties`).set(staff).expect(200);
      expect(list.body.items).toEqual([]);
    });

    it('falls on the runs its own rule also matches', async () => {
      const { market } = await marketWithVendors(2, '2026-12-14');
      // Saturdays and Sundays in the window: 12-05, 12-06, 12-12, 12-13.
      const duty = await createDuty(t, market, { rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-14');
      expect(entries.map((e) => e.date)).toEqual(['2026-12-05', '2026-12-06', '2026-12-12', '2026-12-13']);
      expect(entries.every((e) => e.dutyId === duty.id)).toBe(true);
    });
  });

  describe('generation', () => {
    it('assigns only vendors present, with names, and flags understaffed runs', async () => {
      const market = await eveningMarket(3);
      const [a, b, c] = await seedApprovedVendors(t, 3);
      await standingPlaces(t, market, [a], '2026-12-01', '2026-12-03');
      await claim(t, b.token, slot(market, '2026-12-02', 1));
      await claim(t, c.token, slot(market, '2026-12-03', 2));
      await claim(t, b.token, slot(market, '2026-12-03', 1));
      const duty = await createDuty(t, market, { headcount: 2 });

      const res = await generate(t, market.zone.id, '2026-12-01', '2026-12-03');
      expect(res.status).toBe(201);
      const entries: Entry[] = res.body.items;
      const byDate = (date: string) =>
        entries
          .filter((e) => e.date === date)
          .map((e) => e.vendorId)
          .sort();
      expect(byDate('2026-12-01')).toEqual([a.id]);
      expect(byDate('2026-12-02')).toEqual([a.id, b.id].sort());
      expect(byDate('2026-12-03')).toHaveLength(2);
      for (const entry of entries) {
        expect(entry).toEqual({
          id: expect.stringMatching(UUID),
          zoneId: market.zone.id,
          dutyId: duty.id,
          name: '收摊清扫',
          sessionId: market.session.id,
          date: entry.date,
          vendorId: entry.vendorId,
          vendorName: `摊主${[a, b, c].find((v) => v.id === entry.vendorId)!.phone.slice(-4)}`,
          status: 'assigned',
          understaffed: entry.date === '2026-12-01',
          swapped: false,
        });
      }
      // On the 3rd a has served twice and b once: b and c (never served) take it.
      expect(byDate('2026-12-03')).toEqual([b.id, c.id].sort());
      expect(await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-03')).toEqual(entries);
    });

    it('skips cancelled runs', async () => {
      const { market } = await marketWithVendors(2);
      await t.http
        .post(`/api/sessions/${market.session.id}/cancellations`)
        .set(staff)
        .send({ date: '2026-12-02', reason: '暴雨预警' })
        .expect(201);
      await createDuty(t, market, { headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      expect(entries.map((e) => e.date)).toEqual(['2026-12-01', '2026-12-03']);
    });

    it('shares the turns fairly: 12 vendors present daily, headcount 2, 30 days → 5 each; the same again when regenerated', async () => {
      const { market, vendors } = await marketWithVendors(12, '2026-12-30');
      await createDuty(t, market, { headcount: 2 });
      const first = await generated(t, market.zone.id, '2026-12-01', '2026-12-30');
      expect(first).toHaveLength(60);
      expect([...countsByVendor(first).values()]).toEqual(vendors.map(() => 5));
      for (const date of new Set(first.map((e) => e.date))) {
        const that = first.filter((e) => e.date === date);
        expect(new Set(that.map((e) => e.vendorId)).size).toBe(2);
      }
      // Fewest served first, then longest since the last, then vendor id: the first two days go to the four lowest ids.
      const ids = vendors.map((v) => v.id).sort();
      expect(first.filter((e) => e.date === '2026-12-01').map((e) => e.vendorId)).toEqual(ids.slice(0, 2));
      expect(first.filter((e) => e.date === '2026-12-02').map((e) => e.vendorId)).toEqual(ids.slice(2, 4));

      const second = await generated(t, market.zone.id, '2026-12-01', '2026-12-30');
      expect(second.map(turn)).toEqual(first.map(turn));
      expect(await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-30')).toHaveLength(60);
    });

    it('counts the turns before the range: generating week by week is as fair as generating the month', async () => {
      const { market } = await marketWithVendors(5, '2026-12-20');
      await createDuty(t, market, { headcount: 1 });
      const weekly = [
        ...(await generated(t, market.zone.id, '2026-12-01', '2026-12-07')),
        ...(await generated(t, market.zone.id, '2026-12-08', '2026-12-14')),
        ...(await generated(t, market.zone.id, '2026-12-15', '2026-12-20')),
      ];
      const month = await generated(t, market.zone.id, '2026-12-01', '2026-12-20');
      expect(month.map(turn)).toEqual(weekly.map(turn));
      expect([...countsByVendor(month).values()]).toEqual([4, 4, 4, 4, 4]);
    });

    it('keeps done, missed and swapped entries when regenerating, and never double-assigns', async () => {
      const { market, vendors } = await marketWithVendors(4);
      await createDuty(t, market, { headcount: 2 });
      const first = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      const [done, missed] = first.filter((e) => e.date === '2026-12-01');
      await mark(done.id, 'complete').expect(200);
      await mark(missed.id, 'miss').expect(200);
      const later = first.find((e) => e.date === '2026-12-03')!;
      const absentee = vendors.find((v) => !first.some((e) => e.date === '2026-12-03' && e.vendorId === v.id))!;
      const asked = await swap(later.id, absentee.id, vendors.find((v) => v.id === later.vendorId)!.token).expect(201);
      await accept(asked.body.id, absentee.token).expect(200);

      const again = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      const kept = again.filter((e) => [done.id, missed.id, later.id].includes(e.id));
      expect(kept.map((e) => [e.id, e.status, e.vendorId, e.swapped])).toEqual(
        expect.arrayContaining([
          [done.id, 'done', done.vendorId, false],
          [missed.id, 'missed', missed.vendorId, false],
          [later.id, 'assigned', absentee.id, true],
        ]),
      );
      expect(again).toHaveLength(6);
      expect(new Set(again.map((e) => `${e.date}|${e.vendorId}`)).size).toBe(6);
    });

    it('takes a vendor whose claim is cancelled off that run, and the next generation refills the turn', async () => {
      const market = await eveningMarket(3);
      const vendors = await seedApprovedVendors(t, 3);
      const claims = [];
      for (const [i, vendor] of vendors.entries()) claims.push(await claim(t, vendor.token, slot(market, '2026-12-02', i)));
      await createDuty(t, market, { headcount: 2 });
      const first = await generated(t, market.zone.id, '2026-12-02', '2026-12-02');
      const sorted = vendors.map((v) => v.id).sort();
      expect(first.map((e) => e.vendorId)).toEqual(sorted.slice(0, 2));
      const leaving = vendors.findIndex((v) => v.id === sorted[0]);
      await cancelClaim(claims[leaving].id, vendors[leaving].token);
      expect((await rosterOf(t, market.zone.id, '2026-12-02', '2026-12-02')).map((e) => e.vendorId)).toEqual([sorted[1]]);
      const refilled = await generated(t, market.zone.id, '2026-12-02', '2026-12-02');
      expect(refilled.map((e) => e.vendorId)).toEqual(sorted.slice(1));
    });

    it('takes a suspended vendor off the runs the suspension cancels', async () => {
      const { market, vendors } = await marketWithVendors(2);
      await createDuty(t, market, { headcount: 2 });
      await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      await t.http.post(`/api/vendors/${vendors[0].id}/suspend`).set(staff).send({ reason: '占道经营' }).expect(200);
      const roster = await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-03');
      expect(roster.map((e) => e.vendorId)).toEqual([vendors[1].id, vendors[1].id, vendors[1].id]);
    });

    it('gives nobody two duties on a day while others are free', async () => {
      const { market } = await marketWithVendors(6);
      await createDuty(t, market, { name: '清扫', headcount: 2 });
      await createDuty(t, market, { name: '疏导通道', headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      expect(entries).toHaveLength(9);
      for (const date of ['2026-12-01', '2026-12-02', '2026-12-03']) {
        expect(new Set(entries.filter((e) => e.date === date).map((e) => e.vendorId)).size).toBe(3);
      }
    });

    it('refuses bad ranges and strangers, and changes nothing', async () => {
      const { market, vendors } = await marketWithVendors(2);
      await createDuty(t, market, { headcount: 1 });
      const post = (body: object, token = t.staffToken, zoneId = market.zone.id) =>
        t.http.post(`/api/zones/${zoneId}/roster/generate`).set(bearer(token)).send(body);
      expectError(await post({ from: '2026-12-03', to: '2026-12-01' }), 400, 'VALIDATION_FAILED', 'to');
      expectError(await post({ from: '2026-12-01', to: '2027-12-31' }), 400, 'VALIDATION_FAILED', '366');
      expectError(await post({ from: '2026-12-01' }), 400, 'VALIDATION_FAILED', 'to');
      expectError(await post({ from: '2026-02-30', to: '2026-12-01' }), 400, 'VALIDATION_FAILED', 'from');
      expectError(await post({ from: '2026-12-01', to: '2026-12-03' }, vendors[0].token), 403, 'FORBIDDEN');
      expectError(await post({ from: '2026-12-01', to: '2026-12-03' }, t.staffToken, randomUUID()), 404, 'NOT_FOUND');
      expect(await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-03')).toEqual([]);
    });
  });

  describe('swaps', () => {
    async function oneTurn() {
      const { market, vendors } = await marketWithVendors(3);
      await createDuty(t, market, { headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-02', '2026-12-02');
      const entry = entries[0];
      const holder = vendors.find((v) => v.id === entry.vendorId)!;
      const others = vendors.filter((v) => v !== holder);
      return { market, entry, holder, others };
    }

    it('moves the entry to the vendor who accepts: same id, their vendorId', async () => {
      const { market, entry, holder, others } = await oneTurn();
      const asked = await swap(entry.id, others[0].id, holder.token);
      expect(asked.status).toBe(201);
      expect(asked.body).toEqual({
        id: expect.stringMatching(UUID),
        entryId: entry.id,
        fromVendorId: holder.id,
        toVendorId: others[0].id,
        status: 'pending',
        createdAt: '2026-11-30T10:00:00+08:00',
      });
      const accepted = await accept(asked.body.id, others[0].token);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ id: entry.id, vendorId: others[0].id, swapped: true, status: 'assigned' });
      expect((await rosterOf(t, market.zone.id, '2026-12-02', '2026-12-02')).map((e) => [e.id, e.vendorId])).toEqual([
        [entry.id, others[0].id],
      ]);
      expectError(await accept(asked.body.id, others[0].token), 409, 'INVALID_STATE_TRANSITION');
    });

    it('refuses a request from anyone but the vendor on the turn, to oneself, to a stranger or to someone absent', async () => {
      const { entry, holder, others } = await oneTurn();
      expectError(await swap(entry.id, others[0].id, others[1].token), 403, 'FORBIDDEN');
      expectError(await swap(entry.id, holder.id, holder.token), 400, 'VALIDATION_FAILED', 'toVendorId');
      expectError(await swap(entry.id, randomUUID(), holder.token), 404, 'NOT_FOUND');
      expectError(await swap(randomUUID(), others[0].id, holder.token), 404, 'NOT_FOUND');
      expectError(await t.http.post(`/api/roster/${entry.id}/swap`).set(staff).send({ toVendorId: others[0].id }), 403, 'FORBIDDEN');
      const absent = await approvedVendor(t);
      expectError(await swap(entry.id, absent.id, holder.token), 422, 'VENDOR_NOT_PRESENT');
      expectError(await swap(entry.id, 'nope', holder.token), 400, 'VALIDATION_FAILED', 'toVendorId');
    });

    it('refuses to accept for someone else, or once the other vendor is no longer present', async () => {
      const { market, entry, holder, others } = await oneTurn();
      const asked = await swap(entry.id, others[0].id, holder.token).expect(201);
      expectError(await accept(asked.body.id, others[1].token), 403, 'FORBIDDEN');
      expectError(await accept(asked.body.id, holder.token), 403, 'FORBIDDEN');
      expectError(await accept(randomUUID(), others[0].token), 404, 'NOT_FOUND');
      // others[0] gives up the stall of the 2nd: no longer present, cannot take the turn.
      const mine = await t.http.get('/api/vendors/me/claims?from=2026-12-02&to=2026-12-02').set(bearer(others[0].token)).expect(200);
      await cancelClaim(mine.body.items[0].id, others[0].token);
      expectError(await accept(asked.body.id, others[0].token), 422, 'VENDOR_NOT_PRESENT');
      expect((await rosterOf(t, market.zone.id, '2026-12-02', '2026-12-02'))[0]).toMatchObject({ id: entry.id, vendorId: holder.id });
    });

    it('refuses a swap of a finished turn, and of a turn whose run has started', async () => {
      const { entry, holder, others } = await oneTurn();
      const asked = await swap(entry.id, others[0].id, holder.token).expect(201);
      t.clock.set('2026-12-02T18:00:00+08:00');
      expectError(await swap(entry.id, others[1].id, holder.token), 422, 'OCCURRENCE_STARTED');
      expectError(await accept(asked.body.id, others[0].token), 422, 'OCCURRENCE_STARTED');
      t.clock.set('2026-11-30T10:00:00+08:00');
      await mark(entry.id, 'complete').expect(200);
      expectError(await swap(entry.id, others[1].id, holder.token), 409, 'INVALID_STATE_TRANSITION');
      // Marking the entry voided the pending swap.
      expectError(await accept(asked.body.id, others[0].token), 409, 'INVALID_STATE_TRANSITION');
    });
  });

  describe('marking', () => {
    it('records done and missed once, and counts them in the vendor record', async () => {
      const { market, vendors } = await marketWithVendors(1);
      await createDuty(t, market, { headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      const done = await mark(entries[0].id, 'complete');
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: entries[0].id, status: 'done' });
      await mark(entries[1].id, 'complete').expect(200);
      await mark(entries[2].id, 'miss').expect(200);
      expectError(await mark(entries[0].id, 'miss'), 409, 'INVALID_STATE_TRANSITION');
      expectError(await mark(entries[2].id, 'miss'), 409, 'INVALID_STATE_TRANSITION');
      expectError(await mark(randomUUID(), 'complete'), 404, 'NOT_FOUND');
      expectError(await mark(entries[0].id, 'complete', vendors[0].token), 403, 'FORBIDDEN');

      const record = await t.http.get(`/api/vendors/${vendors[0].id}`).set(staff).expect(200);
      expect(record.body).toMatchObject({ dutiesServed: 2, dutiesMissed: 1 });
      const own = await t.http.get('/api/vendors/me').set(bearer(vendors[0].token)).expect(200);
      expect(own.body).toMatchObject({ dutiesServed: 2, dutiesMissed: 1 });
    });
  });

  describe('captains', () => {
    async function captainOf(market: Market): Promise<TestVendor> {
      const [captain] = await seedApprovedVendors(t, 1);
      await appoint(market.zone.id, captain.id).expect(200);
      return captain;
    }

    it('staff appoint approved vendors only, list and remove them', async () => {
      const market = await eveningMarket(1);
      const vendor = await approvedVendor(t, { name: '王秀英' });
      const res = await appoint(market.zone.id, vendor.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        zoneId: market.zone.id,
        vendorId: vendor.id,
        vendorName: '王秀英',
        active: true,
        appointedAt: '2026-11-30T10:00:00+08:00',
      });
      await appoint(market.zone.id, vendor.id).expect(200);
      const list = await t.http.get(`/api/zones/${market.zone.id}/captains`).set(staff).expect(200);
      expect(list.body.items).toEqual([res.body]);

      const pending = await registerVendor(t);
      expectError(await appoint(market.zone.id, pending.id), 409, 'INVALID_STATE_TRANSITION');
      expectError(await appoint(market.zone.id, randomUUID()), 404, 'NOT_FOUND');
      expectError(await appoint(randomUUID(), vendor.id), 404, 'NOT_FOUND');
      expectError(await t.http.put(`/api/zones/${market.zone.id}/captains/${vendor.id}`).set(bearer(vendor.token)), 403, 'FORBIDDEN');

      await t.http.delete(`/api/zones/${market.zone.id}/captains/${vendor.id}`).set(staff).expect(204);
      expectError(await t.http.delete(`/api/zones/${market.zone.id}/captains/${vendor.id}`).set(staff), 404, 'NOT_FOUND');
      expect((await t.http.get(`/api/zones/${market.zone.id}/captains`).set(staff).expect(200)).body.items).toEqual([]);
    });

    it('a captain generates, reads with names, prints and marks in their own zone, each action audited under their user', async () => {
      const { market } = await marketWithVendors(2);
      const captain = await captainOf(market);
      await createDuty(t, market, { headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03', captain.token);
      expect(entries).toHaveLength(3);
      expect(await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-03', captain.token)).toEqual(entries);
      await t.http.get(`/api/zones/${market.zone.id}/roster.csv?from=2026-12-01&to=2026-12-03`).set(bearer(captain.token)).expect(200);
      await t.http.get(`/api/zones/${market.zone.id}/duties`).set(bearer(captain.token)).expect(200);
      await mark(entries[0].id, 'complete', captain.token).expect(200);
      await mark(entries[1].id, 'miss', captain.token).expect(200);

      const audit = (await allAuditEntries(t)).filter((e) => e.actorId === captain.id);
      expect(audit.map((e) => [e.action, e.actorRole])).toEqual(
        expect.arrayContaining([
          ['roster.generated', 'vendor'],
          ['roster.entry.done', 'vendor'],
          ['roster.entry.missed', 'vendor'],
        ]),
      );
      expect(audit.find((e) => e.action === 'roster.entry.done')).toMatchObject({
        entityId: entries[0].id,
        before: expect.objectContaining({ status: 'assigned' }),
        after: expect.objectContaining({ status: 'done', markedBy: captain.id }),
      });
    });

    it('is an ordinary vendor in another zone, and has no powers while suspended or once removed', async () => {
      const { market } = await marketWithVendors(2);
      const elsewhere = await marketWithVendors(2);
      await createDuty(t, market, { headcount: 1 });
      await createDuty(t, elsewhere.market, { headcount: 1 });
      const captain = await captainOf(market);
      const theirs = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      const other = await generated(t, elsewhere.market.zone.id, '2026-12-01', '2026-12-03');

      const refusals = async (zoneId: string, entryId: string) => {
        expectError(await generate(t, zoneId, '2026-12-01', '2026-12-03', captain.token), 403, 'FORBIDDEN');
        expectError(await t.http.get(`/api/zones/${zoneId}/roster`).set(bearer(captain.token)), 403, 'FORBIDDEN');
        expectError(await t.http.get(`/api/zones/${zoneId}/roster.csv`).set(bearer(captain.token)), 403, 'FORBIDDEN');
        expectError(await mark(entryId, 'complete', captain.token), 403, 'FORBIDDEN');
        expectError(await mark(entryId, 'miss', captain.token), 403, 'FORBIDDEN');
        expectError(await t.http.get(`/api/feedback?zoneId=${zoneId}`).set(bearer(captain.token)), 403, 'FORBIDDEN');
      };
      await refusals(elsewhere.market.zone.id, other[0].id);

      await t.http.post(`/api/vendors/${captain.id}/suspend`).set(staff).send({ reason: '违规' }).expect(200);
      expect((await t.http.get(`/api/zones/${market.zone.id}/captains`).set(staff).expect(200)).body.items[0]).toMatchObject({
        active: false,
      });
      await refusals(market.zone.id, theirs[0].id);

      await t.http.post(`/api/vendors/${captain.id}/reinstate`).set(staff).expect(200);
      await mark(theirs[0].id, 'complete', captain.token).expect(200);
      await t.http.delete(`/api/zones/${market.zone.id}/captains/${captain.id}`).set(staff).expect(204);
      await refusals(market.zone.id, theirs[1].id);
      expect((await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-03')).map((e) => e.status)).toEqual([
        'done',
        'assigned',
        'assigned',
      ]);
    });

    it("reads their own zone's feedback", async () => {
      const market = await eveningMarket(1);
      const captain = await captainOf(market);
      await t.http.post(`/api/public/zones/${market.zone.id}/feedback`).send({ kind: 'problem', text: '晚市后垃圾没清' }).expect(201);
      const res = await t.http.get(`/api/feedback?zoneId=${market.zone.id}`).set(bearer(captain.token)).expect(200);
      expect(res.body.items.map((f: { text: string }) => f.text)).toEqual(['晚市后垃圾没清']);
      expectError(await t.http.get('/api/feedback').set(bearer(captain.token)), 403, 'FORBIDDEN');
      const ordinary = await approvedVendor(t);
      expectError(await t.http.get(`/api/feedback?zoneId=${market.zone.id}`).set(bearer(ordinary.token)), 403, 'FORBIDDEN');
    });
  });

  describe('a vendor’s own turns and the notice board', () => {
    it('me/duties shows only the caller’s entries', async () => {
      const { market, vendors } = await marketWithVendors(3);
      await createDuty(t, market, { headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');
      for (const vendor of vendors) {
        const res = await t.http.get('/api/vendors/me/duties?from=2026-12-01&to=2026-12-31').set(bearer(vendor.token)).expect(200);
        expect(res.body.items).toEqual(entries.filter((e) => e.vendorId === vendor.id));
        expect(res.body.items).toHaveLength(1);
      }
      // Without a range: the coming 30 days.
      const mine = await t.http.get('/api/vendors/me/duties').set(bearer(vendors[0].token)).expect(200);
      expect(mine.body.items).toHaveLength(1);
      expectError(await t.http.get('/api/vendors/me/duties').set(staff), 403, 'FORBIDDEN');
      expectError(
        await t.http.get('/api/vendors/me/duties?from=2026-12-05&to=2026-12-01').set(bearer(vendors[0].token)),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('prints the roster as CSV: BOM, header, one row per entry with the stall, names quoted and never formulas', async () => {
      const market = await eveningMarket(3);
      const vendors = [
        await approvedVendor(t, { name: '张桂兰' }),
        await approvedVendor(t, { name: '李,"老"四' }),
        await approvedVendor(t, { name: '=HYPERLINK("x")' }),
      ];
      await standingPlaces(t, market, vendors, '2026-12-01', '2026-12-03');
      await createDuty(t, market, { name: '收摊清扫', headcount: 1 });
      const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-03');

      const res = await t.http
        .get(`/api/zones/${market.zone.id}/roster.csv?from=2026-12-01&to=2026-12-03`)
        .set(staff)
        .buffer(true)
        .parse(asBytes);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const lines = text.split('\r\n').filter((line) => line !== '');
      expect(lines[0]).toBe('date,duty,session,vendor,stall');
      expect(lines).toHaveLength(1 + entries.length);
      const codeOf = (vendorId: string) => market.stalls[vendors.findIndex((v) => v.id === vendorId)].code;
      const cell = (name: string) =>
        name.startsWith('=') ? `"'${name.replace(/"/g, '""')}"` : name.includes(',') ? `"${name.replace(/"/g, '""')}"` : name;
      expect(lines.slice(1)).toEqual(entries.map((e) => `${e.date},收摊清扫,evening,${cell(e.vendorName)},${codeOf(e.vendorId)}`));

      const zh = await t.http
        .get(`/api/zones/${market.zone.id}/roster.csv?from=2026-12-01&to=2026-12-03`)
        .set(staff)
        .set('Accept-Language', 'zh-CN,zh;q=0.9');
      expect(zh.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('日期,值日,场次,摊主,摊位');

      // Cached like the schedule: an ETag per language (the header row differs), 304 while unchanged.
      expect(res.headers['vary']).toBe('Accept-Encoding, Accept-Language');
      expect(zh.headers['etag']).not.toBe(res.headers['etag']);
      const again = await t.http
        .get(`/api/zones/${market.zone.id}/roster.csv?from=2026-12-01&to=2026-12-03`)
        .set(staff)
        .set('If-None-Match', res.headers['etag']);
      expect(again.status).toBe(304);
    });
  });

  it('a cancelled claim takes its vendor off the duties of that session only, not of the day’s other session', async () => {
    const { market, vendors } = await marketWithVendors(1);
    const late = await createSession(t, market.zone.id, { name: 'late', startTime: '21:30', endTime: '23:00' });
    await t.http
      .post('/api/assignments')
      .set(staff)
      .send({ vendorId: vendors[0].id, stallId: market.stalls[0].id, sessionId: late.id, from: '2026-12-01', to: '2026-12-01' })
      .expect(201);
    await createDuty(t, market, { name: '清扫', headcount: 1 });
    await createDuty(t, { ...market, session: { ...market.session, id: late.id } }, { name: '夜间清扫', headcount: 1 });
    const entries = await generated(t, market.zone.id, '2026-12-01', '2026-12-01');
    expect(entries.map((e) => e.name).sort()).toEqual(['夜间清扫', '清扫']);
    const claims = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-01').set(bearer(vendors[0].token)).expect(200);
    const lateClaim = claims.body.items.find((c: { sessionId: string }) => c.sessionId === late.id);
    t.clock.advance(HOUR);
    await cancelClaim(lateClaim.id, vendors[0].token);
    expect((await rosterOf(t, market.zone.id, '2026-12-01', '2026-12-01')).map((e) => e.name)).toEqual(['清扫']);
  });
});
