import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ADMIN, bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth', () => {
  const t = useTestApp();

  describe('POST /api/auth/login', () => {
    it('logs the bootstrap staff account in', async () => {
      const res = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(
        expect.objectContaining({
          accessToken: expect.any(String),
          role: 'staff',
          userId: expect.stringMatching(UUID),
          mustChangePassword: false,
        }),
      );
      const claims = t.app.get(JwtService).decode(res.body.accessToken);
      expect(claims).toEqual(expect.objectContaining({ sub: res.body.userId, role: 'staff' }));
    });

    it('gives a token that opens staff routes', async () => {
      const login = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
      await t.http.get('/api/zones').set(bearer(login.body.accessToken)).expect(200);
    });

    it('answers a wrong password and an unknown user identically', async () => {
      const wrongPassword = await t.http.post('/api/auth/login').send({ username: ADMIN.username, password: 'not-the-password' });
      const unknownUser = await t.http.post('/api/auth/login').send({ username: 'nobody-here', password: ADMIN.password });
      expectError(wrongPassword, 401, 'BAD_CREDENTIALS');
      expectError(unknownUser, 401, 'BAD_CREDENTIALS');
      expect(unknownUser.body).toEqual(wrongPassword.body);
    });

    it('is exact about the password: no trimming, case-sensitive', async () => {
      expectError(await t.http.post('/api/auth/login').send({ ...ADMIN, password: ` ${ADMIN.password}` }), 401, 'BAD_CREDENTIALS');
      expectError(await t.http.post('/api/auth/login').send({ ...ADMIN, password: ADMIN.password.toUpperCase() }), 401, 'BAD_CREDENTIALS');
    });

    it('ignores a stale Authorization header: login is public', async () => {
      const res = await t.http.post('/api/auth/login').set('Authorization', 'Bearer garbage').send(ADMIN).expect(200);
      expect(res.body.role).toBe('staff');
    });

    it('refuses a missing body, naming both fields', async () => {
      expectError(await t.http.post('/api/auth/login'), 400, 'VALIDATION_FAILED', 'username', 'password');
      expectError(await t.http.post('/api/auth/login').send({}), 400, 'VALIDATION_FAILED', 'username', 'password');
    });

    it('refuses wrong types, naming every bad field', async () => {
      const res = await t.http.post('/api/auth/login').send({ username: 12345, password: ['x'] });
      expectError(res, 400, 'VALIDATION_FAILED', 'username', 'password');
    });

    it('refuses a missing password', async () => {
      expectError(await t.http.post('/api/auth/login').send({ username: ADMIN.username }), 400, 'VALIDATION_FAILED', 'password');
    });

    it('refuses empty strings', async () => {
      expectError(
        await t.http.post('/api/auth/login').send({ username: '', password: '' }),
        400,
        'VALIDATION_FAILED',
        'username',
        'password',
      );
    });

    it('refuses unknown fields, e.g. an attempt to pick a role', async () => {
      const res = await t.http.post('/api/auth/login').send({ ...ADMIN, role: 'staff' });
      expectError(res, 400, 'VALIDATION_FAILED', 'role');
    });

    it('refuses a malformed JSON body with 400, not 500', async () => {
      const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": "admin", ');
      expectError(res, 400, 'VALIDATION_FAILED');
    });

    it('refuses a JSON array body', async () => {
      const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('[]');
      expectError(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('bearer tokens on protected routes', () => {
    it('no token → 401 UNAUTHORIZED', async () => {
      expectError(await t.http.get('/api/zones'), 401, 'UNAUTHORIZED');
      expectError(await t.http.post('/api/zones').send({}), 401, 'UNAUTHORIZED');
    });

    it('no token is checked before the id: a malformed id still answers 401', async () => {
      expectError(await t.http.get('/api/zones/abc'), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['a garbage token', 'Bearer garbage'],
      ['three garbage segments', 'Bearer aaa.bbb.ccc'],
      ['an empty bearer', 'Bearer '],
      ['another scheme', `Basic ${Buffer.from('admin:admin-password-for-tests').toString('base64')}`],
    ])('%s → 401 UNAUTHORIZED', async (_name, header) => {
      expectError(await t.http.get('/api/zones').set('Authorization', header), 401, 'UNAUTHORIZED');
    });

    it('a token without the Bearer scheme → 401', async () => {
      expectError(await t.http.get('/api/zones').set('Authorization', t.staffToken), 401, 'UNAUTHORIZED');
    });

    it('an expired token → 401', async () => {
      // Fixed instants in 2001: expired whatever the wall clock says.
      const expired = t.app.get(JwtService).sign({ sub: randomUUID(), role: 'staff', iat: 1_000_000_000, exp: 1_000_003_600 });
      expectError(await t.http.get('/api/zones').set(bearer(expired)), 401, 'UNAUTHORIZED');
    });

    it('a token signed with another secret → 401', async () => {
      const forged = new JwtService({ secret: 'another-secret-another-secret-0123456789' }).sign({ sub: randomUUID(), role: 'staff' });
      expectError(await t.http.get('/api/zones').set(bearer(forged)), 401, 'UNAUTHORIZED');
    });

    it('a vendor token whose payload was edited to staff → 401', async () => {
      const [header, , signature] = t.tokenFor(randomUUID(), 'vendor').split('.');
      const tampered = `${header}.${base64url({ sub: randomUUID(), role: 'staff' })}.${signature}`;
      expectError(await t.http.post('/api/zones').set(bearer(tampered)).send({}), 401, 'UNAUTHORIZED');
    });

    it('an unsigned (alg none) token → 401', async () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: randomUUID(), role: 'staff' })}.x`;
      expectError(await t.http.get('/api/zones').set(bearer(unsigned)), 401, 'UNAUTHORIZED');
    });

    it('a validly signed token with an unknown role → 401', async () => {
      const admin = t.app.get(JwtService).sign({ sub: randomUUID(), role: 'admin' });
      expectError(await t.http.get('/api/zones').set(bearer(admin)), 401, 'UNAUTHORIZED');
    });

    it('a vendor token on a staff write → 403 FORBIDDEN', async () => {
      const vendor = t.tokenFor(randomUUID(), 'vendor');
      expectError(await t.http.post('/api/zones').set(bearer(vendor)).send({}), 403, 'FORBIDDEN');
    });
  });
});
