import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';

const WRONG_SECRET = 'not-the-secret-not-the-secret-not-the-secret-0123';

/**
 * The guard remembers verified tokens by their text until their `exp`. These
 * tests show the memory neither widens what is accepted (other signatures,
 * altered payloads, expiry) nor is bypassed.
 */
describe('bearer tokens remembered after verification', () => {
  const t = useTestApp();
  let jwtService: JwtService;
  /** GET /api/zones: open to staff and vendors, with no side effects. */
  const zones = (token: string) => t.http.get('/api/zones').set(bearer(token));
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  /** A token signed with the app's own secret, as the app would sign it (HS256). */
  const signed = (payload: object, secret = t.config.jwt.secret!) => jwt.sign(payload, secret, { algorithm: 'HS256', noTimestamp: true });

  beforeAll(() => {
    jwtService = t.app.get(JwtService);
  });
  afterEach(() => jest.restoreAllMocks());

  it('accepts a valid token on every request', async () => {
    const token = t.tokenFor(randomUUID(), 'vendor');
    expect((await zones(token)).status).toBe(200);
    expect((await zones(token)).status).toBe(200);
    expect((await zones(token)).status).toBe(200);
  });

  it('checks a token once, then answers it from memory', async () => {
    const token = t.tokenFor(randomUUID(), 'staff');
    const verify = jest.spyOn(jwtService, 'verify');
    expect((await zones(token)).status).toBe(200);
    expect(verify).toHaveBeenCalledTimes(1);
    expect((await zones(token)).status).toBe(200);
    expect((await zones(token)).status).toBe(200);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('keeps the role of a remembered token: a vendor token stays out of staff routes', async () => {
    const token = t.tokenFor(randomUUID(), 'vendor');
    expect((await zones(token)).status).toBe(200);
    expectError(await t.http.get('/api/audit').set(bearer(token)), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/audit').set(bearer(token)), 403, 'FORBIDDEN');
  });

  it('refuses a token signed with another secret, even when a good token with the same header and payload is remembered', async () => {
    const payload = { sub: randomUUID(), role: 'staff', exp: nowSeconds() + 3600 };
    const good = signed(payload);
    expect((await zones(good)).status).toBe(200);
    const forged = signed(payload, WRONG_SECRET);
    // Only the signature differs.
    expect(forged.split('.').slice(0, 2)).toEqual(good.split('.').slice(0, 2));
    expect(forged).not.toBe(good);
    expectError(await zones(forged), 401, 'UNAUTHORIZED');
    expectError(await zones(forged), 401, 'UNAUTHORIZED');
    // The good one is still accepted.
    expect((await zones(good)).status).toBe(200);
  });

  it("refuses a remembered token's signature on another payload", async () => {
    const good = t.tokenFor(randomUUID(), 'vendor');
    expect((await zones(good)).status).toBe(200);
    const [header, body, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify({ ...claims, role: 'staff' })).toString('base64url');
    expectError(await t.http.get('/api/audit').set(bearer(`${header}.${altered}.${signature}`)), 401, 'UNAUTHORIZED');
  });

  it('refuses a token that expired before it was ever used', async () => {
    const sub = randomUUID();
    // Control: the same token with exp ahead is accepted.
    expect((await zones(signed({ sub, role: 'staff', exp: nowSeconds() + 60 }))).status).toBe(200);
    expectError(await zones(signed({ sub, role: 'staff', exp: nowSeconds() - 10 })), 401, 'UNAUTHORIZED');
    // Signed by the app's JwtService, issued 11 s ago for 1 s.
    const expired = jwtService.sign({ sub, role: 'staff', iat: nowSeconds() - 11 }, { expiresIn: 1 });
    expect(jwtService.decode<{ exp: number }>(expired).exp).toBeLessThan(nowSeconds());
    expectError(await zones(expired), 401, 'UNAUTHORIZED');
  });

  it('refuses a token signed with another secret that was never remembered', async () => {
    expectError(await zones(signed({ sub: randomUUID(), role: 'staff', exp: nowSeconds() + 60 }, WRONG_SECRET)), 401, 'UNAUTHORIZED');
  });

  describe('once its exp has passed', () => {
    it('refuses a remembered token', async () => {
      const token = jwtService.sign({ sub: randomUUID(), role: 'vendor' }, { expiresIn: 60 });
      const { exp } = jwtService.decode<{ exp: number }>(token);
      expect(exp).toBeGreaterThan(nowSeconds());
      const verify = jest.spyOn(jwtService, 'verify');
      expect((await zones(token)).status).toBe(200);
      expect((await zones(token)).status).toBe(200);
      expect(verify).toHaveBeenCalledTimes(1);
      jest.spyOn(Date, 'now').mockReturnValue(exp * 1000 + 1000);
      expectError(await zones(token), 401, 'UNAUTHORIZED');
      expectError(await zones(token), 401, 'UNAUTHORIZED');
    });

    it('accepts it up to the last millisecond before exp and refuses it from exp on', async () => {
      const token = signed({ sub: randomUUID(), role: 'staff', exp: nowSeconds() + 120 });
      const { exp } = jwtService.decode<{ exp: number }>(token);
      expect((await zones(token)).status).toBe(200);
      const now = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000 - 1);
      expect((await zones(token)).status).toBe(200);
      now.mockReturnValue(exp * 1000);
      expectError(await zones(token), 401, 'UNAUTHORIZED');
    });

    it('stays refused after an expired remembered token was dropped', async () => {
      const exp = nowSeconds() + 60;
      const token = signed({ sub: randomUUID(), role: 'vendor', exp });
      expect((await zones(token)).status).toBe(200);
      const now = jest.spyOn(Date, 'now').mockReturnValue((exp + 1) * 1000);
      expectError(await zones(token), 401, 'UNAUTHORIZED');
      now.mockReturnValue((exp + 3600) * 1000);
      expectError(await zones(token), 401, 'UNAUTHORIZED');
    });
  });

  it('refuses a token that is not valid yet, and every time', async () => {
    const token = signed({ sub: randomUUID(), role: 'staff', nbf: nowSeconds() + 3600, exp: nowSeconds() + 7200 });
    expectError(await zones(token), 401, 'UNAUTHORIZED');
    expectError(await zones(token), 401, 'UNAUTHORIZED');
  });
});
