// The scenarios, in the order run.mjs runs them. Each one measures one endpoint with autocannon
// (measure.mjs: warm-up, then the rounds), checks the answers, and pushes one entry to
// report.scenarios. The bench itself only checks correctness; the targets named here are the
// ones bench/README.md ("Against the targets") compares the printed figures with.
import { join } from 'node:path';
import { startApp, stopApp } from './app.mjs';
import { CLAIM_ID, activeClaims, claimBody, countClaims, missingClaims, quiet } from './claims.mjs';
import { measure } from './measure.mjs';
import { ROOT } from './options.mjs';
import { fmtInt, mb } from './report.mjs';
import { WINDOWS, addDays, fileSizes, seedHistory } from './seed.mjs';
import { expectStatus, http, isRunning, rssMB, startServer, stopServer } from './server.mjs';

/** An answer kept for the report (the callers keep only the first few). */
const sample = (samples, status, body) => samples.push({ status, body: body.slice(0, 400) });

// ---------------------------------------------------------------- running them
/** Runs each scenario (unless --only leaves it out), then records its timing (also when left out). */
export async function runScenarios(bench, scenarios) {
  for (const { key, timing, run } of scenarios) {
    await attempt(bench, key, run);
    bench.record.timing(timing);
  }
}

/** A scenario that fails is recorded and the next one runs, unless the app is gone. */
async function attempt(bench, key, run) {
  if (bench.cfg.only && !bench.cfg.only.includes(key)) return;
  try {
    await run(bench);
  } catch (error) {
    if (!bench.app || !isRunning(bench.app)) throw error;
    bench.record.check(`${key}: ran`, false, String(error?.message ?? error).split('\n')[0]);
    bench.report.scenarios.push({
      key,
      label: key,
      short: key,
      failed: String(error?.stack ?? error),
      reqPerSec: { median: null, min: null, max: null },
      p50: null,
      p99: null,
      rssMB: rssMB(bench.app.pid),
      serverCpuMsPerRequest: null,
      statusCodes: {},
      expectedStatuses: [],
      unexpectedStatuses: 0,
      errors: 0,
      timeouts: 0,
      checks: 'FAILED',
    });
  }
}

// ---------------------------------------------------------------- hello baseline
/**
 * Baseline: GET / on bench/hello-server.mjs (raw node:http, 200 {"hello":"world"}). No target
 * of its own: every other scenario's "× hello" is its median req/s over this one's. Always runs.
 */
