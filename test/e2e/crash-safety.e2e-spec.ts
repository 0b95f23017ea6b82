import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, startServer } from '../support/server-process.js';
import { api, buildMarket, inspectDatabase, Market, mulberry32, newLedger, storm } from '../support/storm.js';

const SECRET = 'crash-test-secret-crash-test-secret-0123456789';
const ADMIN = { username: 'admin', password: 'crash-admin-password' };
const CRASHES = 5;
const SEED = Number(process.env.CRASH_SEED ?? 20261129);

/**
 * The real server as a child process on a file database, stormed with claims,
 * cancels and check-ins, SIGKILLed at random moments, restarted: nothing it
 * acknowledged may be lost and the invariants must hold. (Needs `npm run build`.)
 */
describe(`crash safety (seed ${SEED})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidal-crash-'));
  const databasePath = join(dir, 'crash.sqlite');
  const env = {
    DATABASE_PATH: databasePath,
    JWT_SECRET: SECRET,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
  };
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged claim over ${CRASHES} SIGKILLs`, async () => {
    const random = mulberry32(SEED);
    const ledger = newLedger();
    server = await startServer(env);
    const staff = (await api(server.url, 'POST', '/api/auth/login', null, ADMIN)).body.accessToken;
    const market: Market = await buildMarket(server.url, staff, 40, 30);
    for (let crash = 0; crash < CRASHES; crash++) {
      const killAfter = 300 + Math.floor(random() * 1200);
      let killed = false;
      const current = server;
      const kill = new Promise<void>((resolve) =>
        setTimeout(async () => {
          killed = true;
          await current.stop('SIGKILL');
          resolve();
        }, killAfter),
      );
      await storm(current.url, SECRET, market, ledger, 16, () => killed, random);
      await kill;
      server = await startServer(env);
      const health = await api(server.url, 'GET', '/api/health', null);
      expect(health.body).toEqual({ status: 'ok', db: 'up' });
    }
    // One last calm round on the restarted server, then a clean stop.
    let done = false;
    const last = storm(server.url, SECRET, market, ledger, 8, () => done, random);
    await new Promise((resolve) => setTimeout(resolve, 500));
    done = true;
    await last;
    // Graceful: Nest closes the app and the database, then re-raises SIGTERM.
    expect(await server.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    server = undefined;

    const verdict = inspectDatabase(databasePath, ledger);
    console.log(
      `crash safety: ${CRASHES} SIGKILLs survived, ${ledger.acknowledged.size} acknowledged claims checked, ` +
        `${ledger.cancelled.size} acknowledged cancels, ${ledger.errors} requests cut off, statuses ${JSON.stringify(ledger.statuses)}`,
    );
    expect(ledger.acknowledged.size).toBeGreaterThan(50);
    expect(verdict).toEqual({ integrity: 'ok', missing: [], wrongStatus: [], doubleHeldSlots: 0, vendorOverlaps: 0 });
    expect(Object.keys(ledger.statuses).filter((status) => status.startsWith('5'))).toEqual([]);
  }, 300_000);
});
