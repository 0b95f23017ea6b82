import { jest } from '@jest/globals';
import { ScheduleService } from '../../src/sessions/schedule.service.js';
import { StallsService } from '../../src/stalls/stalls.service.js';
import { ZonesService } from '../../src/zones/zones.service.js';
import { claim, createMarket, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00.
describe('GET /api/vendors/me/claims: what the vendor app shows', () => {
  const t = useTestApp();
  const staff = () => bearer(t.staffToken);
  const mine = (token: string, query = '') => t.http.get(`/api/vendors/me/claims${query}`).set(bearer(token));

  it('carries each claim’s zone name, stall code, session name and its instants', async () => {
    const east = await createMarket(t, { zone: { name: '东城潮汐摊区' }, stalls: 7, session: { name: '早市' } });
    const west = await createMarket(t, {
      zone: { name: '西城潮汐摊区' },
      stalls: 3,
      session: { name: '晚市', startTime: '18:00', endTime: '21:00' },
    });
    const vendor = await approvedVendor(t, { categories: ['vegetables'] });
    const a = await claim(t, vendor.token, slot(east, '2026-12-02', 6));
    const b = await claim(t, vendor.token, slot(west, '2026-12-02', 2));
    const res = await mine(vendor.token).expect(200);
    expect(res.body.total).toBe(2);
    const byId = new Map(res.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(a.id)).toEqual({
      ...a,
      zoneName: '东城潮汐摊区',
      stallCode: 'A07',
      sessionName: '早市',
      start: '2026-12-02T06:00:00+08:00',
      end: '2026-12-02T09:00:00+08:00',
    });
    expect(byId.get(b.id)).toMatchObject({
      zoneName: '西城潮汐摊区',
      stallCode: 'A03',
      sessionName: '晚市',
      start: '2026-12-02T18:00:00+08:00',
      end: '2026-12-02T21:00:00+08:00',
    });
  });

  it('shows the current names, also of a session deleted since and of a cancelled claim', async () => {
    const market = await createMarket(t, { zone: { name: '南城摊区' }, stalls: 2, session: { name: 'morning' } });
    const vendor = await approvedVendor(t);
    const kept = await claim(t, vendor.token, slot(market, '2026-12-03', 0));
    await t.http.post(`/api/claims/${kept.id}/cancel`).set(bearer(vendor.token)).expect(200);
    await t.http.patch(`/api/sessions/${market.session.id}`).set(staff()).send({ name: '早市' }).expect(200);
    await t.http.patch(`/api/zones/${market.zone.id}`).set(staff()).send({ name: '南城潮汐摊区' }).expect(200);
    await t.http.delete(`/api/sessions/${market.session.id}`).set(staff()).expect(204);
    const res = await mine(vendor.token).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: kept.id, status: 'cancelled', zoneName: '南城潮汐摊区', stallCode: 'A01', sessionName: '早市' }),
    ]);
  });

  it('reads the names with one batch per owning module, whatever the number of claims (no N+1)', async () => {
    const vendor = await approvedVendor(t);
    for (let z = 0; z < 3; z += 1) {
      const zone = await createZone(t, { name: `第${z + 1}摊区` });
      const stalls = await createStalls(t, zone.id, 2, 'general', 'B');
      // Hours apart from zone to zone: one vendor never holds two stalls at once.
      const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
      const sessions = [
        await createSession(t, zone.id, { name: '早市', startTime: hour(6 + z), endTime: hour(7 + z) }),
        await createSession(t, zone.id, { name: '午市', startTime: hour(11 + z), endTime: hour(12 + z) }),
      ];
      for (const session of sessions)
        for (const date of ['2026-12-04', '2026-12-05'])
          await claim(t, vendor.token, { stallId: stalls[0].id, sessionId: session.id, date });
    }
    const spies = [
      jest.spyOn(t.app.get(ZonesService), 'labels'),
      jest.spyOn(t.app.get(StallsService), 'codes'),
      jest.spyOn(t.app.get(ScheduleService), 'sessionNames'),
      jest.spyOn(t.app.get(ScheduleService), 'pastTimezones'),
    ];
    try {
      const res = await mine(vendor.token, '?from=2026-12-04&to=2026-12-05').expect(200);
      expect(res.body.total).toBe(12);
      expect(new Set(res.body.items.map((c: { zoneName: string; sessionName: string }) => `${c.zoneName} · ${c.sessionName}`))).toEqual(
        new Set(['第1摊区 · 早市', '第1摊区 · 午市', '第2摊区 · 早市', '第2摊区 · 午市', '第3摊区 · 早市', '第3摊区 · 午市']),
      );
      for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('is documented in the OpenAPI document with the names required', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const page = doc.paths['/api/vendors/me/claims'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(page)).toContain('VendorClaimPage');
    const item = doc.components.schemas.VendorClaimResponse;
    for (const field of ['id', 'zoneId', 'zoneName', 'stallId', 'stallCode', 'sessionId', 'sessionName', 'date', 'start', 'end', 'status'])
      expect([field, item.required]).toEqual([field, expect.arrayContaining([field])]);
  });

  it('answers an empty list, and refuses staff and a bad range', async () => {
    const vendor = await approvedVendor(t);
    expect((await mine(vendor.token).expect(200)).body).toEqual({ items: [], total: 0 });
    expectError(await t.http.get('/api/vendors/me/claims').set(staff()), 403, 'FORBIDDEN');
    expectError(await mine(vendor.token, '?from=2026-12-05&to=2026-12-01'), 400, 'VALIDATION_FAILED', 'to');
  });
});

describe('POST /api/auth/password ends a vendor’s older tokens everywhere the vendor app goes', () => {
  const t = useTestApp();
  const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });

  it('the old token reads nothing and claims nothing; the new one does both', async () => {
    const market = await createMarket(t, { stalls: 2 });
    const vendor = await approvedVendor(t);
    const old = (await login(vendor.phone, 'secret-123').expect(200)).body.accessToken as string;
    await claim(t, old, slot(market, '2026-12-02', 0));
    await t.http.post('/api/auth/password').set(bearer(old)).send({ currentPassword: 'secret-123', newPassword: '654321' }).expect(204);
    const refused = await t.http.get('/api/vendors/me/claims').set(bearer(old)).set('Accept-Language', 'zh-CN');
    expectError(refused, 401, 'UNAUTHORIZED');
    expect(refused.body.message).toBe('密码已修改，请用新密码重新登录');
    expectError(
      await t.http
        .post('/api/claims')
        .set(bearer(old))
        .send(slot(market, '2026-12-03', 1)),
      401,
      'UNAUTHORIZED',
    );
    expectError(
      await t.http.post('/api/auth/password').set(bearer(old)).send({ currentPassword: '654321', newPassword: 'abcdef' }),
      401,
      'UNAUTHORIZED',
    );
    const fresh = (await login(vendor.phone, '654321').expect(200)).body.accessToken as string;
    const list = await t.http.get('/api/vendors/me/claims').set(bearer(fresh)).expect(200);
    expect(list.body.items.map((c: { date: string }) => c.date)).toEqual(['2026-12-02']);
    await claim(t, fresh, slot(market, '2026-12-03', 1));
  });
});
