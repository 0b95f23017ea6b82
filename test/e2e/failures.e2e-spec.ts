import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMarket, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor, seedApprovedVendors } from '../factories/vendor.factory.js';
import { bearer, createTestApp, TestApp, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';

/** Fills a file system to the last byte; returns how many bytes it wrote. */
function fill(path: string): number {
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
    for (;;) {
      try {
        writeFileSync(path, chunk.subarray(0, size), { flag: 'a' });
        written += size;
      } catch {
        break;
      }
    }
  }
  return written;
}

/** A tmpfs of its own (the machine's CI and sessions run as root); null where mounting is not allowed. */
function mountSmallDisk(megabytes: number): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'tidal-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const sqliteOnly = TEST_DATABASE_URL ? describe.skip : describe;

sqliteOnly('when the SQLite disk is full', () => {
  const disk = mountSmallDisk(24);
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    if (disk) execFileSync('umount', [disk]);
  });

  (disk ? it : it.skip)(
    'answers writes 503 SERVICE_UNAVAILABLE with Retry-After, says so on /api/health, and recovers when space returns',
    async () => {
      t = await createTestApp({ databasePath: join(disk!, 'market.sqlite') });
      const market = await createMarket(t, { stalls: 60, category: 'general' });
      const vendors = await seedApprovedVendors(t, 60, ['vegetables']);
      expect((await t.http.get('/api/health')).status).toBe(200);

      const filler = join(disk!, 'filler');
      fill(filler);
      // Writes go on while SQLite still has room in its files; once a commit needs a page more, every write fails.
      const answers: number[] = [];
      for (const [i, vendor] of vendors.entries()) {
        const res = await postClaim(t, vendor.token, slot(market, '2026-12-05', i));
        answers.push(res.status);
        if (res.status !== 201) {
          expectError(res, 503, 'SERVICE_UNAVAILABLE');
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
          break;
        }
      }
      expect(answers.at(-1)).toBe(503);
      const health = await t.http.get('/api/health');
      expect({ status: health.status, code: health.body.code, db: health.body.db }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        db: 'down',
      });
      expect(health.headers['retry-after']).toMatch(/^\d+$/);
      // Reads and the process itself are fine.
      await t.http.get(`/api/zones/${market.zone.id}`).set(bearer(t.staffToken)).expect(200);
      await t.http.get('/api/health/live').expect(200, { status: 'ok' });

      rmSync(filler);
      await t.http.get('/api/health').expect(200);
      const retried = await postClaim(t, vendors[answers.length - 1].token, slot(market, '2026-12-05', answers.length - 1));
      expect(retried.status).toBe(201);
    },
  );
});

describe('connections and operations', () => {
  const t = useTestApp({ env: { IDLE_TIMEOUT_MS: '1000', METRICS_TOKEN: 'metrics-token-for-tests' } });

  it('closes connections that never send a request', async () => {
    const base = new URL(await t.listen());
    const sockets: Socket[] = [];
    const closed = Array.from(
      { length: 100 },
      () =>
        new Promise<void>((resolve) => {
          const socket = connect(Number(base.port), base.hostname);
          sockets.push(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        }),
    );
    // Each resolves only when the server closes it; the test's own timeout is the limit.
    await Promise.all(closed);
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
  });

  it('answers /api/health/live without touching the database', async () => {
    await t.http.get('/api/health/live').expect(200, { status: 'ok' });
  });

  it('serves Prometheus metrics behind METRICS_TOKEN: requests by route and status, claims by outcome, write queue, event-loop lag', async () => {
    const market = await createMarket(t, { stalls: 1, category: 'general' });
    const [a, b] = [await approvedVendor(t), await approvedVendor(t)];
    expect((await postClaim(t, a.token, slot(market, '2026-12-05'))).status).toBe(201);
    expect((await postClaim(t, b.token, slot(market, '2026-12-05'))).status).toBe(409);

    expectError(await t.http.get('/metrics'), 401, 'UNAUTHORIZED');
    expectError(await t.http.get('/metrics').set('authorization', 'Bearer wrong-token-wrong-token'), 401, 'UNAUTHORIZED');
    const res = await t.http.get('/metrics').set('authorization', 'Bearer metrics-token-for-tests').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/claims",status="201"\} 1/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/claims",status="409"\} 1/);
    expect(res.text).toMatch(/claims_total\{outcome="created"\} 1/);
    expect(res.text).toMatch(/claims_total\{outcome="SLOT_TAKEN"\} 1/);
    expect(res.text).toMatch(/db_write_queue_depth \d+/);
    expect(res.text).toMatch(/nodejs_eventloop_lag_seconds \d/);
  });
});
