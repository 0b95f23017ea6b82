import { randomUUID } from 'node:crypto';
import { countOf, rowOf } from '../support/rows.js';
import { bearer, TEST_NOW, useTestApp } from '../support/create-app.js';
import { DAY } from '../support/fake-clock.js';
import { claim, claimRow, createMarket, expectError, postClaim, slot, UUID } from '../factories/claim.factory.js';
import { approvedVendor, registerVendor, vendorInput } from '../factories/vendor.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.

describe('vendors', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  const vendorRows = (phone: string) => countOf(t, 'vendors', { phone });
  const userRows = (phone: string) => countOf(t, 'users', { username: phone });
  const getVendor = (id: string) => t.http.get(`/api/vendors/${id}`).set(staff);

  describe('POST /api/vendors/register', () => {
    it('registers without a token and answers { id, status: "pending" }', async () => {
      const input = vendorInput({ name: '李秀英', kind: 'fruit_farmer', categories: ['fruit', 'vegetables'] });
      const res = await t.http.post('/api/vendors/register').send(input);
      expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { id: expect.stringMatching(UUID), status: 'pending' } });
      const row = await rowOf(t, 'vendors', { id: res.body.id });
      expect({ ...row, categories: JSON.parse(row.categories) }).toMatchObject({
        name: '李秀英',
        phone: input.phone,
        kind: 'fruit_farmer',
        categories: ['fruit', 'vegetables'],
        status: 'pending',
      });
      const read = await getVendor(res.body.id).expect(200);
      expect(read.body).toMatchObject({ id: res.body.id, name: '李秀英', phone: input.phone, status: 'pending' });
    });

    it('never stores the password in clear', async () => {
      const input = vendorInput({ password: 'plain-text-secret' });
      await t.http.post('/api/vendors/register').send(input).expect(201);
      const user = await rowOf(t, 'users', { username: input.phone as string });
      expect(user.role).toBe('vendor');
      expect(JSON.stringify(user)).not.toContain('plain-text-secret');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a 5-digit phone', { phone: '12345' }, 'phone'],
      ['an 11-digit phone not starting with 1', { phone: '23812345678' }, 'phone'],
      ['a 12-digit phone', { phone: '138123456789' }, 'phone'],
      ['a phone as a number', { phone: 13812345678 }, 'phone'],
      ['a kind outside the enum', { kind: 'farmer' }, 'kind'],
      ['no categories', { categories: [] }, 'categories'],
      ['an unknown category', { categories: ['vegetables', 'meat'] }, 'categories'],
      ['categories as a string', { categories: 'vegetables' }, 'categories'],
      ['a missing password', { password: undefined }, 'password'],
      ['a missing name', { name: undefined }, 'name'],
    ])('refuses %s with 400 VALIDATION_FAILED and creates nothing', async (_label, overrides, field) => {
      const body = vendorInput(overrides);
      const users = await countOf(t, 'users');
      const res = await t.http.post('/api/vendors/register').send(body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
      expect(await vendorRows(String(body.phone))).toBe(0);
      expect(await countOf(t, 'users')).toBe(users);
    });

    it('lists every bad field in one message', async () => {
      const res = await t.http
        .post('/api/vendors/register')
        .send({ name: '王', phone: '12345', password: 'secret-123', kind: 'x', categories: [] });
      expectError(res, 400, 'VALIDATION_FAILED');
      for (const field of ['phone', 'kind', 'categories']) expect(res.body.message).toContain(field);
    });

    it('refuses a phone that is already registered with 409 DUPLICATE_PHONE', async () => {
      const first = vendorInput();
      await t.http.post('/api/vendors/register').send(first).expect(201);
      const res = await t.http.post('/api/vendors/register').send(vendorInput({ phone: first.phone, name: '另一个人' }));
      expectError(res, 409, 'DUPLICATE_PHONE');
      expect(await vendorRows(first.phone as string)).toBe(1);
      expect(await userRows(first.phone as string)).toBe(1);
    });

    it.each<[string, Record<string, unknown>]>([
      ['status: "approved"', { status: 'approved' }],
      ['role: "staff"', { role: 'staff' }],
      ['priorityGroups', { priorityGroups: ['low_income'] }],
      ['id', { id: randomUUID() }],
    ])('refuses an extra field %s (mass assignment) with 400 and creates nothing', async (_label, extra) => {
      const input = vendorInput(extra);
      const [users, staffUsers] = [await countOf(t, 'users'), await countOf(t, 'users', { role: 'staff' })];
      const res = await t.http.post('/api/vendors/register').send(input);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await vendorRows(input.phone as string)).toBe(0);
      expect(await userRows(input.phone as string)).toBe(0);
      expect(await countOf(t, 'users')).toBe(users);
      expect(await countOf(t, 'users', { role: 'staff' })).toBe(staffUsers);
    });
  });

  describe('a vendor signed in', () => {
    it('logs in with phone and password as role "vendor", userId = vendor id, and reads itself', async () => {
      const input = vendorInput({ name: '赵大爷' });
      const { body: registered } = await t.http.post('/api/vendors/register').send(input).expect(201);
      const login = await t.http.post('/api/auth/login').send({ username: input.phone, password: input.password });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ accessToken: expect.any(String), role: 'vendor', userId: registered.id });
      const me = await t.http.get('/api/vendors/me').set(bearer(login.body.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        id: registered.id,
        name: '赵大爷',
        phone: input.phone,
        kind: 'vegetable_farmer',
        categories: ['vegetables'],
        status: 'pending',
      });
      expect(me.body).not.toHaveProperty('passwordHash');
      expect(me.body).not.toHaveProperty('password');
    });

    it('refuses a wrong password with 401 BAD_CREDENTIALS', async () => {
      const vendor = await registerVendor(t);
      expectError(
        await t.http.post('/api/auth/login').send({ username: vendor.phone, password: 'wrong-password' }),
        401,
        'BAD_CREDENTIALS',
      );
    });

    it('GET /api/vendors/me needs a token (401) and the vendor role (403 for staff)', async () => {
      expectError(await t.http.get('/api/vendors/me'), 401, 'UNAUTHORIZED');
      expectError(await t.http.get('/api/vendors/me').set(staff), 403, 'FORBIDDEN');
    });

    it('cannot list, read others, approve, reject, suspend or reinstate (403), and nothing changes', async () => {
      const self = await registerVendor(t);
      const other = await registerVendor(t);
      const as = bearer(self.token);
      expectError(await t.http.get('/api/vendors').set(as), 403, 'FORBIDDEN');
      expectError(await t.http.get(`/api/vendors/${other.id}`).set(as), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/vendors/${self.id}/approve`).set(as), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/vendors/${other.id}/approve`).set(as), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/vendors/${other.id}/reject`).set(as).send({ reason: 'x' }), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/vendors/${other.id}/suspend`).set(as).send({ reason: 'x' }), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/vendors/${other.id}/reinstate`).set(as), 403, 'FORBIDDEN');
      expect((await rowOf(t, 'vendors', { id: self.id })).status).toBe('pending');
      expect((await rowOf(t, 'vendors', { id: other.id })).status).toBe('pending');
    });
  });

  describe('staff vetting', () => {
    it('lists vendors filtered by ?status=', async () => {
      const pending = await registerVendor(t);
      const approved = await approvedVendor(t);
      const pendingList = await t.http.get('/api/vendors?status=pending&limit=200').set(staff).expect(200);
      const pendingIds = pendingList.body.items.map((v: { id: string }) => v.id);
      expect(pendingIds).toContain(pending.id);
      expect(pendingIds).not.toContain(approved.id);
      expect(pendingList.body.items.every((v: { status: string }) => v.status === 'pending')).toBe(true);
      expect(pendingList.body.total).toBe(pendingList.body.items.length);
      const approvedList = await t.http.get('/api/vendors?status=approved&limit=200').set(staff).expect(200);
      const approvedIds = approvedList.body.items.map((v: { id: string }) => v.id);
      expect(approvedIds).toContain(approved.id);
      expect(approvedIds).not.toContain(pending.id);
      const all = await t.http.get('/api/vendors?limit=200').set(staff).expect(200);
      expect(all.body.items.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([pending.id, approved.id]));
    });

    it.each([['?status=banned'], ['?limit=0'], ['?limit=201']])('refuses the list query %s with 400', async (query) => {
      expectError(await t.http.get(`/api/vendors${query}`).set(staff), 400, 'VALIDATION_FAILED');
    });

    it('answers 404 for an unknown or malformed vendor id', async () => {
      expectError(await getVendor(randomUUID()), 404, 'NOT_FOUND');
      expectError(await getVendor('not-a-uuid'), 404, 'NOT_FOUND');
      expectError(await t.http.post(`/api/vendors/${randomUUID()}/approve`).set(staff), 404, 'NOT_FOUND');
    });

    it('approves a pending vendor', async () => {
      const vendor = await registerVendor(t);
      const res = await t.http.post(`/api/vendors/${vendor.id}/approve`).set(staff);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: vendor.id, status: 'approved' });
      expect((await getVendor(vendor.id)).body.status).toBe('approved');
    });

    it('rejects a pending vendor with a reason, and refuses a rejection without one', async () => {
      const vendor = await registerVendor(t);
      expectError(await t.http.post(`/api/vendors/${vendor.id}/reject`).set(staff).send({}), 400, 'VALIDATION_FAILED');
      expect((await getVendor(vendor.id)).body.status).toBe('pending');
      const res = await t.http.post(`/api/vendors/${vendor.id}/reject`).set(staff).send({ reason: '证件照片不清晰' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: vendor.id, status: 'rejected', statusReason: '证件照片不清晰' });
    });

    it('suspends an approved vendor (with a reason) and reinstates it', async () => {
      const vendor = await approvedVendor(t);
      expectError(await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({}), 400, 'VALIDATION_FAILED');
      expect((await getVendor(vendor.id)).body.status).toBe('approved');
      const suspended = await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '多次占道经营' });
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '多次占道经营', suspendedUntil: null });
      const reinstated = await t.http.post(`/api/vendors/${vendor.id}/reinstate`).set(staff);
      expect(reinstated.status).toBe(200);
      expect(reinstated.body).toMatchObject({ status: 'approved' });
    });

    describe('refuses a transition from the wrong state with 409 INVALID_STATE_TRANSITION, changing nothing', () => {
      const cases: [string, 'pending' | 'approved' | 'rejected' | 'suspended', string, object | undefined][] = [
        ['approve an approved vendor', 'approved', 'approve', undefined],
        ['approve a suspended vendor', 'suspended', 'approve', undefined],
        ['reject an approved vendor', 'approved', 'reject', { reason: 'late' }],
        ['reject a rejected vendor', 'rejected', 'reject', { reason: 'again' }],
        ['reject a suspended vendor', 'suspended', 'reject', { reason: 'late' }],
        ['suspend a pending vendor', 'pending', 'suspend', { reason: 'x' }],
        ['suspend a rejected vendor', 'rejected', 'suspend', { reason: 'x' }],
        ['suspend a suspended vendor', 'suspended', 'suspend', { reason: 'again' }],
        ['reinstate a pending vendor', 'pending', 'reinstate', undefined],
        ['reinstate an approved vendor', 'approved', 'reinstate', undefined],
        ['reinstate a rejected vendor', 'rejected', 'reinstate', undefined],
      ];
      it.each(cases)('%s', async (_label, state, action, body) => {
        const vendor = await registerVendor(t);
        if (state === 'approved' || state === 'suspended') await t.http.post(`/api/vendors/${vendor.id}/approve`).set(staff).expect(200);
        if (state === 'suspended') await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: 'setup' }).expect(200);
        if (state === 'rejected') await t.http.post(`/api/vendors/${vendor.id}/reject`).set(staff).send({ reason: 'setup' }).expect(200);
        const before = await rowOf(t, 'vendors', { id: vendor.id });
        const req = t.http.post(`/api/vendors/${vendor.id}/${action}`).set(staff);
        const res = body ? await req.send(body) : await req;
        expectError(res, 409, 'INVALID_STATE_TRANSITION');
        expect(await rowOf(t, 'vendors', { id: vendor.id })).toEqual(before);
      });
    });

    it.each([
      ['in the past', '2026-11-29T10:00:00+08:00'],
      ['equal to now', TEST_NOW],
      ['not an instant', 'next tuesday'],
      ['without a UTC offset (ambiguous local time)', '2026-12-31T00:00:00'],
    ])('refuses a suspension with until %s (400), leaving the vendor approved', async (_label, until) => {
      const vendor = await approvedVendor(t);
      expectError(await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: 'x', until }), 400, 'VALIDATION_FAILED');
      expect((await rowOf(t, 'vendors', { id: vendor.id })).status).toBe('approved');
    });

    it('reads a suspension whose until has passed as approved (and the vendor may claim again)', async () => {
      const market = await createMarket(t, { stalls: 1 });
      const vendor = await approvedVendor(t);
      const until = '2026-12-02T10:00:00+08:00';
      const res = await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '整改', until });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'suspended', suspendedUntil: until });
      expect((await getVendor(vendor.id)).body.status).toBe('suspended');
      expectError(await postClaim(t, vendor.token, slot(market, '2026-12-05')), 403, 'VENDOR_SUSPENDED');

      t.clock.set(Date.parse(until) - 1);
      expect((await getVendor(vendor.id)).body.status).toBe('suspended');

      t.clock.set(until);
      const read = await getVendor(vendor.id).expect(200);
      expect(read.body).toMatchObject({ status: 'approved', suspendedUntil: null });
      const me = await t.http.get('/api/vendors/me').set(bearer(vendor.token)).expect(200);
      expect(me.body.status).toBe('approved');
      const approvedList = await t.http.get('/api/vendors?status=approved&limit=200').set(staff).expect(200);
      expect(approvedList.body.items.map((v: { id: string }) => v.id)).toContain(vendor.id);
      const suspendedList = await t.http.get('/api/vendors?status=suspended&limit=200').set(staff).expect(200);
      expect(suspendedList.body.items.map((v: { id: string }) => v.id)).not.toContain(vendor.id);
      // It lapsed: nothing left to reinstate.
      expectError(await t.http.post(`/api/vendors/${vendor.id}/reinstate`).set(staff), 409, 'INVALID_STATE_TRANSITION');
      await claim(t, vendor.token, slot(market, '2026-12-05'));
    });

    it("turns the vendor's future claims in the suspended period into cancelled_by_market, not those after until", async () => {
      const market = await createMarket(t, { stalls: 2 });
      const vendor = await approvedVendor(t);
      const inside1 = await claim(t, vendor.token, slot(market, '2026-12-01'));
      const inside2 = await claim(t, vendor.token, slot(market, '2026-12-03'));
      const after = await claim(t, vendor.token, slot(market, '2026-12-05'));
      const bystander = await approvedVendor(t);
      const untouched = await claim(t, bystander.token, slot(market, '2026-12-01', 1));

      const res = await t.http
        .post(`/api/vendors/${vendor.id}/suspend`)
        .set(staff)
        .send({ reason: '多次占道经营', until: '2026-12-04T00:00:00+08:00' });
      expect(res.status).toBe(200);

      for (const id of [inside1.id, inside2.id]) {
        expect((await t.http.get(`/api/claims/${id}`).set(staff).expect(200)).body.status).toBe('cancelled_by_market');
        expect((await claimRow(t, id)).status).toBe('cancelled_by_market');
      }
      expect((await t.http.get(`/api/claims/${after.id}`).set(staff).expect(200)).body.status).toBe('confirmed');
      expect((await claimRow(t, untouched.id)).status).toBe('confirmed');
      // The slot given back is free for someone else.
      await claim(t, bystander.token, slot(market, '2026-12-03'));
    });

    it('a suspension without until cancels every future claim of the vendor', async () => {
      const market = await createMarket(t, { stalls: 1 });
      const vendor = await approvedVendor(t);
      const near = await claim(t, vendor.token, slot(market, '2026-12-02'));
      const far = await claim(t, vendor.token, slot(market, '2026-12-14'));
      await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(staff).send({ reason: '无限期停业整顿' }).expect(200);
      expect((await claimRow(t, near.id)).status).toBe('cancelled_by_market');
      expect((await claimRow(t, far.id)).status).toBe('cancelled_by_market');
      t.clock.advance(30 * DAY);
      expect((await getVendor(vendor.id)).body.status).toBe('suspended');
    });
  });
});
