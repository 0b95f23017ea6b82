import { parse } from 'csv-parse/sync';
import { claim, expectError } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { asBytes } from '../support/bytes.js';
import { bearer, useTestApp } from '../support/create-app.js';

const BOM = '\uFEFF';

/**
 * GET /api/reports/cockpit on a small known district: two zones of 驾驶舱区 (one with vegetable and
 * fruit stalls, one with general stalls and a cancelled run) and a zone elsewhere the district
 * filter must leave out; claims checked in, missed, cancelled; residents' feedback inside and
 * before the range.
 */
describe('the cockpit (GET /api/reports/cockpit)', () => {
  const t = useTestApp();
  const DISTRICT = '驾驶舱区';
  const RANGE = 'from=2026-12-01&to=2026-12-02';
  let zoneA: { id: string; name: string };
  let zoneB: { id: string; name: string };

  beforeAll(async () => {
    t.clock.set('2026-11-30T10:00:00+08:00');
    const a = await createZone(t, { name: '东城第2摊区', district: DISTRICT, latitude: 29.15, longitude: 107.09 });
    const b = await createZone(t, { name: '东城第10摊区', district: DISTRICT, latitude: 29.16, longitude: 107.1 });
    const elsewhere = await createZone(t, { name: '别处摊区', district: '别的区' });
    zoneA = { id: a.id, name: String(a.name) };
    zoneB = { id: b.id, name: String(b.name) };
    const [v1, v2] = await createStalls(t, a.id, 2, 'vegetables', 'V');
    const [f1] = await createStalls(t, a.id, 1, 'fruit', 'F');
    const [g1] = await createStalls(t, b.id, 2, 'general', 'G');
    const [x1] = await createStalls(t, elsewhere.id, 1, 'general', 'X');
    const sessionA = await createSession(t, a.id);
    const sessionB = await createSession(t, b.id);
    const sessionX = await createSession(t, elsewhere.id);

    const grower = await approvedVendor(t, { categories: ['vegetables'] });
    const fruitFarmer = await approvedVendor(t, { kind: 'fruit_farmer', categories: ['fruit'] });
    const late = await approvedVendor(t, { categories: ['vegetables'] });
    const other = await approvedVendor(t, { kind: 'vendor', categories: ['food'] });
    const outsider = await approvedVendor(t, { kind: 'vendor', categories: ['food'] });
    const attended = await claim(t, grower.token, { stallId: v1.id, sessionId: sessionA.id, date: '2026-12-01' });
    await claim(t, fruitFarmer.token, { stallId: f1.id, sessionId: sessionA.id, date: '2026-12-01' }); // a no-show once the run ends
    const dropped = await claim(t, late.token, { stallId: v2.id, sessionId: sessionA.id, date: '2026-12-02' });
    await t.http.post(`/api/claims/${dropped.id}/cancel`).set(bearer(late.token)).expect(200);
    const inB = await claim(t, other.token, { stallId: g1.id, sessionId: sessionB.id, date: '2026-12-01' });
    await claim(t, outsider.token, { stallId: x1.id, sessionId: sessionX.id, date: '2026-12-01' });
    // Rain on B's second morning: that run offers no stall places.
    await t.http
      .post(`/api/sessions/${sessionB.id}/cancellations`)
      .set(bearer(t.staffToken))
      .send({ date: '2026-12-02', reason: '暴雨' })
      .expect(201);
    // Feedback before the range: not counted.
    await t.http.post(`/api/public/zones/${a.id}/feedback`).send({ kind: 'problem', text: '上周的垃圾' }).expect(201);

    t.clock.set('2026-12-01T06:30:00+08:00');
    await t.http.post(`/api/claims/${attended.id}/check-in`).set(bearer(t.staffToken)).expect(200);
    await t.http.post(`/api/claims/${inB.id}/check-in`).set(bearer(t.staffToken)).expect(200);
    const wish = await t.http
      .post(`/api/public/zones/${a.id}/feedback`)
      .send({ kind: 'wish', category: 'fruit', text: '想要水果摊' })
      .expect(201);
    await t.http.post(`/api/public/zones/${a.id}/feedback`).send({ kind: 'wish', text: '晚市多一些' }).expect(201);
    await t.http.post(`/api/public/zones/${a.id}/feedback`).send({ kind: 'problem', text: '晚市后有垃圾' }).expect(201);
    await t.http.post(`/api/public/zones/${b.id}/feedback`).send({ kind: 'praise', text: '菜很新鲜' }).expect(201);
    await t.http.post(`/api/public/zones/${elsewhere.id}/feedback`).send({ kind: 'praise', text: '别处' }).expect(201);
    await t.http.post(`/api/feedback/${wish.body.id}/resolve`).set(bearer(t.staffToken)).send({ note: '已安排' }).expect(200);
  });

  beforeEach(() => t.clock.set('2026-12-01T10:00:00+08:00'));

  const counts = (slots: number, claimed: number, checkedIn: number, noShow: number, cancelled: number) => ({
    slots,
    claimed,
    checkedIn,
    noShow,
    cancelled,
    occupancyRate: slots === 0 ? null : Math.round((claimed / slots) * 10_000) / 10_000,
    checkInRate: claimed === 0 ? null : Math.round((checkedIn / claimed) * 10_000) / 10_000,
    noShowRate: claimed === 0 ? null : Math.round((noShow / claimed) * 10_000) / 10_000,
  });

  it("answers a district's figures in one response: totals, zones, days, zone-days, categories, feedback", async () => {
    const res = await t.http
      .get(`/api/reports/cockpit?${RANGE}&district=${encodeURIComponent(DISTRICT)}`)
      .set(bearer(t.staffToken))
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      from: '2026-12-01',
      to: '2026-12-02',
      district: DISTRICT,
      districts: expect.arrayContaining([DISTRICT, '别的区']),
      totals: {
        zones: 2,
        runs: 4,
        runsCancelled: 1,
        // A: 3 stalls × 2 runs; B: 2 stalls × 1 run (the second was rained off).
        ...counts(8, 3, 2, 1, 1),
        feedback: 4,
        feedbackOpen: 3,
      },
      // Natural order: 第2摊区 before 第10摊区.
      zones: [
        { zoneId: zoneA.id, zoneName: zoneA.name, district: DISTRICT, latitude: 29.15, longitude: 107.09, ...counts(6, 2, 1, 1, 1) },
        { zoneId: zoneB.id, zoneName: zoneB.name, district: DISTRICT, latitude: 29.16, longitude: 107.1, ...counts(2, 1, 1, 0, 0) },
      ],
      days: [
        { date: '2026-12-01', ...counts(5, 3, 2, 1, 0) },
        { date: '2026-12-02', ...counts(3, 0, 0, 0, 1) },
      ],
      zoneDays: [
        { zoneId: zoneA.id, date: '2026-12-01', ...counts(3, 2, 1, 1, 0) },
        { zoneId: zoneA.id, date: '2026-12-02', ...counts(3, 0, 0, 0, 1) },
        { zoneId: zoneB.id, date: '2026-12-01', ...counts(2, 1, 1, 0, 0) },
        { zoneId: zoneB.id, date: '2026-12-02', ...counts(0, 0, 0, 0, 0) },
      ],
      categories: [
        { category: 'vegetables', slots: 4, claimed: 1, occupancyRate: 0.25 },
        { category: 'fruit', slots: 2, claimed: 1, occupancyRate: 0.5 },
        { category: 'food', slots: 0, claimed: 0, occupancyRate: null },
        { category: 'general', slots: 2, claimed: 1, occupancyRate: 0.5 },
      ],
      feedback: [
        { kind: 'wish', open: 1, resolved: 1 },
        { kind: 'problem', open: 1, resolved: 0 },
        { kind: 'praise', open: 1, resolved: 0 },
      ],
    });
  });

  it('covers every zone without a district, and a district with no zones gives zeros', async () => {
    const all = await t.http.get(`/api/reports/cockpit?${RANGE}`).set(bearer(t.staffToken)).expect(200);
    expect(all.body.district).toBeNull();
    expect(all.body.totals).toMatchObject({ zones: 3, runs: 6, slots: 10, claimed: 4, checkedIn: 2, noShow: 2, feedback: 5 });
    expect(all.body.categories.find((c: { category: string }) => c.category === 'general')).toEqual({
      category: 'general',
      slots: 4,
      claimed: 2,
      occupancyRate: 0.5,
    });

    const none = await t.http
      .get(`/api/reports/cockpit?${RANGE}&district=${encodeURIComponent('无此区')}`)
      .set(bearer(t.staffToken))
      .expect(200);
    expect(none.body).toMatchObject({ district: '无此区', zones: [], zoneDays: [] });
    expect(none.body.totals).toEqual({ zones: 0, runs: 0, runsCancelled: 0, ...counts(0, 0, 0, 0, 0), feedback: 0, feedbackOpen: 0 });
    expect(none.body.days).toHaveLength(2);
  });

  it('defaults to the last 7 days, today included', async () => {
    const res = await t.http.get('/api/reports/cockpit').set(bearer(t.staffToken)).expect(200);
    expect(res.body).toMatchObject({ from: '2026-11-25', to: '2026-12-01' });
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });

  it('?format=csv gives the same figures as CSV, UTF-8 with a BOM, header in the reader’s language', async () => {
    const url = `/api/reports/cockpit?${RANGE}&district=${encodeURIComponent(DISTRICT)}&format=csv`;
    const res = await t.http.get(url).set(bearer(t.staffToken)).buffer(true).parse(asBytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cockpit-2026-12-01-2026-12-02.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual([
      'section',
      'district',
      'zone',
      'date',
      'item',
      'stall places',
      'claimed',
      'checked in',
      'no-show',
      'cancelled claims',
      'occupancy rate',
      'check-in rate',
      'no-show rate',
      'open',
      'resolved',
    ]);
    expect(rows[1]).toEqual([
      'total',
      DISTRICT,
      '',
      '2026-12-01..2026-12-02',
      '',
      '8',
      '3',
      '2',
      '1',
      '1',
      '0.375',
      '0.6667',
      '0.3333',
      '',
      '',
    ]);
    expect(rows).toContainEqual(['zone', DISTRICT, zoneA.name, '', '', '6', '2', '1', '1', '1', '0.3333', '0.5', '0.5', '', '']);
    expect(rows).toContainEqual(['day', DISTRICT, '', '2026-12-02', '', '3', '0', '0', '0', '1', '0', '', '', '', '']);
    expect(rows).toContainEqual(['zone and day', DISTRICT, zoneB.name, '2026-12-02', '', '0', '0', '0', '0', '0', '', '', '', '', '']);
    expect(rows).toContainEqual(['category', DISTRICT, '', '', 'fruit', '2', '1', '', '', '', '0.5', '', '', '', '']);
    expect(rows).toContainEqual(['feedback', DISTRICT, '', '', 'wish', '', '', '', '', '', '', '', '', '1', '1']);
    // 1 total + 2 zones + 2 days + 4 zone-days + 4 categories + 3 kinds.
    expect(rows).toHaveLength(1 + 16);
    expect(text).toContain('\r\n');

    const zh = await t.http.get(url).set(bearer(t.staffToken)).set('Accept-Language', 'zh-CN,zh;q=0.9').expect(200);
    const zhRows = parse(String(zh.text).slice(1)) as string[][];
    expect(zhRows[0].slice(0, 6)).toEqual(['类别', '区', '摊区', '日期', '项目', '摊位场次']);
    expect(zhRows).toContainEqual(['居民意见', DISTRICT, '', '', '心愿', '', '', '', '', '', '', '', '', '1', '1']);
  });

  it('refuses bad ranges and values with 400, vendors with 403, no token with 401', async () => {
    const staff = bearer(t.staffToken);
    expectError(await t.http.get('/api/reports/cockpit?from=2026-12-02&to=2026-12-01').set(staff), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/reports/cockpit?from=2026-01-01&to=2027-01-02').set(staff), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/reports/cockpit?from=2026-13-01').set(staff), 400, 'VALIDATION_FAILED', 'from');
    expectError(await t.http.get('/api/reports/cockpit?from=1999-12-31&to=2000-01-01').set(staff), 400, 'VALIDATION_FAILED', 'from');
    expectError(await t.http.get('/api/reports/cockpit?format=xml').set(staff), 400, 'VALIDATION_FAILED', 'format');
    expectError(await t.http.get('/api/reports/cockpit?district=').set(staff), 400, 'VALIDATION_FAILED', 'district');
    expectError(await t.http.get('/api/reports/cockpit?limit=5').set(staff), 400, 'VALIDATION_FAILED');
    // 366 dates are allowed (2028 is a leap year: 2028-01-01..2028-12-31).
    await t.http.get('/api/reports/cockpit?from=2028-01-01&to=2028-12-31').set(staff).expect(200);

    const vendor = await approvedVendor(t);
    expectError(await t.http.get('/api/reports/cockpit').set(bearer(vendor.token)), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/reports/cockpit?format=csv').set(bearer(vendor.token)), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/reports/cockpit'), 401, 'UNAUTHORIZED');
  });
});
