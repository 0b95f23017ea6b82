#!/usr/bin/env node
// Tidal Market benchmark harness (issue 5). Plain ESM, runs with `node bench/run.mjs`
// after `npm run build` (`npm run bench` does both). See bench/README.md.
//
//   npm run bench                 full run: 8 s warm-up, 3 rounds × 5 s, one year of history
//   npm run bench -- --quick      2 s warm-up, 1 round × 2 s, 30 days of history (< 60 s)
//   options: --quick, --only=KEY,…, --cpu-prof, --keep, --no-pin, --connections=N, --warmup=S,
//            --rounds=N, --duration=S, --history-days=N, --out=FILE (bench/options.mjs)
//
// This file is the outline; the parts are
//   options.mjs    command-line options
//   server.mjs     child processes: pinning with taskset, start/stop, clean-up, /proc readings
//   measure.mjs    autocannon runs (warm-up, rounds) and their figures
//   app.mjs        the app under test: environment, start/stop, migrations + login + seeding
//   claims.mjs     which slots the claim scenarios ask for, recycling, database look-ups
//   scenarios.mjs  the scenarios, each with what it measures and its target
//   report.mjs     the report object, checks and timings, the table and the JSON file
//   seed.mjs       writing zones, stalls, sessions, vendors and history into the SQLite file
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUpApp } from './app.mjs';
import { ARGS, ROOT, hasFlag, readOptions } from './options.mjs';
import { createRecorder, createReport, finishReport, printHeader } from './report.mjs';
import {
  addHistory,
  claimRush,
  claimRushWithHistory,
  contention,
  helloBaseline,
  historyFootprint,
  runScenarios,
  schedule,
  scheduleIdentity,
  slotGrid,
  slotGridWithHistory,
  wantsHistory,
} from './scenarios.mjs';
import { cleanUpOnExit, killChildren, removeOnInterrupt, runPinned, shouldPin, stopServer } from './server.mjs';
import { localToday } from './seed.mjs';

// The scenarios on the seeded app, in the order they run. `key` is what --only= accepts (the
// hello baseline always runs); `timing` names the scenario's entry in report.timings.
const SCENARIOS = [
  { key: 'claim-rush', timing: 'claim rush', run: claimRush },
  { key: 'contention', timing: 'contention', run: contention },
  { key: 'slot-grid', timing: 'slot grid', run: slotGrid },
  { key: 'schedule', timing: 'schedule', run: schedule },
  { key: 'schedule-identity', timing: 'schedule (identity)', run: scheduleIdentity },
];
// Run again once a year of past claims is in the file (only when --only names one of them, or
// without --only).
const HISTORY_SCENARIOS = [
  { key: 'claim-rush+history', timing: 'claim rush + history', run: claimRushWithHistory },
  { key: 'slot-grid+history', timing: 'slot grid + history', run: slotGridWithHistory },
];

async function main() {
  cleanUpOnExit();
  const cfg = readOptions();
  const bench = startBench(cfg);
  try {
    await helloBaseline(bench);
    await setUpApp(bench);
    await runScenarios(bench, SCENARIOS);
    if (wantsHistory(cfg)) {
      await addHistory(bench);
      await runScenarios(bench, HISTORY_SCENARIOS);
      await historyFootprint(bench);
    }
  } catch (error) {
    bench.record.failed = true;
    bench.report.error = String(error?.stack ?? error);
    console.error(`\nbench FAILED: ${error?.stack ?? error}`);
  } finally {
    await stopBench(bench);
  }
  finishReport(bench);
  process.exitCode = bench.record.failed ? 1 : 0;
}

/**
 * The state every step shares, one object:
 *   cfg, report          the options; what is written to bench/results/*.json
 *   record               check(), timing(), appLog(), and `failed` (report.mjs)
 *   today                'YYYY-MM-DD' in Asia/Shanghai, the seeding's and the scenarios' "today"
 *   mainJs, tmp, dbPath  the built app; the temp folder and the SQLite file in it
 *   hello, app           the running servers (null when stopped)
 *   set by setUpApp:     staffToken, layout (seed.mjs), tokens (vendor `Bearer …`), claims (claims.mjs)
 */
function startBench(cfg) {
  const wallStart = performance.now();
  const today = localToday();
  const report = createReport(cfg, today);
  printHeader(report, cfg);
  const mainJs = join(ROOT, 'dist', 'main.js');
  if (!existsSync(mainJs)) throw new Error('dist/main.js not found: run `npm run build` first (npm run bench does)');
  const tmp = mkdtempSync(join(os.tmpdir(), 'tidal-bench-'));
  if (!cfg.keep) removeOnInterrupt(tmp);
  const dbPath = join(tmp, 'tidal-market.sqlite');
  report.options.databasePath = dbPath;
  return { cfg, report, record: createRecorder(report), wallStart, today, mainJs, tmp, dbPath, hello: null, app: null };
}

/** Whatever happened: no server left running, the temp folder removed unless --keep. */
async function stopBench({ cfg, hello, app, tmp }) {
  if (hello) await stopServer(hello).catch(() => {});
  if (app) await stopServer(app).catch(() => {});
  killChildren('SIGKILL');
  if (cfg.keep) {
    console.log(`kept ${tmp}`);
  } else {
    rmSync(tmp, { recursive: true, force: true });
    removeOnInterrupt(null);
  }
}

// With taskset and ≥ 2 CPUs this process only re-executes itself on core 0 (see server.mjs).
if (shouldPin(hasFlag('no-pin'))) runPinned(fileURLToPath(import.meta.url), ARGS);
else await main();
