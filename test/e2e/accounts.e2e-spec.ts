import { createMarket, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor, nextPhone } from '../factories/vendor.factory.js';
import { ADMIN, bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { MINUTE } from '../support/fake-clock.js';

// Client addresses come from X-Forwarded-For here: the test client is the trusted proxy.
describe('accounts', () => {
  const t = useTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' } });

  const login = (username: string, password: string, from = '198.51.100.1') =>
    t.http.post('/api/auth/login').set('x-forwarded-for', from).send({ username, password });

  /** The status and, for a refusal, the code and whether Retry-After came with it. */
  const shape = async (res: ReturnType<typeof login>) => {
    const answer = await res;
    return { status: answer.status, code: answer.body.code, retryAfter: answer.headers['retry-after'] !== undefined };
  };

  describe('login throttling', () => {
    it('answers a username no account has exactly as one that exists: the same statuses, codes and Retry-After, attempt by attempt', async () => {
      const vendor = await approvedVendor(t);
      const unknown = nextPhone();
      const known: object[] = [];
      const missing: object[] = [];
      for (let i = 1; i <= 8; i += 1) {
        known.push(await shape(login(vendor.phone, `wrong-${i}`, '198.51.100.7')));
        missing.push(await shape(login(unknown, `wrong-${i}`, '198.51.100.7')));
      }
      expect(missing).toEqual(known);
      expect(known.map((answer) => (answer as { status: number }).status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('locks out the guessing address only: the owner logs in from elsewhere, with the right password', async () => {
      for (let i = 1; i <= 5; i += 1) expectError(await login(ADMIN.username, `guess-${i}`, '203.0.113.66'), 401, 'BAD_CREDENTIALS');
      expectError(await login(ADMIN.username, ADMIN.password, '203.0.113.66'), 429, 'RATE_LIMITED');
      expect((await login(ADMIN.username, ADMIN.password, '198.51.100.20')).status).toBe(200);
      // The lock of the guessing address lasts its 15 minutes.
      t.clock.advance(15 * MINUTE + 1000);
      expect((await login(ADMIN.username, ADMIN.password, '203.0.113.66')).status).toBe(200);
    });

    it('slows unfamiliar addresses after 10 failures over all addresses, while a familiar address still gets in', async () => {
      const vendor = await approvedVendor(t);
      // The owner's phone has logged in before: a familiar address.
      expect((await login(vendor.phone, 'secret-123', '198.51.100.99')).status).toBe(200);
      // Ten addresses, one guess each: each is checked.
      for (let i = 1; i <= 10; i += 1) expectError(await login(vendor.phone, `guess-${i}`, `203.0.113.${i}`), 401, 'BAD_CREDENTIALS');
      // Back-off: one more checked guess, then the others wait, from whichever new address they come.
      expectError(await login(vendor.phone, 'guess-11', '203.0.113.11'), 401, 'BAD_CREDENTIALS');
      const waiting = await login(vendor.phone, 'secret-123', '203.0.113.12');
      expectError(waiting, 429, 'RATE_LIMITED');
      expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The owner's familiar address passes the back-off, right password first time.
      expect((await login(vendor.phone, 'secret-123', '198.51.100.99')).status).toBe(200);
      // …and that success ends the back-off for everyone.
      expect((await login(vendor.phone, 'secret-123', '203.0.113.12')).status).toBe(200);
    });

    it('doubles the back-off with each further failure', async () => {
      const vendor = await approvedVendor(t);
      for (let i = 1; i <= 10; i += 1) expectError(await login(vendor.phone, `guess-${i}`, `192.0.2.${i}`), 401, 'BAD_CREDENTIALS');
      const waits: number[] = [];
      for (let i = 11; i <= 14; i += 1) {
        expectError(await login(vendor.phone, `guess-${i}`, `192.0.2.${i}`), 401, 'BAD_CREDENTIALS');
        const refused = await login(vendor.phone, 'guess', '192.0.2.200');
        expectError(refused, 429, 'RATE_LIMITED');
        waits.push(Number(refused.headers['retry-after']));
        t.clock.advance(Number(refused.headers['retry-after']) * 1000);
      }
      expect(waits).toEqual([1, 2, 4, 8]);
    });
  });

  describe('POST /api/auth/password', () => {
    const change = (token: string, body: object) => t.http.post('/api/auth/password').set(bearer(token)).send(body);

    it('changes the password and ends every older token', async () => {
      const vendor = await approvedVendor(t);
      const first = (await login(vendor.phone, 'secret-123')).body.accessToken as string;
      const second = (await login(vendor.phone, 'secret-123')).body.accessToken as string;
      await t.http.get('/api/vendors/me').set(bearer(first)).expect(200);
      await change(first, { currentPassword: 'secret-123', newPassword: 'new-secret-456' }).expect(204);
      for (const old of [first, second]) expectError(await t.http.get('/api/vendors/me').set(bearer(old)), 401, 'UNAUTHORIZED');
      expectError(await login(vendor.phone, 'secret-123'), 401, 'BAD_CREDENTIALS');
      const fresh = await login(vendor.phone, 'new-secret-456');
      expect(fresh.status).toBe(200);
      await t.http.get('/api/vendors/me').set(bearer(fresh.body.accessToken)).expect(200);
    });

    it('refuses a wrong current password (401 BAD_CREDENTIALS) and changes nothing', async () => {
      const vendor = await approvedVendor(t);
      const token = (await login(vendor.phone, 'secret-123')).body.accessToken as string;
      expectError(await change(token, { currentPassword: 'not-it', newPassword: 'new-secret-456' }), 401, 'BAD_CREDENTIALS');
      await t.http.get('/api/vendors/me').set(bearer(token)).expect(200);
      expect((await login(vendor.phone, 'secret-123')).status).toBe(200);
    });

    it('refuses a short new password (6 characters at least; 8 for staff) and no token at all', async () => {
      const vendor = await approvedVendor(t);
      const token = (await login(vendor.phone, 'secret-123')).body.accessToken as string;
      expectError(await change(token, { currentPassword: 'secret-123', newPassword: '12345' }), 400, 'VALIDATION_FAILED', 'newPassword');
      expectError(
        await change(t.staffToken, { currentPassword: ADMIN.password, newPassword: '1234567' }),
        400,
        'VALIDATION_FAILED',
        'newPassword',
      );
      expectError(await t.http.post('/api/auth/password').send({ currentPassword: 'a', newPassword: 'b12345' }), 401, 'UNAUTHORIZED');
    });
  });

  describe('a suspended vendor', () => {
    // Decided: a suspended (or rejected) vendor keeps reading their own record and claims —
    // to see why, and to appeal — while every change is refused by the claim rules.
    it('still reads its own record and claims with its token, and cannot claim', async () => {
      const market = await createMarket(t, { stalls: 2, category: 'general' });
      const vendor = await approvedVendor(t);
      expect((await postClaim(t, vendor.token, slot(market, '2026-12-05', 0))).status).toBe(201);
      await t.http.post(`/api/vendors/${vendor.id}/suspend`).set(bearer(t.staffToken)).send({ reason: '占道经营' }).expect(200);
      const me = await t.http.get('/api/vendors/me').set(bearer(vendor.token)).expect(200);
      expect(me.body).toMatchObject({ status: 'suspended', statusReason: '占道经营' });
      const mine = await t.http.get('/api/vendors/me/claims').set(bearer(vendor.token)).expect(200);
      expect(mine.body.items.map((c: { status: string }) => c.status)).toEqual(['cancelled_by_market']);
      expectError(await postClaim(t, vendor.token, slot(market, '2026-12-06', 1)), 403, 'VENDOR_SUSPENDED');
    });
  });
});
