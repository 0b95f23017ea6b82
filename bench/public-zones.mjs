#!/usr/bin/env node
// The residents' search at city scale (issue 13): GET /api/public/zones?lat=&lng=&radius=1000 with
// 10,000 zones, against the raw node:http hello baseline measured in the same run, with the same
// load method as bench/run.mjs (autocannon in this process, warm-up then rounds, medians; server
// and load generator pinned to separate cores when taskset is there). Target: ≥ 0.25 × hello.
// Beside hello, a second baseline (bench/answer-server.mjs): node:http building and sending an
// answer of the same shape and size per request and doing nothing else — the ceiling.
// After `npm run build` (`npm run bench:public-zones` does both).
//
// Set-up: the built app applies its migrations to a fresh SQLite file and stops; the zones and
// their sessions are written straight into the file with better-sqlite3 in one transaction (the
// app's own schema; 10,000 POST /api/zones would take a minute and test nothing this bench
// measures), and the app starts again. The zones lie uniformly in a 50 km square around central
// Chongqing, each with three daily sessions (morning, noon, evening) since 400 days ago; so a 1 km
// circle holds about 12 zones. The app answers from memory once warm (a grid of the zones, a card
// per zone and date, src/public/zone-cards.ts): the first pass over the points builds the cards.
//
//   node bench/public-zones.mjs [--quick] [--no-pin] [--zones=10000] [--points=2000]
//     [--connections=32] [--warmup=8] [--rounds=3] [--duration=5] [--app=path/to/main.js …] [--cpu-prof] [--keep] [--out=FILE]
//   --keep keeps the seeded SQLite file (its path is printed).
//   --cpu-prof writes a V8 CPU profile of each measured app into bench/results/profiles/.
//   --app may be given more than once (e.g. a build from before a change, then dist/main.js):
//   each is measured in turn on the same file, after the same hello baseline.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { mulberry32 } from '../scripts/random.mjs';
import { LISTENING, appEnv } from './app.mjs';
import { measure } from './measure.mjs';
import { ARGS, ROOT, hasFlag } from './options.mjs';
import { fmtInt, fmtMs } from './report.mjs';
import { TIMEZONE, WINDOWS, addDays, localToday } from './seed.mjs';
import { cleanUpOnExit, expectStatus, http, pinningReport, runPinned, shouldPin, startServer, stopServer } from './server.mjs';

const CITY = { latitude: 29.563, longitude: 106.551, sideKm: 50 }; // 解放碑, Chongqing
const RADIUS = 1000;
const TARGET = 0.25;

const text = (name) => ARGS.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const number = (name, fallback) => (text(name).length ? Number(text(name)[0]) : fallback);

function options() {
  const quick = hasFlag('quick');
  return {
    quick,
    zones: number('zones', 10_000),
    points: number('points', 2_000),
    connections: number('connections', 32),
    warmupSeconds: number('warmup', quick ? 2 : 8),
    rounds: number('rounds', quick ? 1 : 3),
    roundSeconds: number('duration', quick ? 2 : 5),
    apps: text('app').length ? text('app') : [join(ROOT, 'dist', 'main.js')],
    out: text('out')[0] ?? join(ROOT, 'bench', 'results', quick ? 'public-zones-quick.json' : 'public-zones.json'),
  };
}

const KM_LAT = 1 / 111.195;
const KM_LNG = 1 / (111.195 * Math.cos((CITY.latitude * Math.PI) / 180));
/** A point uniformly in the city square. */
const cityPoint = (next) => ({
  latitude: CITY.latitude + (next() - 0.5) * CITY.sideKm * KM_LAT,
  longitude: CITY.longitude + (next() - 0.5) * CITY.sideKm * KM_LNG,
});

function haversine(lat1, lng1, lat2, lng2) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** 10,000 zones with three daily sessions each, in one transaction; returns their coordinates. */
function seedZones(path, count) {
  const next = mulberry32(13);
  const now = Date.now();
  const validFrom = addDays(localToday(), -400);
  const db = new Database(path);
  try {
    const zone = db.prepare(`INSERT INTO zones (id, name, district, address, latitude, longitude, timezone, description,
      max_claims_per_vendor_per_week, booking_horizon_days, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 7, 14, 'active', ?, ?)`);
    const session = db.prepare(`INSERT INTO market_sessions (id, zone_id, name, start_time, end_time, rrule, valid_from,
      valid_until, version, deleted_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'FREQ=DAILY', ?, NULL, 1, NULL, ?, ?)`);
    const zones = [];
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = uuidv7();
        const at = cityPoint(next);
        zone.run(id, `第${i + 1}摊区`, `城区${(i % 26) + 1}`, `示例路 ${i + 1} 号`, at.latitude, at.longitude, TIMEZONE, now, now);
        for (const w of WINDOWS) session.run(uuidv7(), id, w.name, w.start, w.end, validFrom, now, now);
        zones.push(at);
      }
    })();
    return zones;
  } finally {
    db.close();
  }
}

function printResult(label, result, hello) {
  const ratio = hello ? result.reqPerSec.median / hello : 1;
  console.log(
    `  → ${label}: ${fmtInt(result.reqPerSec.median)} req/s [${fmtInt(result.reqPerSec.min)}–${fmtInt(result.reqPerSec.max)}], ` +
      `p50 ${fmtMs(result.p50)} ms, p99 ${fmtMs(result.p99)} ms, ${ratio.toFixed(3)} × hello, ` +
      `server CPU ${result.serverCpuMsPerRequest?.toFixed(3) ?? '–'} ms/req, statuses ${JSON.stringify(result.statusCodes)}`,
  );
  return ratio;
}

