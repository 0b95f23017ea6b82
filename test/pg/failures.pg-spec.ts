import { createServer, connect, Server, Socket } from 'node:net';
import { createMarket, postClaim, slot } from '../factories/claim.factory.js';
import { seedApprovedVendors } from '../factories/vendor.factory.js';
import { ADMIN, bearer, createTestApp, TestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from '../support/postgres.js';

/**
 * A TCP proxy between the app and PostgreSQL that the test can cut: `down()`
 * drops every open connection and refuses new ones (the port closes), `up()`
 * serves again on the same port.
 */
class Cable {
  private server?: Server;
  private serving = false;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async up(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    if (!this.serving) return;
    this.serving = false;
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe('when PostgreSQL refuses or drops connections', () => {
  let schema: TestSchema;
  let cable: Cable;
  let t: TestApp;

  beforeAll(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    cable = new Cable(new URL(schema.url));
    await cable.up();
    const url = new URL(schema.url);
    url.hostname = '127.0.0.1';
    url.port = String(cable.port);
    t = await createTestApp({ env: { DATABASE_URL: url.toString() } });
  });

  afterAll(async () => {
    await cable.up();
    await t?.close();
    await schema?.drop();
    // The proxy's listening socket would keep the test process alive.
    await cable?.down();
  });

  it('answers claims, reads, logins and health 503 SERVICE_UNAVAILABLE with Retry-After, and recovers without a restart', async () => {
    const market = await createMarket(t, { stalls: 30, category: 'general' });
    const vendors = await seedApprovedVendors(t, 30, ['vegetables']);
    expect((await postClaim(t, vendors[0].token, slot(market, '2026-12-05', 0))).status).toBe(201);

    await cable.down();
    const answers = [
      await postClaim(t, vendors[1].token, slot(market, '2026-12-05', 1)),
      await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-05`).set(bearer(t.staffToken)),
      await t.http.post('/api/auth/login').send(ADMIN),
    ];
    for (const res of answers) {
      expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    }
    expect((await t.http.get('/api/health')).status).toBe(503);
    await t.http.get('/api/health/live').expect(200);

    await cable.up();
    expect((await postClaim(t, vendors[1].token, slot(market, '2026-12-05', 1))).status).toBe(201);
    await t.http.get('/api/health').expect(200);
    await t.http.post('/api/auth/login').send(ADMIN).expect(200);
  });

  it('answers requests whose connection drops midway 503, never 500', async () => {
    const market = await createMarket(t, { stalls: 60, category: 'general' });
    const vendors = await seedApprovedVendors(t, 60, ['vegetables']);
    // Cut as soon as the first answer is back: the others are then in flight, in the pool or in a transaction.
    let cut: Promise<void> | undefined;
    const storm = Promise.all(
      vendors.map((vendor, i) =>
        postClaim(t, vendor.token, slot(market, '2026-12-06', i), `cut-${i}`).then((res) => {
          cut ??= cable.down().then(() => new Promise((resolve) => setTimeout(resolve, 50)).then(() => cable.up()));
          return res;
        }),
      ),
    );
    const statuses = (await storm).map((res) => res.status);
    await cut;
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    // Whatever was cut can be sent again with its Idempotency-Key: a cut during COMMIT may have
    // landed the claim, and then the same key replays its 201 instead of refusing a second claim.
    for (const [i, status] of statuses.entries()) {
      if (status === 503) expect((await postClaim(t, vendors[i].token, slot(market, '2026-12-06', i), `cut-${i}`)).status).toBe(201);
    }
  });
});
