import { claim, claimRow, createMarket, expectError, Market, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor, TestVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, TestApp, useTestApp } from '../support/create-app.js';
import { countOf, rowsOf } from '../support/rows.js';

let districtSeq = 0;
/** A district name no other test of the file uses, so "close the district" is scoped to one test. */
function freshDistrict(): string {
  districtSeq += 1;
  return `雨区${districtSeq}`;
}

interface Area {
  district: string;
  a: Market;
  aEvening: { id: string; name: string };
  b: Market;
  /** In another district: never closed by the district's closure. */
  c: Market;
}

/** Zones A (morning 06–09 and evening 18–21) and B (morning) in one district, C (morning) in another. */
async function createArea(t: TestApp): Promise<Area> {
  const district = freshDistrict();
  const a = await createMarket(t, { zone: { name: '第1摊区', district }, stalls: 3 });
  const aEvening = await createSession(t, a.zone.id, { name: 'evening', startTime: '18:00', endTime: '21:00' });
  const b = await createMarket(t, { zone: { name: '第2摊区', district }, stalls: 2 });
  const c = await createMarket(t, { zone: { name: '第3摊区', district: `${district}外` }, stalls: 2 });
  return { district, a, aEvening, b, c };
}

function close(t: TestApp, body: object) {
  return t.http.post('/api/closures').set(bearer(t.staffToken)).send(body);
}

async function schedule(t: TestApp, zoneId: string, date: string, publicRoute = false) {
  const path = publicRoute ? `/api/public/zones/${zoneId}/schedule` : `/api/zones/${zoneId}/schedule`;
  const req = t.http.get(`${path}?from=${date}&to=${date}`);
  if (!publicRoute) req.set(bearer(t.staffToken));
  return (await req.expect(200)).body.items as { sessionId: string; name: string; cancelled: boolean; reason?: string }[];
}

async function notificationsOf(t: TestApp, vendor: TestVendor) {
  const res = await t.http.get('/api/vendors/me/notifications').set(bearer(vendor.token)).expect(200);
  return res.body.items as { event: string; data: Record<string, unknown> }[];
}