async function main() {
  cleanUpOnExit();
  const cfg = options();
  const tmp = mkdtempSync(join(os.tmpdir(), 'tidal-public-zones-'));
  const dbPath = join(tmp, 'tidal-market.sqlite');
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtStart: os.loadavg(),
    pinning: pinningReport(false),
    options: cfg,
    radius: RADIUS,
    scenarios: [],
  };
  let failed = false;
  try {
    console.log(`[hello] raw node:http baseline`);
    const hello = await startServer(
      'hello',
      [join(ROOT, 'bench', 'hello-server.mjs')],
      { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      /hello listening on http:\/\/[^\s/]+:(\d+)/,
    );
    const helloResult = await measure(
      { url: hello.url, pid: hello.pid, expectedStatuses: [200], requests: () => [{ method: 'GET', path: '/' }] },
      cfg,
    );
    await stopServer(hello);
    printResult('hello', helloResult, null);
    report.scenarios.push({ key: 'hello', ...helloResult, runs: undefined });

    // The ceiling: node:http building and sending an answer of the same shape and size, nothing else.
    console.log(`\n[answer] raw node:http answering a 12-zone JSON built per request`);
    const answer = await startServer(
      'answer',
      [join(ROOT, 'bench', 'answer-server.mjs')],
      { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      /answer listening on http:\/\/[^\s/]+:(\d+)/,
    );
    const answerResult = await measure(
      { url: answer.url, pid: answer.pid, expectedStatuses: [200], requests: () => [{ method: 'GET', path: '/' }] },
      cfg,
    );
    await stopServer(answer);
    const ceiling = printResult('answer (the ceiling)', answerResult, helloResult.reqPerSec.median);
    report.scenarios.push({ key: 'answer', ratio: ceiling, ...answerResult, runs: undefined });

    console.log(`\n[seed] ${fmtInt(cfg.zones)} zones in a ${CITY.sideKm} km square around ${CITY.latitude} N ${CITY.longitude} E`);
    const migrate = await startServer('app', [cfg.apps[0]], appEnv(dbPath), LISTENING);
    await stopServer(migrate);
    const seedStart = performance.now();
    const zones = seedZones(dbPath, cfg.zones);
    report.seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(
      `  seeded ${fmtInt(zones.length)} zones and ${fmtInt(zones.length * WINDOWS.length)} sessions in ${report.seedSeconds.toFixed(2)} s`,
    );

    const next = mulberry32(7);
    const points = Array.from({ length: cfg.points }, () => cityPoint(next));
    // What each point should find: every zone within the radius (brute force over the seeded list).
    const expected = points.map((p) => zones.filter((z) => haversine(p.latitude, p.longitude, z.latitude, z.longitude) <= RADIUS).length);
    report.zonesPerAnswer = { mean: expected.reduce((a, b) => a + b, 0) / expected.length, max: Math.max(...expected) };
    console.log(`  zones within ${RADIUS} m of a point: mean ${report.zonesPerAnswer.mean.toFixed(1)}, max ${report.zonesPerAnswer.max}`);
    const paths = points.map((p) => `/api/public/zones?lat=${p.latitude.toFixed(6)}&lng=${p.longitude.toFixed(6)}&radius=${RADIUS}`);

    for (const [n, main] of cfg.apps.entries()) {
      const label = cfg.apps.length > 1 ? `public zones (${main})` : 'public zones';
      console.log(`\n[${label}] GET /api/public/zones?lat=&lng=&radius=${RADIUS}, ${fmtInt(points.length)} points in turn`);
      const profile = hasFlag('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`] : [];
      const app = await startServer('app', [...profile, main], appEnv(dbPath), LISTENING);
      try {
        // Every answer of the first 200 points is checked against the brute force: the right zones, nearest first.
        for (let i = 0; i < Math.min(200, points.length); i++) {
          const answer = await expectStatus(`GET ${paths[i]}`, await http(app.url, 'GET', paths[i]), 200);
          const distances = answer.json.items.map((z) => z.distanceM);
          if (answer.json.total !== expected[i]) throw new Error(`${paths[i]}: total ${answer.json.total}, expected ${expected[i]}`);
          if (distances.some((d, k) => k > 0 && d < distances[k - 1])) throw new Error(`${paths[i]}: not nearest first`);
        }
        const result = await measure(
          { url: app.url, pid: app.pid, expectedStatuses: [200], requests: () => paths.map((path) => ({ method: 'GET', path })) },
          cfg,
        );
        const ratio = printResult(label, result, helloResult.reqPerSec.median);
        report.scenarios.push({ key: `public-zones-${n}`, app: main, ratio, meetsTarget: ratio >= TARGET, ...result, runs: undefined });
        if (result.unexpectedStatuses || result.errors) failed = true;
      } finally {
        await stopServer(app);
      }
    }
  } catch (error) {
    failed = true;
    report.error = String(error?.stack ?? error);
    console.error(`\nbench FAILED: ${error?.stack ?? error}`);
  } finally {
    if (hasFlag('keep')) console.log(`kept ${dbPath}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  report.loadAverageAtEnd = os.loadavg();
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${cfg.out}; target ≥ ${TARGET} × hello`);
  process.exitCode = failed ? 1 : 0;
}

if (shouldPin(hasFlag('no-pin'))) runPinned(fileURLToPath(import.meta.url), ARGS);
else await main();
