import { approvedVendor, nextPhone, registerVendor, vendorInput } from '../factories/vendor.factory.js';
import { expectError } from '../support/expect-error.js';
import { bearer, createTestApp, TestApp, useTestApp } from '../support/create-app.js';
import { countOf, rowOf } from '../support/rows.js';

const CSV = 'text/csv; charset=utf-8';

function importCsv(t: TestApp, csv: string | Buffer, contentType = CSV) {
  return t.http.post('/api/vendors/import').set(bearer(t.staffToken)).set('Content-Type', contentType).send(csv);
}

function deskCreate(t: TestApp, body: object) {
  return t.http.post('/api/vendors').set(bearer(t.staffToken)).send(body);
}

async function tables(t: TestApp) {
  return [await countOf(t, 'vendors'), await countOf(t, 'users'), await countOf(t, 'audit_entries'), await countOf(t, 'notifications')];
}

describe('the sign-up desk', () => {
  const t = useTestApp();

  describe('GET /api/vendors?q=', () => {
    it('finds vendors by a part of the name or the phone, paged, with % and _ taken literally', async () => {
      const wang = await registerVendor(t, { name: '王秀英' });
      const wang2 = await approvedVendor(t, { name: '老王' });
      await registerVendor(t, { name: '李德福' });
      const byName = await t.http.get('/api/vendors?q=王').set(bearer(t.staffToken)).expect(200);
      expect(byName.body.items.map((v: { id: string }) => v.id).sort()).toEqual([wang.id, wang2.id].sort());
      expect(byName.body.total).toBe(2);

      const byPhone = await t.http
        .get(`/api/vendors?q=${wang.phone.slice(5)}`)
        .set(bearer(t.staffToken))
        .expect(200);
      expect(byPhone.body.items.map((v: { id: string }) => v.id)).toEqual([wang.id]);

      const withStatus = await t.http.get('/api/vendors?q=王&status=approved').set(bearer(t.staffToken)).expect(200);
      expect(withStatus.body.items.map((v: { id: string }) => v.id)).toEqual([wang2.id]);

      const paged = await t.http.get('/api/vendors?q=王&limit=1&offset=1').set(bearer(t.staffToken)).expect(200);
      expect(paged.body).toMatchObject({ total: 2, items: [expect.objectContaining({ name: expect.stringContaining('王') })] });

      expect((await t.http.get('/api/vendors?q=%25').set(bearer(t.staffToken)).expect(200)).body.total).toBe(0);
      expectError(await t.http.get(`/api/vendors?q=${'x'.repeat(101)}`).set(bearer(t.staffToken)), 400, 'VALIDATION_FAILED', 'q');
      expectError(await t.http.get('/api/vendors?q=王').set(bearer(wang2.token)), 403, 'FORBIDDEN');
    });
  });

  describe('POST /api/vendors', () => {
    it('makes an approved vendor and answers its one-time password once; it logs in with it', async () => {
      const phone = nextPhone();
      const res = await deskCreate(t, { name: '李德福', phone, kind: 'fruit_farmer', categories: ['fruit'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: '李德福', phone, status: 'approved', kind: 'fruit_farmer', categories: ['fruit'] });
      expect(res.body.initialPassword).toMatch(/^[2-9a-hjkmnp-z]{10}$/);

      const user = await rowOf(t, 'users', { id: res.body.id });
      expect(user.passwordHash).not.toContain(res.body.initialPassword);
      const login = await t.http.post('/api/auth/login').send({ username: phone, password: res.body.initialPassword });
      expect(login.status).toBe(200);
      expect(login.body.role).toBe('vendor');
      // A password staff made is for the first sign-in: the app asks its owner to choose their own.
      expect(login.body.mustChangePassword).toBe(true);

      const read = await t.http.get(`/api/vendors/${res.body.id}`).set(bearer(t.staffToken)).expect(200);
      expect(read.body.initialPassword).toBeUndefined();
      expect(read.body.status).toBe('approved');

      // It can change the password as any vendor does.
      await t.http
        .post('/api/auth/password')
        .set(bearer(login.body.accessToken))
        .send({ currentPassword: res.body.initialPassword, newPassword: '246810' })
        .expect(204);
      const again = await t.http.post('/api/auth/login').send({ username: phone, password: '246810' });
      expect({ status: again.status, mustChangePassword: again.body.mustChangePassword }).toEqual({
        status: 200,
        mustChangePassword: false,
      });
    });

    it('refuses a phone already registered, bad fields and vendors, changing nothing', async () => {
      const taken = await registerVendor(t);
      const before = await tables(t);
      expectError(await deskCreate(t, { name: '张三', phone: taken.phone, kind: 'vendor', categories: ['food'] }), 409, 'DUPLICATE_PHONE');
      expectError(
        await deskCreate(t, { name: '张三', phone: '2381234567', kind: 'vendor', categories: ['food'] }),
        400,
        'VALIDATION_FAILED',
        'phone',
      );
      expectError(await deskCreate(t, { ...vendorInput(), status: 'approved' }), 400, 'VALIDATION_FAILED', 'password');
      expectError(
        await t.http
          .post('/api/vendors')
          .set(bearer(taken.token))
          .send({ name: '张三', phone: nextPhone(), kind: 'vendor', categories: ['food'] }),
        403,
        'FORBIDDEN',
      );
      expect(await tables(t)).toEqual(before);
    });
  });

  describe('POST /api/vendors/import', () => {
    it('imports ten rows with two bad ones: the eight good ones are made, each refusal names its line and column', async () => {
      const phones = Array.from({ length: 10 }, () => nextPhone());
      const lines = [
        'name,phone,kind,categories',
        `王秀英,${phones[0]},vegetable_farmer,vegetables`,
        `"刘, 大姐",${phones[1]},fruit_farmer,fruit|vegetables`,
        `陈建国,${phones[2]},vendor,food`,
        `赵四,12345,vendor,food`, // line 5: a bad phone
        `孙梅,${phones[4]},vegetable_farmer,vegetables`,
        `周五,${phones[5]},fruit_farmer,fruit`,
        `吴六,${phones[6]},farmer,fruit`, // line 8: a bad kind
        `郑七,${phones[7]},vendor,general`,
        `冯八,${phones[8]},vendor, food | fruit `,
        `陈九,${phones[9]},vegetable_farmer,vegetables`,
      ];
      const vendorsBefore = await countOf(t, 'vendors');
      const res = await importCsv(t, `\uFEFF${lines.join('\r\n')}\r\n`);
      expect(res.status).toBe(200);
      expect(res.body.refused).toEqual([
        { line: 5, code: 'VALIDATION_FAILED', field: 'phone', message: expect.stringContaining('11 digits') },
        { line: 8, code: 'VALIDATION_FAILED', field: 'kind', message: expect.stringContaining('fruit_farmer') },
      ]);
      expect(res.body.created.map((c: { line: number }) => c.line)).toEqual([2, 3, 4, 6, 7, 9, 10, 11]);
      for (const created of res.body.created) expect(created.initialPassword).toMatch(/^[2-9a-hjkmnp-z]{10}$/);
      expect(await countOf(t, 'vendors')).toBe(vendorsBefore + 8);
      expect(await countOf(t, 'vendors', { phone: '12345' })).toBe(0);
      expect(await countOf(t, 'vendors', { phone: phones[6] })).toBe(0);

      const liu = await rowOf(t, 'vendors', { phone: phones[1] });
      expect(liu).toMatchObject({ name: '刘, 大姐', status: 'approved', categories: '["fruit","vegetables"]' });
      const feng = await rowOf(t, 'vendors', { phone: phones[8] });
      expect(feng.categories).toBe('["food","fruit"]');

      const first = res.body.created[0];
      const login = await t.http.post('/api/auth/login').send({ username: phones[0], password: first.initialPassword });
      expect(login.status).toBe(200);
      expect(login.body.userId).toBe(first.id);
      expect(login.body.mustChangePassword).toBe(true);
    });

    it('refuses a phone already registered or repeated in the file, and a row it cannot read, row by row', async () => {
      const taken = await registerVendor(t);
      const again = nextPhone();
      const csv = [
        'name,phone,kind,categories',
        `甲,${taken.phone},vendor,food`,
        `乙,${again},vendor,food`,
        `丙,${again},vendor,food`,
        `丁,${nextPhone()},vendor`,
        `戊,${nextPhone()},vendor,food|food`,
        `"己,${nextPhone()},vendor,food`,
      ].join('\n');
      const res = await importCsv(t, Buffer.from(csv, 'utf8'));
      expect(res.status).toBe(200);
      expect(res.body.created.map((c: { line: number }) => c.line)).toEqual([3]);
      expect(res.body.refused.map((r: { line: number; code: string; field?: string }) => [r.line, r.code, r.field])).toEqual([
        [2, 'DUPLICATE_PHONE', 'phone'],
        [4, 'DUPLICATE_PHONE', 'phone'],
        [5, 'VALIDATION_FAILED', undefined],
        [6, 'VALIDATION_FAILED', 'categories'],
        [7, 'VALIDATION_FAILED', undefined],
      ]);
    });

    it('refuses the whole file for a wrong header, a JSON body or a non-UTF-8 body, changing nothing; text/csv elsewhere is 415', async () => {
      const before = await tables(t);
      expectError(await importCsv(t, `phone,name,kind,categories\n${nextPhone()},甲,vendor,food\n`), 400, 'VALIDATION_FAILED', 'header');
      expectError(await importCsv(t, ''), 400, 'VALIDATION_FAILED');
      expectError(
        await t.http.post('/api/vendors/import').set(bearer(t.staffToken)).send({ csv: 'name,phone,kind,categories' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(await importCsv(t, Buffer.from([0x6e, 0x61, 0xff, 0xfe, 0x0a])), 400, 'VALIDATION_FAILED');
      expectError(
        await t.http.post('/api/zones').set(bearer(t.staffToken)).set('Content-Type', CSV).send('name\n甲\n'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const vendor = await approvedVendor(t);
      const beforeVendor = await tables(t);
      expectError(
        await t.http.post('/api/vendors/import').set(bearer(vendor.token)).set('Content-Type', CSV).send('name,phone,kind,categories\n'),
        403,
        'FORBIDDEN',
      );
      expect(before.length).toBe(4);
      expect(await tables(t)).toEqual(beforeVendor);
    });
  });

  describe('POST /api/vendors/approve', () => {
    it('approves the pending ones and skips the rest with the reason', async () => {
      const pending = [await registerVendor(t), await registerVendor(t), await registerVendor(t)];
      const approved = await approvedVendor(t);
      const unknown = '0193a4b2-7c1e-7d2a-9f00-1234567890ab';
      const res = await t.http
        .post('/api/vendors/approve')
        .set(bearer(t.staffToken))
        .send({ ids: [...pending.map((v) => v.id), approved.id, unknown, pending[0].id.toUpperCase()] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        approved: pending.map((v) => v.id),
        skipped: [
          { id: approved.id, code: 'INVALID_STATE_TRANSITION' },
          { id: unknown, code: 'NOT_FOUND' },
        ],
      });
      for (const v of pending) {
        expect((await rowOf(t, 'vendors', { id: v.id })).status).toBe('approved');
        expect(await countOf(t, 'notifications', { vendorId: v.id, event: 'vendor.approved' })).toBe(1);
      }
      expectError(await t.http.post('/api/vendors/approve').set(bearer(t.staffToken)).send({ ids: [] }), 400, 'VALIDATION_FAILED', 'ids');
      const tooMany = Array.from({ length: 501 }, () => unknown);
      expectError(
        await t.http.post('/api/vendors/approve').set(bearer(t.staffToken)).send({ ids: tooMany }),
        400,
        'VALIDATION_FAILED',
        'ids',
      );
    });
  });
});

describe('the desk under a registration limit of 2 a minute', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('creates, imports and approves past the limit that stops self-registration', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await deskCreate(t, { name: `桌${i}`, phone: nextPhone(), kind: 'vendor', categories: ['food'] })).status).toBe(201);
    }
    for (let i = 0; i < 3; i++) {
      const res = await importCsv(t, `name,phone,kind,categories\n导${i},${nextPhone()},vendor,food\n`);
      expect(res.status).toBe(200);
      expect(res.body.created).toHaveLength(1);
    }
    // Registration has its own bucket of two.
    const first = await t.http.post('/api/vendors/register').send(vendorInput());
    expect(first.status).toBe(201);
    expect((await t.http.post('/api/vendors/register').send(vendorInput())).status).toBe(201);
    expectError(await t.http.post('/api/vendors/register').send(vendorInput()), 429, 'RATE_LIMITED');
    for (let i = 0; i < 3; i++) {
      const res = await t.http
        .post('/api/vendors/approve')
        .set(bearer(t.staffToken))
        .send({ ids: [first.body.id] });
      expect(res.status).toBe(200);
    }
    expect((await deskCreate(t, { name: '桌后', phone: nextPhone(), kind: 'vendor', categories: ['food'] })).status).toBe(201);
  });
});
