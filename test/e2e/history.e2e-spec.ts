import { claim, claimRow, createMarket, expectError, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';

// Past occurrences, and the claims and attendance on them, are facts: changes apply from a date forward.
describe('history stays history', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  const schedule = (zoneId: string, from: string, to: string) =>
    t.http.get(`/api/zones/${zoneId}/schedule?from=${from}&to=${to}`).set(staff).expect(200);
  const grid = (zoneId: string, date: string) => t.http.get(`/api/zones/${zoneId}/slots?date=${date}`).set(staff).expect(200);
  const runs = (items: { date: string; start: string; end: string }[]) => items.map((i) => `${i.date} ${i.start}–${i.end}`);

  /** A zone with a daily 06:00–09:00 session from 2026-12-01, a claim on 12-02 attended, the clock then on 12-04 at noon. */
  async function marketWithPast() {
    const market = await createMarket(t, { stalls: 2, category: 'general' });
    const vendor = await approvedVendor(t);
    const attended = await claim(t, vendor.token, slot(market, '2026-12-02', 0));
    t.clock.set('2026-12-02T06:10:00+08:00');
    await t.http.post(`/api/claims/${attended.id}/check-in`).set(bearer(vendor.token)).expect(200);
    t.clock.set('2026-12-04T12:00:00+08:00');
    return { market, vendor, attended };
  }

  it('a new timing starts with the first run not begun: past runs keep their times, in the schedule and the slot grid', async () => {
    const { market, attended } = await marketWithPast();
    const before = await schedule(market.zone.id, '2026-12-01', '2026-12-03');
    await t.http
      .patch(`/api/sessions/${market.session.id}`)
      .set(staff)
      .send({ startTime: '07:00', endTime: '10:00', validFrom: '2026-12-03' })
      .expect(200);
    expect((await schedule(market.zone.id, '2026-12-01', '2026-12-03')).body).toEqual(before.body);
    // 12-04's run began at 06:00 before the change (it is noon): it stays; the new timing rules from 12-05.
    expect(runs((await schedule(market.zone.id, '2026-12-04', '2026-12-05')).body.items)).toEqual([
      '2026-12-04 2026-12-04T06:00:00+08:00–2026-12-04T09:00:00+08:00',
      '2026-12-05 2026-12-05T07:00:00+08:00–2026-12-05T10:00:00+08:00',
    ]);
    const past = (await grid(market.zone.id, '2026-12-02')).body.items;
    expect(past).toEqual([
      expect.objectContaining({ start: '2026-12-02T06:00:00+08:00', status: 'claimed', claimId: attended.id }),
      expect.objectContaining({ start: '2026-12-02T06:00:00+08:00', status: 'free' }),
    ]);
  });

  it('deleting a session ends it from the first run not begun; its past runs stay in the schedule and the grid', async () => {
    const { market, attended } = await marketWithPast();
    await t.http.delete(`/api/sessions/${market.session.id}`).set(staff).expect(204);
    expect((await schedule(market.zone.id, '2026-12-01', '2026-12-07')).body.items.map((i: { date: string }) => i.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
    ]);
    expect((await grid(market.zone.id, '2026-12-02')).body.items[0]).toMatchObject({ status: 'claimed', claimId: attended.id });
    expect((await t.http.get(`/api/zones/${market.zone.id}/sessions`).set(staff).expect(200)).body.total).toBe(0);
  });

  it('a zone’s new time zone applies from the first run not begun; past runs and their claims keep the zone they ran in', async () => {
    const { market, vendor, attended } = await marketWithPast();
    const shownBefore = await t.http.get(`/api/claims/${attended.id}`).set(bearer(vendor.token)).expect(200);
    await t.http.patch(`/api/zones/${market.zone.id}`).set(staff).send({ timezone: 'Europe/Berlin' }).expect(200);
    // The past claim reads as it did: its date and instants agree.
    expect((await t.http.get(`/api/claims/${attended.id}`).set(bearer(vendor.token)).expect(200)).body).toEqual(shownBefore.body);
    expect(runs((await schedule(market.zone.id, '2026-12-02', '2026-12-02')).body.items)).toEqual([
      '2026-12-02 2026-12-02T06:00:00+08:00–2026-12-02T09:00:00+08:00',
    ]);
    // From the first date not begun in the old zone (12-05), the session runs at 06:00 Berlin time.
    expect(runs((await schedule(market.zone.id, '2026-12-05', '2026-12-05')).body.items)).toEqual([
      '2026-12-05 2026-12-05T06:00:00+01:00–2026-12-05T09:00:00+01:00',
    ]);
  });

  it('refuses to cancel or restore a run that has begun (422 OCCURRENCE_STARTED), and checked-in claims stay checked in', async () => {
    const { market, attended } = await marketWithPast();
    const cancel = (date: string) =>
      t.http.post(`/api/sessions/${market.session.id}/cancellations`).set(staff).send({ date, reason: '补记暴雨' });
    expectError(await cancel('2026-12-02'), 422, 'OCCURRENCE_STARTED');
    expectError(await cancel('2026-12-04'), 422, 'OCCURRENCE_STARTED');
    expect((await claimRow(t, attended.id)).status).toBe('checked_in');
    // A run still ahead can be cancelled, and restored until it begins.
    await cancel('2026-12-05').expect(201);
    t.clock.set('2026-12-05T06:00:00+08:00');
    expectError(await t.http.delete(`/api/sessions/${market.session.id}/cancellations/2026-12-05`).set(staff), 422, 'OCCURRENCE_STARTED');
    t.clock.set('2026-12-05T05:59:00+08:00');
    await t.http.delete(`/api/sessions/${market.session.id}/cancellations/2026-12-05`).set(staff).expect(204);
  });

  it('still refuses a change that would move a run holding an active claim ahead (409 SESSION_HAS_CLAIMS)', async () => {
    const { market } = await marketWithPast();
    const other = await approvedVendor(t);
    await claim(t, other.token, slot(market, '2026-12-06', 1));
    expectError(
      await t.http.patch(`/api/sessions/${market.session.id}`).set(staff).send({ startTime: '07:00' }),
      409,
      'SESSION_HAS_CLAIMS',
    );
  });
});