export async function helloBaseline(bench) {
  console.log('\n[hello] raw node:http baseline');
  bench.hello = await startServer(
    'hello',
    [join(ROOT, 'bench', 'hello-server.mjs')],
    { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    /hello listening on http:\/\/[^\s/]+:(\d+)/,
  );
  const { url, pid } = bench.hello;
  await expectStatus('GET / (hello)', await http(url, 'GET', '/'), 200);
  const result = await measure({ url, pid, expectedStatuses: [200], requests: () => [{ method: 'GET', path: '/' }] }, bench.cfg);
  bench.record.timing('hello');
  bench.report.scenarios.push({ key: 'hello', label: 'raw node:http hello (GET /)', short: 'hello (raw node:http)', ...result });
  await stopServer(bench.hello);
  bench.hello = null;
  bench.record.timing('hello stop');
}

// ---------------------------------------------------------------- claim rush
/**
 * 1. Claim rush: POST /api/claims, every request a distinct free slot (claims.mjs), only 201
 * expected; then the durability check (every returned id in the table, the table grown by at
 * least the number of 201s). Target: ≥ 0.10 × hello, p99 ≤ 25 ms, 0 errors, every 201 durable.
 */
export const claimRush = (bench) =>
  measureClaimRush(bench, 'claim-rush', 'claim rush: POST /api/claims, every request a distinct free slot', '1 claim rush');

/** 5. The claim rush again with the history seeded. Target: ≥ 80 % of the empty database's req/s. */
export const claimRushWithHistory = (bench) =>
  measureClaimRush(
    bench,
    'claim-rush+history',
    `claim rush with ${bench.cfg.historyDays} days of history`,
    `5 claim rush + ${bench.cfg.historyDays} d history`,
  );

async function measureClaimRush(bench, key, label, short) {
  const { app, dbPath, claims } = bench;
  const { rush, recycler } = claims;
  console.log(`\n[${key}] ${label}`);
  const before = countClaims(dbPath);
  const ids = [];
  const samples = [];
  // A probe first: one claim through fetch, so a broken endpoint shows its answer.
  await recycler.recycle();
  const probe = rush.next();
  const probeAnswer = await http(app.url, 'POST', '/api/claims', { body: JSON.parse(probe.body), token: probe.auth.slice(7) });
  await expectStatus('POST /api/claims (probe)', probeAnswer, 201);
  ids.push(probeAnswer.json.id);
  let runStart = 0;
  const result = await measure(
    {
      url: app.url,
      pid: app.pid,
      expectedStatuses: [201],
      maxRunSeconds: bench.cfg.maxClaimRunSeconds,
      // Each run starts from free slots: the previous run's claims are cancelled (README, "Capacity").
      before: async () => {
        const cancelled = await recycler.recycle();
        rush.restartRun();
        runStart = ids.length;
        return cancelled;
      },
      requests: () => [
        {
          method: 'POST',
          path: '/api/claims',
          setupRequest: (req) => {
            const next = rush.next();
            req.headers['content-type'] = 'application/json';
            req.headers.authorization = next.auth;
            req.body = next.body;
            return req;
          },
          onResponse: (status, body) => {
            if (status === 201) {
              const match = CLAIM_ID.exec(body);
              if (match) ids.push(match[1]);
            } else if (samples.length < 10) {
              sample(samples, status, body);
            }
          },
        },
      ],
      after: async (info, run) => {
        run.created = ids.length - runStart;
        run.generated = rush.usedThisRun();
        if (run.generated > rush.cycle)
          run.note = `capacity exceeded: ${run.generated} requests > ${rush.cycle} distinct (vendor, window, date)`;
      },
    },
    bench.cfg,
  );
  await quiet(dbPath);
  const after = countClaims(dbPath);
  const missing = missingClaims(dbPath, ids);
  const created = ids.length;
  bench.record.check(
    `${key}: every request answered 201`,
    result.unexpectedStatuses === 0 && result.errors === 0 && result.timeouts === 0,
    `${fmtInt(result.statusCodes['201'] ?? 0)} × 201${result.unexpectedStatuses ? `, ${result.unexpectedStatuses} other: ${JSON.stringify(result.statusCodes)}` : ''}` +
      `${result.errors || result.timeouts ? `, ${result.errors} errors, ${result.timeouts} timeouts` : ''}`,
  );
  bench.record.check(
    `${key}: every 201 is durable`,
    missing === 0 && after - before >= created,
    `${fmtInt(created)} claims answered 201 (probe included), ${fmtInt(after - before)} new rows in claims, ${missing} of the 201 ids missing`,
  );
  bench.report.scenarios.push({
    key,
    label,
    short,
    ...result,
    created,
    newRows: after - before,
    missingIds: missing,
    samples,
    checks: `${fmtInt(created)}×201 durable${missing ? ` (${missing} MISSING)` : ''}`,
  });
}

// ---------------------------------------------------------------- contention
/**
 * 2. Contention: random vendors on 50 slots (50 stalls of one zone, one session, today+14),
 * 201 or 409 expected. Every run (warm-up included) takes its own zone and session and must give
 * exactly 50 × 201 and leave 50 active rows. Target: exactly 50 successes, p99 ≤ 25 ms.
 */
export async function contention(bench) {
  const { app, dbPath, layout, tokens, claims } = bench;
  const key = 'contention';
  console.log('\n[contention] 32 connections, 50 slots (one zone, one session, one date), random vendors');
  const perRun = [];
  let target = null;
  const samples = [];
  const result = await measure(
    {
      url: app.url,
      pid: app.pid,
      expectedStatuses: [201, 409],
      before: async (info) => {
        await claims.recycler.recycle();
        const zone = layout.zones[(info.run * 7 + 3) % layout.zones.length];
        const w = info.run % WINDOWS.length;
        target = {
          zone,
          sessionId: zone.sessions[w],
          window: WINDOWS[w].name,
          stalls: zone.stalls.slice(0, 50),
          date: claims.contentionDate,
        };
        for (const stall of target.stalls) claims.recycler.touch([stall.id, target.sessionId, target.date]);
      },
      requests: () => [
        {
          method: 'POST',
          path: '/api/claims',
          setupRequest: (req) => {
            const v = Math.floor(Math.random() * tokens.length);
            const stall = target.stalls[Math.floor(Math.random() * target.stalls.length)];
            req.headers['content-type'] = 'application/json';
            req.headers.authorization = tokens[v];
            req.body = claimBody(stall.id, target.sessionId, target.date);
            return req;
          },
          onResponse: (status, body) => {
            // Any unexpected answer (up to 10), and the first few 409s to show what a refusal says.
            if (status !== 201 && status !== 409 && samples.length < 10) sample(samples, status, body);
            else if (status === 409 && samples.length < 3) sample(samples, status, body);
          },
        },
      ],
      after: async (info, run) => {
        await quiet(dbPath);
        const active = activeClaims(dbPath, target);
        run.target = { zone: target.zone.name, window: target.window, date: target.date, stalls: target.stalls.length };
        run.activeClaimsInDb = active;
        run.note = `201 × ${run.statusCodes['201'] ?? 0}, active rows ${active}`;
        perRun.push({
          phase: info.phase,
          index: info.index,
          got201: run.statusCodes['201'] ?? 0,
          got409: run.statusCodes['409'] ?? 0,
          active,
        });
      },
    },
    bench.cfg,
  );
  const exact = (r) => r.got201 === 50 && r.active === 50;
  bench.record.check(
    'contention: exactly 50 × 201 per run, the rest 409, 50 active rows',
    perRun.every(exact) && result.unexpectedStatuses === 0 && result.errors === 0,
    perRun.map((r) => `${r.phase} ${r.index + 1}: ${r.got201}×201/${r.got409}×409/${r.active} rows`).join('; '),
  );
  bench.report.scenarios.push({
    key,
    label: 'contention: 50 slots, random vendors',
    short: '2 contention (50 slots)',
    ...result,
    perRun,
    samples,
    checks: `${perRun.filter(exact).length}/${perRun.length} runs exactly 50×201`,
  });
  await claims.recycler.recycle();
}

// ---------------------------------------------------------------- GET scenarios (slot grid, schedule)
const slotsPath = ({ layout, today }) => `/api/zones/${layout.gridZone.id}/slots?date=${addDays(today, 1)}`;
const schedulePath = ({ layout, today }) => `/api/zones/${layout.gridZone.id}/schedule?from=${today}&to=${addDays(today, 365)}`;
const gridItems = ({ layout }) => layout.gridZone.stalls.length * WINDOWS.length;
const SCHEDULE_ITEMS = WINDOWS.length * 366;

/** 3. Slot grid: GET slots of the 68-stall zone for tomorrow (staff token; 204 items). Target: ≥ 0.05 × hello. */
export const slotGrid = (bench) =>
  measureGet(bench, {
    key: 'slot-grid',
    label: `slot grid: GET slots, ${bench.layout.gridZone.stalls.length}-stall zone, tomorrow`,
    short: '3 slot grid',
    path: slotsPath(bench),
    expectItems: gridItems(bench),
  });

/**
 * 4. Schedule: GET schedule of the same zone, today … today+365 (1,098 items), with
 * Accept-Encoding: gzip as every phone HTTP stack sends it. Target: p99 ≤ 10 ms.
 */
export const schedule = (bench) =>
  measureGet(bench, {
    key: 'schedule',
    label: 'schedule: GET schedule, 366 days, Accept-Encoding: gzip',
    short: '4 schedule 366 d (gzip)',
    path: schedulePath(bench),
    expectItems: SCHEDULE_ITEMS,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });

/** 4. The schedule without compression (the full ~194 KB each time). Target: p99 ≤ 10 ms. */
export const scheduleIdentity = (bench) =>
  measureGet(bench, {
    key: 'schedule-identity',
    label: 'schedule: GET schedule, 366 days, no Accept-Encoding',
    short: '4 schedule 366 d (identity)',
    path: schedulePath(bench),
    expectItems: SCHEDULE_ITEMS,
  });

/** 5. The slot grid again with the history seeded. Target: ≥ 80 % of the empty database's req/s. */
export const slotGridWithHistory = (bench) =>
  measureGet(bench, {
    key: 'slot-grid+history',
    label: `slot grid with ${bench.cfg.historyDays} days of history`,
    short: `5 slot grid + ${bench.cfg.historyDays} d history`,
    path: slotsPath(bench),
    expectItems: gridItems(bench),
  });

/** A staff GET: one probe through fetch checks the item count, then only 200 is expected. */
async function measureGet(bench, { key, label, short, path, expectItems, headers = {} }) {
  const { app, staffToken } = bench;
  console.log(`\n[${key}] ${label}`);
  const probe = await expectStatus(`GET ${path}`, await http(app.url, 'GET', path, { token: staffToken }), 200);
  const items = Array.isArray(probe.json?.items) ? probe.json.items.length : null;
  bench.record.check(
    `${key}: answer has ${expectItems} items`,
    items === expectItems,
    `${items} items, ${fmtInt(probe.text.length)} bytes`,
  );
  const samples = [];
  const result = await measure(
    {
      url: app.url,
      pid: app.pid,
      expectedStatuses: [200],
      requests: () => [
        {
          method: 'GET',
          path,
          headers: { authorization: `Bearer ${staffToken}`, ...headers },
          onResponse: (status, body) => {
            if (status !== 200 && samples.length < 10) sample(samples, status, body);
          },
        },
      ],
    },
    bench.cfg,
  );
  bench.record.check(
    `${key}: every request answered 200`,
    result.unexpectedStatuses === 0 && result.errors === 0 && result.timeouts === 0,
    JSON.stringify(result.statusCodes),
  );
  bench.report.scenarios.push({
    key,
    label,
    short,
    path,
    headers,
    items,
    bytes: probe.text.length,
    ...result,
    samples,
    checks: `${items} items, ${fmtInt(probe.text.length)} B${headers['accept-encoding'] ? ', gzip' : ''}`,
  });
}

// ---------------------------------------------------------------- 5. one year of history
/** --only without a +history scenario skips the seeding of history. */
export const wantsHistory = (cfg) => !cfg.only || cfg.only.some((key) => key.endsWith('+history'));

/**
 * 5, first step: stops the app, seeds cfg.historyDays past days (every stall × 3 sessions × day,
 * one transaction per 30 days; seed.mjs) and starts the app again, whose start-up time is kept.
 * claimRushWithHistory and slotGridWithHistory then run on it.
 */
export async function addHistory(bench) {
  const { cfg, dbPath, report } = bench;
  const { timing } = bench.record;
  console.log(`\n[history] stopping the app, seeding ${cfg.historyDays} days of past claims`);
  await stopApp(bench);
  await bench.claims.recycler.recycle();
  timing('app stop');
  const started = performance.now();
  let lastPrint = 0;
  const history = seedHistory(dbPath, bench.layout, {
    days: cfg.historyDays,
    today: bench.today,
    daysPerTransaction: 30,
    onProgress: ({ done, days, rows }) => {
      if (performance.now() - lastPrint > 5000 || done === days) {
        lastPrint = performance.now();
        console.log(`  ${done}/${days} days, ${fmtInt(rows)} claims, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    },
  });
  report.history = {
    days: cfg.historyDays,
    claims: history.rows,
    seedSeconds: history.seconds,
    guardTriggersRecreated: history.guardTriggersRecreated,
  };
  report.history.claimsTableRows = countClaims(dbPath);
  report.history.sizesAfterSeed = fileSizes(dbPath);
  console.log(
    `seeded ${fmtInt(history.rows)} past claims in ${history.seconds.toFixed(1)} s; claims table ${fmtInt(report.history.claimsTableRows)} rows; ` +
      `file ${mb(report.history.sizesAfterSeed.db)} MiB`,
  );
  timing('history seed');
  await startApp(bench, 'with history');
  timing('app start (history)');
  report.history.startupMs = report.app.starts.at(-1).startupMs;
}

/**
 * 5, last step: the SQLite file size (+ WAL) after the scenarios and after the app stops, and the
 * app's RSS. Target: RSS ≤ 300 MB, file ≤ 1 GB.
 */
export async function historyFootprint(bench) {
  const { history } = bench.report;
  history.sizesAfterScenarios = fileSizes(bench.dbPath);
  history.rssMB = rssMB(bench.app.pid);
  await stopApp(bench);
  history.sizesAfterStop = fileSizes(bench.dbPath);
  bench.record.timing('app stop');
}