describe('area closures (/api/closures)', () => {
  const t = useTestApp();

  it('closes every occurrence of a district on a date in one go, cancelling its claims and telling the vendors (cause closure)', async () => {
    const area = await createArea(t);
    const [v1, v2, v3] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
    const onA = await claim(t, v1.token, slot(area.a, '2026-12-02'));
    const onB = await claim(t, v2.token, slot(area.b, '2026-12-02'));
    const onC = await claim(t, v3.token, slot(area.c, '2026-12-02'));
    const otherDay = await claim(t, v1.token, slot(area.a, '2026-12-03'));

    const res = await close(t, { date: '2026-12-02', reason: '暴雨红色预警', district: area.district });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      date: '2026-12-02',
      reason: '暴雨红色预警',
      district: area.district,
      zoneIds: null,
      sessionNames: null,
      occurrences: 3,
      claimsCancelled: 2,
      startedLeftAlone: 0,
      alreadyCancelled: 0,
      createdAt: '2026-11-30T10:00:00+08:00',
      restoredAt: null,
    });

    expect((await claimRow(t, onA.id)).status).toBe('cancelled_by_market');
    expect((await claimRow(t, onB.id)).status).toBe('cancelled_by_market');
    expect((await claimRow(t, onC.id)).status).toBe('confirmed');
    expect((await claimRow(t, otherDay.id)).status).toBe('confirmed');

    const told = (await notificationsOf(t, v1)).filter((n) => n.event === 'claim.cancelled_by_market');
    expect(told).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          claimId: onA.id,
          cause: 'closure',
          reason: '暴雨红色预警',
          date: '2026-12-02',
          // What the message names: the zone, the session and the stall, as they are called.
          zoneName: '第1摊区',
          sessionName: 'morning',
          stallCode: area.a.stalls[0].code,
        }),
      }),
    ]);
    expect((await notificationsOf(t, v3)).filter((n) => n.event === 'claim.cancelled_by_market')).toEqual([]);

    // Both schedules show the closed runs as cancelled, with the reason; the other district runs.
    for (const publicRoute of [false, true]) {
      expect(await schedule(t, area.a.zone.id, '2026-12-02', publicRoute)).toEqual([
        expect.objectContaining({ name: 'morning', cancelled: true, reason: '暴雨红色预警' }),
        expect.objectContaining({ name: 'evening', cancelled: true, reason: '暴雨红色预警' }),
      ]);
      expect(await schedule(t, area.c.zone.id, '2026-12-02', publicRoute)).toEqual([expect.objectContaining({ cancelled: false })]);
    }
    const rows = await rowsOf(t, 'session_cancellations', { closureId: res.body.id });
    expect(rows.map((r) => r.sessionId).sort()).toEqual([area.a.session.id, area.aEvening.id, area.b.session.id].sort());

    // A claim on a closed run is refused as on any cancelled occurrence.
    const late = await postClaim(t, v3.token, slot(area.b, '2026-12-02', 1));
    expectError(late, 422, 'OCCURRENCE_CANCELLED');

    // The list shows it.
    const list = await t.http.get('/api/closures?from=2026-12-02&to=2026-12-02').set(bearer(t.staffToken)).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
  });

  it('restores the occurrences (claims stay cancelled), once', async () => {
    const area = await createArea(t);
    const vendor = await approvedVendor(t);
    const held = await claim(t, vendor.token, slot(area.a, '2026-12-04'));
    const closed = await close(t, { date: '2026-12-04', reason: '高温', zoneIds: [area.a.zone.id, area.b.zone.id] }).expect(201);
    expect(closed.body).toMatchObject({ occurrences: 3, claimsCancelled: 1, zoneIds: [area.a.zone.id, area.b.zone.id].sort() });

    const restored = await t.http.delete(`/api/closures/${closed.body.id}`).set(bearer(t.staffToken));
    expect({ status: restored.status, body: restored.body }).toEqual({
      status: 200,
      body: { id: closed.body.id, occurrencesRestored: 3, occurrencesKept: 0 },
    });
    expect(await schedule(t, area.a.zone.id, '2026-12-04')).toEqual([
      expect.objectContaining({ cancelled: false }),
      expect.objectContaining({ cancelled: false }),
    ]);
    expect((await claimRow(t, held.id)).status).toBe('cancelled_by_market');
    expect(await countOf(t, 'session_cancellations', { closureId: closed.body.id })).toBe(0);
    const got = await t.http.get(`/api/closures/${closed.body.id}`).set(bearer(t.staffToken)).expect(200);
    expect(got.body.restoredAt).toBe('2026-11-30T10:00:00+08:00');

    // The stall can be claimed again.
    await claim(t, vendor.token, slot(area.a, '2026-12-04', 1));

    expectError(await t.http.delete(`/api/closures/${closed.body.id}`).set(bearer(t.staffToken)), 409, 'INVALID_STATE_TRANSITION');
    expectError(await t.http.delete('/api/closures/0193a4b2-7c1e-7d2a-9f00-1234567890ab').set(bearer(t.staffToken)), 404, 'NOT_FOUND');
  });

  it('leaves runs that have begun alone, refuses a day that has wholly begun, and restores only what has not begun', async () => {
    const area = await createArea(t);
    t.clock.set('2026-12-02T07:00:00+08:00'); // the mornings of 12-02 are running
    const today = await close(t, { date: '2026-12-02', reason: '雷暴', district: area.district }).expect(201);
    expect(today.body).toMatchObject({ occurrences: 1, startedLeftAlone: 2 });
    expect(await schedule(t, area.a.zone.id, '2026-12-02')).toEqual([
      expect.objectContaining({ name: 'morning', cancelled: false }),
      expect.objectContaining({ name: 'evening', cancelled: true, reason: '雷暴' }),
    ]);

    const before = [await countOf(t, 'closures'), await countOf(t, 'session_cancellations'), await countOf(t, 'audit_entries')];
    expectError(await close(t, { date: '2026-12-01', reason: '补记', district: area.district }), 422, 'OCCURRENCE_STARTED');
    expect([await countOf(t, 'closures'), await countOf(t, 'session_cancellations'), await countOf(t, 'audit_entries')]).toEqual(before);

    // Closed for 12-03, restored once the morning of 12-03 has begun: the evening runs again, the morning stays as it was.
    const tomorrow = await close(t, { date: '2026-12-03', reason: '雷暴', zoneIds: [area.a.zone.id] }).expect(201);
    expect(tomorrow.body.occurrences).toBe(2);
    t.clock.set('2026-12-03T06:30:00+08:00');
    const restored = await t.http.delete(`/api/closures/${tomorrow.body.id}`).set(bearer(t.staffToken)).expect(200);
    expect(restored.body).toEqual({ id: tomorrow.body.id, occurrencesRestored: 1, occurrencesKept: 1 });
    expect(await schedule(t, area.a.zone.id, '2026-12-03')).toEqual([
      expect.objectContaining({ name: 'morning', cancelled: true }),
      expect.objectContaining({ name: 'evening', cancelled: false }),
    ]);
  });

  it('closes only the named sessions, skips zones without a run that day, and keeps an earlier cancellation its own', async () => {
    const area = await createArea(t);
    const weekly = await createZone(t, { name: '周市', district: area.district });
    await createStalls(t, weekly.id, 1);
    await createSession(t, weekly.id, { name: 'evening', startTime: '18:00', endTime: '21:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' });
    await t.http
      .post(`/api/sessions/${area.aEvening.id}/cancellations`)
      .set(bearer(t.staffToken))
      .send({ date: '2026-12-08', reason: '节假日' })
      .expect(201);

    const res = await close(t, { date: '2026-12-08', reason: '大风', district: area.district, sessionNames: ['evening'] }).expect(201);
    // The Tuesday: A's evening was already cancelled on its own, the weekly market does not run, mornings are not asked for.
    expect(res.body).toMatchObject({ occurrences: 0, alreadyCancelled: 1, startedLeftAlone: 0, sessionNames: ['evening'] });
    await t.http.delete(`/api/closures/${res.body.id}`).set(bearer(t.staffToken)).expect(200);
    expect(await schedule(t, area.a.zone.id, '2026-12-08')).toEqual([
      expect.objectContaining({ name: 'morning', cancelled: false }),
      expect.objectContaining({ name: 'evening', cancelled: true, reason: '节假日' }),
    ]);
  });

  it('refuses bad input and unknown zones, changing nothing', async () => {
    const area = await createArea(t);
    const before = [await countOf(t, 'closures'), await countOf(t, 'session_cancellations')];
    expectError(
      await close(t, { date: '2026-12-05', reason: 'x', zoneIds: [area.a.zone.id, '0193a4b2-7c1e-7d2a-9f00-1234567890ab'] }),
      404,
      'NOT_FOUND',
    );
    expectError(await close(t, { date: '2026-12-05', reason: 'x', district: '无此区' }), 404, 'NOT_FOUND');
    expectError(await close(t, { date: '2026-12-05', reason: 'x', district: '无此区', zoneIds: [area.a.zone.id] }), 404, 'NOT_FOUND');
    expectError(await close(t, { date: '2026-02-30', reason: 'x' }), 400, 'VALIDATION_FAILED', 'date');
    expectError(await close(t, { date: '2026-12-05', reason: '' }), 400, 'VALIDATION_FAILED', 'reason');
    expectError(await close(t, { date: '2026-12-05', reason: 'x', zoneIds: ['nope'] }), 400, 'VALIDATION_FAILED', 'zoneIds');
    expectError(await close(t, { date: '2026-12-05', reason: 'x', sessionNames: [] }), 400, 'VALIDATION_FAILED', 'sessionNames');
    expectError(await close(t, { date: '2026-12-05', reason: 'x', status: 'closed' }), 400, 'VALIDATION_FAILED', 'status');
    const vendor = await approvedVendor(t);
    expectError(await t.http.post('/api/closures').set(bearer(vendor.token)).send({ date: '2026-12-05', reason: 'x' }), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/closures?from=2026-12-05&to=2026-12-01').set(bearer(t.staffToken)), 400, 'VALIDATION_FAILED');
    expect([await countOf(t, 'closures'), await countOf(t, 'session_cancellations')]).toEqual(before);
  });

  it('racing claims: no active claim is left on a closed run', async () => {
    const district = freshDistrict();
    const markets: Market[] = [];
    for (let i = 0; i < 3; i++) markets.push(await createMarket(t, { zone: { name: `竞${i}`, district }, stalls: 4 }));
    const vendors: TestVendor[] = [];
    for (let i = 0; i < 12; i++) vendors.push(await approvedVendor(t));
    const claims = vendors.map((vendor, i) => postClaim(t, vendor.token, slot(markets[i % 3], '2026-12-06', Math.floor(i / 3))));
    const closure = close(t, { date: '2026-12-06', reason: '暴雨', district });
    const answers = await Promise.all([...claims, closure]);
    const closed = answers.at(-1)!;
    expect(closed.status).toBe(201);
    for (const answer of answers.slice(0, -1)) {
      expect([201, 422]).toContain(answer.status);
      if (answer.status === 422) expect(answer.body.code).toBe('OCCURRENCE_CANCELLED');
    }
    const active = await t.db.reader.all(
      `SELECT id FROM claims WHERE date = '2026-12-06' AND status IN ('confirmed', 'checked_in') AND zone_id IN (?, ?, ?)`,
      markets.map((m) => m.zone.id),
    );
    expect(active).toEqual([]);
    const created = answers.slice(0, -1).filter((a) => a.status === 201).length;
    expect(closed.body.claimsCancelled).toBe(created);
  });
});
