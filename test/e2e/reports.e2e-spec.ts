import { parse } from 'csv-parse/sync';
import { claim, createMarket, expectError, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { asBytes } from '../support/bytes.js';
import { bearer, useTestApp } from '../support/create-app.js';

const BOM = '\uFEFF';

describe('reports and audit (staff)', () => {
  const t = useTestApp();

  async function market() {
    // A zone name a spreadsheet would run as a formula: the CSV must keep it as text.
    const m = await createMarket(t, { zone: { name: '=HYPERLINK("x","第2摊区")', district: '报表区' }, stalls: 3 });
    const [v1, v2, v3] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
    const checkedIn = await claim(t, v1.token, slot(m, '2026-12-01', 0));
    await claim(t, v2.token, slot(m, '2026-12-01', 1)); // never comes: a no-show once the run ends
    const cancelled = await claim(t, v3.token, slot(m, '2026-12-02', 0));
    await t.http.post(`/api/claims/${cancelled.id}/cancel`).set(bearer(v3.token)).expect(200);
    t.clock.set('2026-12-01T06:30:00+08:00');
    await t.http.post(`/api/claims/${checkedIn.id}/check-in`).set(bearer(t.staffToken)).expect(200);
    t.clock.set('2026-12-01T10:00:00+08:00');
    return m;
  }

  it('GET /api/reports/occupancy counts per zone, session and date', async () => {
    const m = await market();
    const res = await t.http
      .get(`/api/reports/occupancy?from=2026-12-01&to=2026-12-02&zoneId=${m.zone.id}`)
      .set(bearer(t.staffToken))
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const base = { zoneId: m.zone.id, zoneName: m.zone.name, district: '报表区', sessionId: m.session.id, sessionName: 'morning' };
    expect(res.body).toEqual({
      from: '2026-12-01',
      to: '2026-12-02',
      items: [
        {
          ...base,
          date: '2026-12-01',
          start: '2026-12-01T06:00:00+08:00',
          end: '2026-12-01T09:00:00+08:00',
          occurrenceCancelled: false,
          stalls: 3,
          claimed: 2,
          checkedIn: 1,
          noShow: 1,
          cancelled: 0,
        },
        {
          ...base,
          date: '2026-12-02',
          start: '2026-12-02T06:00:00+08:00',
          end: '2026-12-02T09:00:00+08:00',
          occurrenceCancelled: false,
          stalls: 3,
          claimed: 0,
          checkedIn: 0,
          noShow: 0,
          cancelled: 1,
        },
      ],
    });

    // Every zone without zoneId: this zone's rows are among them.
    const all = await t.http.get('/api/reports/occupancy?from=2026-12-01&to=2026-12-01').set(bearer(t.staffToken)).expect(200);
    expect(all.body.items.filter((r: { zoneId: string }) => r.zoneId === m.zone.id)).toHaveLength(1);

    expectError(
      await t.http.get('/api/reports/occupancy?from=2026-12-02&to=2026-12-01').set(bearer(t.staffToken)),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await t.http.get('/api/reports/occupancy?format=xml').set(bearer(t.staffToken)), 400, 'VALIDATION_FAILED', 'format');
    expectError(
      await t.http.get('/api/reports/occupancy?zoneId=0193a4b2-7c1e-7d2a-9f00-1234567890ab').set(bearer(t.staffToken)),
      404,
      'NOT_FOUND',
    );
    const vendor = await approvedVendor(t);
    expectError(await t.http.get('/api/reports/occupancy').set(bearer(vendor.token)), 403, 'FORBIDDEN');
  });

  it('?format=csv gives the same rows as CSV, UTF-8 with a BOM, formula-safe, header in the reader’s language', async () => {
    const m = await market();
    const url = `/api/reports/occupancy?from=2026-12-01&to=2026-12-02&zoneId=${m.zone.id}&format=csv`;
    const res = await t.http.get(url).set(bearer(t.staffToken)).buffer(true).parse(asBytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual([
      'district',
      'zone',
      'date',
      'session',
      'start',
      'end',
      'cancelled run',
      'stalls',
      'claimed',
      'checked in',
      'no-show',
      'cancelled claims',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        '报表区',
        `'${m.zone.name}`,
        '2026-12-01',
        'morning',
        '2026-12-01T06:00:00+08:00',
        '2026-12-01T09:00:00+08:00',
        'false',
        '3',
        '2',
        '1',
        '1',
        '0',
      ],
      [
        '报表区',
        `'${m.zone.name}`,
        '2026-12-02',
        'morning',
        '2026-12-02T06:00:00+08:00',
        '2026-12-02T09:00:00+08:00',
        'false',
        '3',
        '0',
        '0',
        '0',
        '1',
      ],
    ]);
    expect(text).toContain('\r\n');

    const zh = await t.http.get(url).set(bearer(t.staffToken)).set('Accept-Language', 'zh-CN,zh;q=0.9').expect(200);
    expect(String(zh.text).slice(1).split('\r\n')[0]).toBe('区,摊区,日期,场次,开始,结束,场次取消,摊位数,已预约,已签到,未到,已取消预约');
  });

  it('GET /api/audit shows the instants inside before/after as local ISO instants with their offset', async () => {
    await market();
    const res = await t.http.get('/api/audit?entityType=claim&limit=200').set(bearer(t.staffToken)).expect(200);
    const checkIn = res.body.items.find((e: { action: string }) => e.action === 'claim.checked_in');
    expect(checkIn.at).toBe('2026-12-01T06:30:00+08:00');
    expect(checkIn.after).toMatchObject({
      status: 'checked_in',
      checkedInAt: '2026-12-01T06:30:00+08:00',
      createdAt: '2026-11-30T10:00:00+08:00',
      startAt: '2026-12-01T06:00:00+08:00',
      endAt: '2026-12-01T09:00:00+08:00',
    });
    for (const entry of res.body.items) {
      for (const snapshot of [entry.before, entry.after]) {
        for (const [key, value] of Object.entries(snapshot ?? {})) {
          if (/At$|Until$/.test(key) && value !== null) expect({ key, value }).toEqual({ key, value: expect.stringMatching(/\+08:00$/) });
        }
      }
    }
  });
});
