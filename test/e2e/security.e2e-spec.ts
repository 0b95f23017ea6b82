import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { rowsOf } from '../support/rows.js';
import { approvedVendor, vendorInput } from '../factories/vendor.factory.js';
import { zoneInput } from '../factories/zone.factory.js';
import { ADMIN, bearer, createTestApp, TestApp, useTestApp } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';
import { expectError } from '../support/expect-error.js';

const SECOND_MS = 1000;

/** A Retry-After header in delta-seconds, at least 1 and at most `max`. */
function expectRetryAfter(res: Response, max: number): number {
  const value = res.headers['retry-after'];
  expect(value).toMatch(/^\d+$/);
  const seconds = Number(value);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(max);
  return seconds;
}

describe('security', () => {
  describe('per-account login lockout', () => {
    const t = useTestApp();

    const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });

    it('locks a vendor account after 5 wrong passwords in a row (429 RATE_LIMITED, Retry-After), even for the right password, until 15 minutes have passed', async () => {
      const vendor = await approvedVendor(t);
      for (let i = 1; i <= 5; i += 1) {
        expectError(await login(vendor.phone, `wrong-password-${i}`), 401, 'BAD_CREDENTIALS');
      }
      // 6th attempt, with the right password: locked.
      const locked = await login(vendor.phone, 'secret-123');
      expectError(locked, 429, 'RATE_LIMITED');
      const retryAfter = expectRetryAfter(locked, 15 * 60);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(locked.body.accessToken).toBeUndefined();
      // A wrong password during the lock is refused the same way (no oracle for the password).
      const lockedWrong = await login(vendor.phone, 'wrong-again');
      expectError(lockedWrong, 429, 'RATE_LIMITED');
      expectRetryAfter(lockedWrong, 15 * 60);

      // The lock is per account: another account logs in meanwhile.
      expect((await login(ADMIN.username, ADMIN.password)).status).toBe(200);

      // Just before the 15 minutes are over: still locked, with a shorter Retry-After.
      t.clock.advance(14 * MINUTE);
      const stillLocked = await login(vendor.phone, 'secret-123');
      expectError(stillLocked, 429, 'RATE_LIMITED');
      expectRetryAfter(stillLocked, 60);

      // Past 15 minutes: the right password works again.
      t.clock.advance(MINUTE + SECOND_MS);
      const res = await login(vendor.phone, 'secret-123');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ accessToken: expect.any(String), role: 'vendor', userId: vendor.id }));
    });

    it('counts failures in a row only: a successful login resets the counter', async () => {
      const vendor = await approvedVendor(t);
      for (let round = 0; round < 3; round += 1) {
        for (let i = 1; i <= 4; i += 1) {
          expectError(await login(vendor.phone, `wrong-${round}-${i}`), 401, 'BAD_CREDENTIALS');
        }
        const ok = await login(vendor.phone, 'secret-123');
        expect(ok.status).toBe(200);
        expect(ok.body.role).toBe('vendor');
      }
      // The counters (this address, and the username's over all addresses) are back at zero.
      const rows = await rowsOf(t, 'login_throttles', { username: vendor.phone });
      expect(rows.map((row) => ({ failures: row.failures, lockedUntil: row.lockedUntil }))).toEqual([
        { failures: 0, lockedUntil: null },
        { failures: 0, lockedUntil: null },
      ]);
      // Still counting from zero: the 5th failure in a row after the last success locks.
      for (let i = 1; i <= 5; i += 1) expectError(await login(vendor.phone, `wrong-final-${i}`), 401, 'BAD_CREDENTIALS');
      expectError(await login(vendor.phone, 'secret-123'), 429, 'RATE_LIMITED');
    });

    it('lets no more than 5 wrong passwords be tried, even when 20 arrive at once', async () => {
      const vendor = await approvedVendor(t);
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login(vendor.phone, `guess-${i}`)));
      for (const res of burst) {
        if (res.status === 401) expectError(res, 401, 'BAD_CREDENTIALS');
        else expectError(res, 429, 'RATE_LIMITED');
      }
      // "5 failed logins in a row lock the account": a 401 means the password was checked.
      const checked = burst.filter((res) => res.status === 401).length;
      expect({ passwordsChecked: checked, refusedAsLocked: burst.length - checked }).toEqual({ passwordsChecked: 5, refusedAsLocked: 15 });
      expectError(await login(vendor.phone, 'secret-123'), 429, 'RATE_LIMITED');
    });
  });

  describe('per-address rate limit on login (AUTH_RATE_LIMIT_PER_MINUTE=3)', () => {
    it('answers the 4th login from one address within a minute with 429 RATE_LIMITED and Retry-After; a forged X-Forwarded-For does not get around it', async () => {
      const t = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
      try {
        // createTestApp's own staff login was the 1st from this address; these are the 2nd and 3rd.
        const second = await t.http.post('/api/auth/login').send(ADMIN);
        expect(second.status).toBe(200);
        expect(second.headers['x-ratelimit-limit']).toBe('3');
        expect(second.headers['x-ratelimit-remaining']).toBe('1');
        const third = await t.http.post('/api/auth/login').send(ADMIN);
        expect(third.status).toBe(200);
        expect(third.headers['x-ratelimit-remaining']).toBe('0');
        const fourth = await t.http.post('/api/auth/login').send(ADMIN);
        expectError(fourth, 429, 'RATE_LIMITED');
        expectRetryAfter(fourth, 60);
        expect(fourth.body.accessToken).toBeUndefined();
        // Refused early, but still with the security headers and a request id.
        expect(fourth.headers['x-content-type-options']).toBe('nosniff');
        expect(fourth.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
        // TRUSTED_PROXIES unset: X-Forwarded-For is the client's word, not believed.
        for (const forged of ['203.0.113.7', '198.51.100.9, 203.0.113.8', '10.0.0.1']) {
          const res = await t.http.post('/api/auth/login').set('X-Forwarded-For', forged).send(ADMIN);
          expectError(res, 429, 'RATE_LIMITED');
          expectRetryAfter(res, 60);
        }
        // Other routes are not limited.
        expect((await t.http.get('/api/health')).status).toBe(200);
      } finally {
        await t.close();
      }
    });

    it('limits registration per address too', async () => {
      const t = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
      try {
        for (let i = 1; i <= 3; i += 1) expect((await t.http.post('/api/vendors/register').send(vendorInput())).status).toBe(201);
        const res = await t.http.post('/api/vendors/register').send(vendorInput());
        expectError(res, 429, 'RATE_LIMITED');
        expectRetryAfter(res, 60);
      } finally {
        await t.close();
      }
    });

    it('with TRUSTED_PROXIES=127.0.0.1, counts each X-Forwarded-For client separately', async () => {
      const t = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUSTED_PROXIES: '127.0.0.1' } });
      try {
        const from = (ip: string) => t.http.post('/api/auth/login').set('X-Forwarded-For', ip).send(ADMIN);
        for (let i = 1; i <= 3; i += 1) expect((await from('203.0.113.10')).status).toBe(200);
        const limited = await from('203.0.113.10');
        expectError(limited, 429, 'RATE_LIMITED');
        expectRetryAfter(limited, 60);
        // Another client behind the same proxy has its own budget.
        for (let i = 1; i <= 3; i += 1) expect((await from('203.0.113.20')).status).toBe(200);
        expectError(await from('203.0.113.20'), 429, 'RATE_LIMITED');
        expect((await from('198.51.100.30')).status).toBe(200);
        // A client behind the proxy cannot pick its own address: the proxy appends the real one,
        // and only the rightmost address not in TRUSTED_PROXIES counts.
        expectError(await from('192.0.2.1, 203.0.113.10'), 429, 'RATE_LIMITED');
        expectError(await from('192.0.2.2, 203.0.113.20'), 429, 'RATE_LIMITED');
      } finally {
        await t.close();
      }
    });
  });

  describe('with the default settings', () => {
    const t = useTestApp();

    it('sends helmet security headers on API responses, errors included', async () => {
      for (const res of [await t.http.get('/api/health'), await t.http.get('/api/zones')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('keeps CORS closed by default: a preflight from https://evil.example gets no Access-Control-Allow-Origin', async () => {
      const preflight = await t.http
        .options('/api/zones')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const simple = await t.http.get('/api/health').set('Origin', 'https://evil.example');
      expect(simple.status).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a 300 KB JSON body with 413 PAYLOAD_TOO_LARGE in the contract shape, and creates nothing', async () => {
      const before = (await t.http.get('/api/zones').set(bearer(t.staffToken)).expect(200)).body.total;
      const huge = JSON.stringify(zoneInput({ description: 'x'.repeat(300 * 1024) }));
      expect(Buffer.byteLength(huge)).toBeGreaterThan(300 * 1024);
      const res = await t.http.post('/api/zones').set(bearer(t.staffToken)).set('Content-Type', 'application/json').send(huge);
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect((await t.http.get('/api/zones').set(bearer(t.staffToken)).expect(200)).body.total).toBe(before);
      // Also before any authentication, on a public route.
      const login = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'admin', password: 'p'.repeat(300 * 1024) }));
      expectError(login, 413, 'PAYLOAD_TOO_LARGE');
      // Other content types, and a chunked body without Content-Length, are cut off the same way.
      const text = await t.http
        .post('/api/zones')
        .set(bearer(t.staffToken))
        .set('Content-Type', 'text/plain')
        .send('x'.repeat(300 * 1024));
      expectError(text, 413, 'PAYLOAD_TOO_LARGE');
      const url = await t.listen();
      const encoder = new TextEncoder();
      const chunked = await fetch(`${url}/api/zones`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.staffToken}` },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 30; i += 1)
              controller.enqueue(encoder.encode(i === 0 ? `{"name":"${'x'.repeat(10 * 1024)}` : 'x'.repeat(10 * 1024)));
            controller.enqueue(encoder.encode('"}'));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.headers.get('content-length')).not.toBeNull();
      expect({ status: chunked.status, body: await chunked.json() }).toEqual({
        status: 413,
        body: { statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/\S/) },
      });
      expect((await t.http.get('/api/zones').set(bearer(t.staffToken)).expect(200)).body.total).toBe(before);
      // Below the limit (256 KB) the body is read and validated as usual.
      const below = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'admin', password: 'p'.repeat(200 * 1024) }));
      expectError(below, 400, 'VALIDATION_FAILED');
    });

    it('echoes a well-formed X-Request-Id and replaces anything else with its own', async () => {
      const given = await t.http.get('/api/health').set('X-Request-Id', 'client-req.42');
      expect(given.headers['x-request-id']).toBe('client-req.42');
      for (const bad of ['a'.repeat(65), 'has space', '<script>', 'x"y']) {
        const res = await t.http.get('/api/health').set('X-Request-Id', bad);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
      const none = await t.http.get('/api/zones');
      expectError(none, 401, 'UNAUTHORIZED');
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses an expired token with 401 UNAUTHORIZED', async () => {
      const jwtService = t.app.get(JwtService);
      const staff = jwtService.decode<{ sub: string; role: string }>(t.staffToken);
      // Control: the same kind of token, not yet expired, opens the route.
      const fresh = jwtService.sign({ sub: staff.sub, role: 'staff' }, { expiresIn: 60 });
      expect((await t.http.get('/api/zones').set(bearer(fresh))).status).toBe(200);
      // Signed with expiresIn 1 second, issued 11 s ago: it expired 10 s ago (no sleeping).
      const nowSeconds = Math.floor(Date.now() / 1000);
      const expiredOneSecondToken = jwtService.sign({ sub: staff.sub, role: 'staff', iat: nowSeconds - 11 }, { expiresIn: 1 });
      expect(jwtService.decode<{ exp: number }>(expiredOneSecondToken).exp).toBe(nowSeconds - 10);
      expectError(await t.http.get('/api/zones').set(bearer(expiredOneSecondToken)), 401, 'UNAUTHORIZED');
      // The same with jsonwebtoken directly and the configured secret: exp in the past.
      const expired = jwt.sign({ sub: staff.sub, role: 'staff', exp: nowSeconds - 10 }, t.config.jwt.secret!, { algorithm: 'HS256' });
      expectError(await t.http.get('/api/zones').set(bearer(expired)), 401, 'UNAUTHORIZED');
      expectError(await t.http.post('/api/zones').set(bearer(expired)).send(zoneInput()), 401, 'UNAUTHORIZED');
      // A token that is not valid yet is refused as well.
      const notYet = jwt.sign({ sub: staff.sub, role: 'staff', nbf: nowSeconds + 3600 }, t.config.jwt.secret!, { algorithm: 'HS256' });
      expectError(await t.http.get('/api/zones').set(bearer(notYet)), 401, 'UNAUTHORIZED');
    });
  });

  describe('CORS_ORIGINS=https://city.example', () => {
    const t = useTestApp({ env: { CORS_ORIGINS: 'https://city.example' } });

    const preflight = (origin: string) =>
      t.http
        .options('/api/zones')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');

    it('allows that origin', async () => {
      const res = await preflight('https://city.example');
      expect(res.status).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe('https://city.example');
      const simple = await t.http.get('/api/health').set('Origin', 'https://city.example');
      expect(simple.headers['access-control-allow-origin']).toBe('https://city.example');
    });

    it('lets that origin use every method the API has (PATCH, DELETE) with the Authorization header', async () => {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
        const res = await t.http
          .options('/api/zones/0b6f3c1e-8a4d-4c1b-9f57-3a1f2d9e7c10')
          .set('Origin', 'https://city.example')
          .set('Access-Control-Request-Method', method)
          .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
        expect(res.headers['access-control-allow-origin']).toBe('https://city.example');
        const methods = String(res.headers['access-control-allow-methods'] ?? '').split(/\s*,\s*/);
        expect({ method, allowed: methods.includes(method) }).toEqual({ method, allowed: true });
        expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toMatch(/authorization/);
      }
    });

    it('still refuses https://evil.example (and look-alikes)', async () => {
      for (const origin of ['https://evil.example', 'https://city.example.evil.example', 'http://city.example', 'null']) {
        const res = await preflight(origin);
        expect({ origin, allow: res.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
        const simple = await t.http.get('/api/health').set('Origin', origin);
        expect({ origin, allow: simple.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
      }
    });
  });

  describe('logs (LOG_LEVEL=info)', () => {
    it('never contain passwords or tokens; request lines are JSON with a reqId; responses carry x-request-id', async () => {
      // pino writes to process.stdout itself when process.stdout.write has been replaced (else to fd 1
      // directly): install the capture before the app (and its logger) is created.
      const chunks: string[] = [];
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
        chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      }) as typeof process.stdout.write);
      let t: TestApp | undefined;
      const secrets: string[] = [ADMIN.password];
      try {
        t = await createTestApp({ env: { LOG_LEVEL: 'info' } });
        secrets.push(t.staffToken);
        const password = `Pw-${randomUUID()}`;
        const input = vendorInput({ password });
        secrets.push(password);
        const registered = await t.http.post('/api/vendors/register').send(input);
        expect(registered.status).toBe(201);
        await t.http.post(`/api/vendors/${registered.body.id}/approve`).set(bearer(t.staffToken)).expect(200);
        // A failed login (the wrong password must not be logged either) and a good one.
        const wrong = `Wrong-${randomUUID()}`;
        secrets.push(wrong);
        expectError(await t.http.post('/api/auth/login').send({ username: input.phone, password: wrong }), 401, 'BAD_CREDENTIALS');
        const login = await t.http
          .post('/api/auth/login')
          .set('x-request-id', 'sec-test-login-1')
          .send({ username: input.phone, password });
        expect(login.status).toBe(200);
        const token = login.body.accessToken as string;
        secrets.push(token);
        expect(login.headers['x-request-id']).toBe('sec-test-login-1');
        // An authenticated request, and a refused one with the token.
        const me = await t.http.get('/api/vendors/me').set(bearer(token));
        expect(me.status).toBe(200);
        expect(me.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
        expectError(await t.http.get('/api/vendors').set(bearer(token)), 403, 'FORBIDDEN');
        // A validation failure that echoes the body's fields.
        expectError(
          await t.http.post('/api/auth/login').send({ username: input.phone, password, role: 'staff' }),
          400,
          'VALIDATION_FAILED',
        );
      } finally {
        await t?.close();
        spy.mockRestore();
      }

      const output = chunks.join('');
      const lines = output.split('\n').filter((line) => line.trim().length > 0);
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(output.includes(secret)).toBe(false);
        // Not even the signature of a token.
        if (secret.split('.').length === 3) expect(output.includes(secret.split('.')[2])).toBe(false);
      }
      const records = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`a log line is not JSON: ${line}`);
        }
      });
      const requestLines = records.filter((r) => r.req !== undefined || r.res !== undefined);
      expect(requestLines.length).toBeGreaterThanOrEqual(2);
      for (const record of requestLines) expect(record.reqId).toEqual(expect.stringMatching(/^[\w.-]{1,64}$/));
      // The id a client sent is the one logged.
      expect(requestLines.some((r) => r.reqId === 'sec-test-login-1')).toBe(true);
    });
  });
});

describe('hostile requests before any handler runs', () => {
  const t = useTestApp();
  let base: string;
  beforeAll(async () => {
    base = await t.listen();
  });

  it('refuses a body nested deeper than 32 levels with 400, before validation recurses into it', async () => {
    const body = `{"username":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`;
    const res = await t.http.post('/api/auth/login').set('content-type', 'application/json').send(body);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'the request body nests deeper than 32 levels' },
    });
  });

  it('answers a request head over 16 KB with 431 in the contract shape', async () => {
    const res = await fetch(`${base}/api/zones/${'y'.repeat(20_000)}`);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 431,
      body: { statusCode: 431, error: 'Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: expect.any(String) },
    });
  });
});