describe('time at the edges', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  it('a 04:00–04:00 session in Antarctica/Troll lasts 26 hours on 2027-10-30, and a vendor still cannot hold two overlapping claims', async () => {
    t.clock.set('2027-10-25T12:00:00Z');
    const zone = await createZone(t, { name: 'Troll', timezone: 'Antarctica/Troll', bookingHorizonDays: 30 });
    const stalls = await createStalls(t, zone.id, 2, 'general');
    const long = await createSession(t, zone.id, { name: 'all day', startTime: '04:00', endTime: '04:00', validFrom: '2027-10-25' });
    const early = await createSession(t, zone.id, { name: 'early', startTime: '03:00', endTime: '03:30', validFrom: '2027-10-25' });
    const days = (await t.http.get(`/api/zones/${zone.id}/schedule?from=2027-10-30&to=2027-10-31`).set(staff).expect(200)).body.items;
    const first = days.find((i: { sessionId: string; date: string }) => i.sessionId === long.id && i.date === '2027-10-30');
    expect((Date.parse(first.end) - Date.parse(first.start)) / 3_600_000).toBe(26);

    const vendor = await approvedVendor(t, { categories: ['vegetables'] });
    await claim(t, vendor.token, { stallId: stalls[0].id, sessionId: long.id, date: '2027-10-30' });
    // 03:00 (+00:00) on the 31st is still inside the 26-hour run that began at 04:00 (+02:00) on the 30th;
    // with a fixed 25-hour bound the check looked no further back than 02:00 UTC on the 30th, exactly its start.
    expectError(
      await postClaim(t, vendor.token, { stallId: stalls[1].id, sessionId: early.id, date: '2027-10-31' }),
      409,
      'VENDOR_OVERLAP',
    );
    const held = await t.http.get('/api/vendors/me/claims?from=2027-10-29&to=2027-11-01').set(bearer(vendor.token)).expect(200);
    expect(held.body.total).toBe(1);
  });

  it('a UTC UNTIL bounds run starts: 20261230T220000Z is 06:00 on 12-31 in Shanghai, so the 12-31 run is the last', async () => {
    const zone = await createZone(t, { name: '年末摊区' });
    const session = await createSession(t, zone.id, { name: 'to the year end', rrule: 'FREQ=DAILY;UNTIL=20261230T220000Z' });
    const until = (await t.http.get(`/api/zones/${zone.id}/schedule?from=2026-12-29&to=2027-01-02`).set(staff).expect(200)).body.items;
    expect(until.map((i: { date: string }) => i.date)).toEqual(['2026-12-29', '2026-12-30', '2026-12-31']);
    // One second earlier and 12-31's 06:00 run is after it.
    await t.http.patch(`/api/sessions/${session.id}`).set(staff).send({ rrule: 'FREQ=DAILY;UNTIL=20261230T215959Z' }).expect(200);
    const earlier = (await t.http.get(`/api/zones/${zone.id}/schedule?from=2026-12-29&to=2027-01-02`).set(staff).expect(200)).body.items;
    expect(earlier.map((i: { date: string }) => i.date)).toEqual(['2026-12-29', '2026-12-30']);
    // A time without Z is refused: the RFC's form for zoned rules is UTC.
    expectError(
      await t.http
        .post(`/api/zones/${zone.id}/sessions`)
        .set(staff)
        .send({ name: 'x', startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY;UNTIL=20261230T220000', validFrom: '2026-12-01' }),
      400,
      'INVALID_RECURRENCE',
    );
  });

  it('counts COUNT in full: FREQ=YEARLY;COUNT=150 from 2027 runs 150 times, the last in 2176', async () => {
    const zone = await createZone(t, { name: '百年摊区' });
    await createSession(t, zone.id, { name: 'anniversary', rrule: 'FREQ=YEARLY;COUNT=150', validFrom: '2027-06-01' });
    const last = (await t.http.get(`/api/zones/${zone.id}/schedule?from=2176-01-01&to=2176-12-31`).set(staff).expect(200)).body.items;
    expect(last.map((i: { date: string }) => i.date)).toEqual(['2176-06-01']);
    const after = (await t.http.get(`/api/zones/${zone.id}/schedule?from=2177-01-01&to=2177-12-31`).set(staff).expect(200)).body.items;
    expect(after).toEqual([]);
  });

  it('bounds the work of a schedule: a zone runs at most 12 live sessions (409 ZONE_SESSION_LIMIT)', async () => {
    const zone = await createZone(t, { name: '满额摊区' });
    for (let i = 0; i < 12; i += 1) await createSession(t, zone.id, { name: `session ${i}` });
    const refused = await t.http
      .post(`/api/zones/${zone.id}/sessions`)
      .set(staff)
      .send({ name: 'one more', startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY', validFrom: '2026-12-01' });
    expectError(refused, 409, 'ZONE_SESSION_LIMIT');
    expect((await t.http.get(`/api/zones/${zone.id}/sessions?limit=200`).set(staff).expect(200)).body.total).toBe(12);
    t.clock.advance(MINUTE);
  });
});
