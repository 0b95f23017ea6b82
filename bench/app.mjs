// The app under test: `node dist/main.js` on the temp SQLite file with the bench's credentials,
// and the set-up before the scenarios (migrations, staff login, seeding, vendor tokens).
import jwt from 'jsonwebtoken';
import { join } from 'node:path';
import { planClaims } from './claims.mjs';
import { ROOT } from './options.mjs';
import { fmtInt } from './report.mjs';
import { WINDOWS, seedBase } from './seed.mjs';
import { expectStatus, http, startServer, stopServer } from './server.mjs';

const JWT_SECRET = 'tidal-bench-secret-0123456789abcdefghijklmnopqrs'; // 48 characters, bench only
export const ADMIN_PASSWORD = 'bench-admin-password-2026';
/** The line the app prints when it listens (startServer reads the port from it). */
export const LISTENING = /Tidal Market listening on http:\/\/[^\s/]+:(\d+)/;

/** The app's environment on the SQLite file `dbPath`: the bench's secret and admin, any free port, warnings only. */
export function appEnv(dbPath) {
  const env = {
    ...process.env,
    DATABASE_PATH: dbPath,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
  };
  delete env.DATABASE_URL; // it would take the app to PostgreSQL instead of the temp file
  return env;
}

/** Starts the app (bench.app); with --cpu-prof each start writes a profile into bench/results/profiles/. */
export async function startApp(bench, label) {
  const nodeArgs = bench.cfg.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`] : [];
  const server = await startServer('app', [...nodeArgs, bench.mainJs], appEnv(bench.dbPath), LISTENING, bench.record.appLog);
  bench.report.app.starts.push({ label, startupMs: Math.round(server.startupMs) });
  console.log(`app started (${label}) on port ${server.port}, pid ${server.pid}, in ${fmtInt(server.startupMs)} ms`);
  bench.app = server;
}

export async function stopApp(bench) {
  await stopServer(bench.app);
  bench.app = null;
}

/** A vendor's `Authorization` header: an HS256 JWT signed with the app's secret, valid 1 h. */
const vendorAuth = (id) => `Bearer ${jwt.sign({ sub: id, role: 'vendor' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 })}`;

/**
 * Build & seed: the first start applies the migrations; the bench logs in as admin (the staff
 * token), stops the app (the seeding writes the file directly), seeds the Nanchuan-scale data
 * (seed.mjs) and starts the app again. Sets bench.staffToken, layout, tokens and claims.
 */
export async function setUpApp(bench) {
  const { report } = bench;
  const { timing } = bench.record;
  console.log(`\n[seed] temp folder ${bench.tmp}`);
  await startApp(bench, 'migrations');
  timing('app start (migrations)');
  const login = await expectStatus(
    'POST /api/auth/login (admin)',
    await http(bench.app.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } }),
    200,
  );
  bench.staffToken = login.json.accessToken;
  await stopApp(bench);
  timing('login, app stop');
  const started = performance.now();
  const layout = seedBase(bench.dbPath, { today: bench.today });
  report.seed = {
    zones: layout.zones.length,
    stalls: layout.stalls.length,
    sessions: layout.zones.length * WINDOWS.length,
    vendors: layout.vendors.length,
    gridZoneStalls: layout.gridZone?.stalls.length,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(
    `seeded ${report.seed.zones} zones, ${report.seed.stalls} stalls, ${report.seed.sessions} sessions, ` +
      `${report.seed.vendors} approved vendors in ${report.seed.seconds.toFixed(2)} s`,
  );
  if (!layout.gridZone) throw new Error('no zone with 68 stalls was seeded');
  bench.layout = layout;
  bench.tokens = layout.vendors.map(vendorAuth);
  timing('seed');
  await startApp(bench, 'seeded');
  timing('app start (seeded)');
  bench.claims = planClaims(bench);
}
