// The report: the object written to bench/results/*.json, the checks and timings recorded in it
// while the bench runs, and at the end the printed table and summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, relative } from 'node:path';
import { TIMEZONE } from './seed.mjs';
import { pinned, pinningReport } from './server.mjs';

// ---------------------------------------------------------------- formatting
export const fmtInt = (n) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));
export const fmtMs = (n) =>
  n === null || n === undefined ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString();
export const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));

// ---------------------------------------------------------------- while running
/** The report's skeleton; the steps add seed, history, scenarios, checks, timings, app starts and log. */
export function createReport(cfg, today) {
  return {
    mode: cfg.mode,
    date: new Date().toISOString(),
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: os.cpus().length,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: loadAverage(),
    },
    options: {
      connections: cfg.connections,
      warmupSeconds: cfg.warmupSeconds,
      rounds: cfg.rounds,
      roundSeconds: cfg.roundSeconds,
      maxClaimRunSeconds: cfg.maxClaimRunSeconds,
      historyDays: cfg.historyDays,
      today,
      timezone: TIMEZONE,
      seed: cfg.seed,
    },
    pinning: pinningReport(cfg.noPin),
    scenarios: [],
    checks: [],
    app: { starts: [], logLines: 0, log: [] },
  };
}

/** The first lines: what runs, where, and a warning when the machine is already busy. */
export function printHeader(report, cfg) {
  console.log(
    `Tidal Market bench (${cfg.mode}): ${cfg.connections} connections, warm-up ${cfg.warmupSeconds} s, ` +
      `${cfg.rounds} × ${cfg.roundSeconds} s, history ${cfg.historyDays} days; ${report.machine.cpuCount} × ${report.machine.cpuModel}, node ${process.version}`,
  );
  console.log(
    pinned
      ? 'pinning: load generator on core 0, servers on core 1 (taskset)'
      : `pinning: OFF (${report.pinning.reason}); load generator and server share the CPUs`,
  );
  if (os.loadavg()[0] > 0.5) {
    console.log(
      `WARNING: load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} before the start: other processes are using the CPUs, figures will be low and noisy`,
    );
  }
}

/**
 * What the steps record as they go: `check` (a failed one makes the bench exit non-zero),
 * `timing` (seconds since the previous timing, in report.timings), `appLog` (the app's
 * `warn`+ lines; the first 200 kept).
 */
export function createRecorder(report) {
  report.timings = [];
  let mark = performance.now();
  const recorder = {
    failed: false,
    timing(name) {
      const now = performance.now();
      report.timings.push({ name, seconds: Number(((now - mark) / 1000).toFixed(2)) });
      mark = now;
    },
    check(name, ok, detail) {
      report.checks.push({ name, ok, detail });
      if (!ok) recorder.failed = true;
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
    },
    appLog(_name, stream, line) {
      report.app.logLines++;
      if (report.app.log.length < 200) report.app.log.push({ at: new Date().toISOString(), stream, line: line.slice(0, 2000) });
    },
  };
  return recorder;
}

// ---------------------------------------------------------------- at the end
function table(rows) {
  const head = ['scenario', 'req/s median [min–max]', 'p50 ms', 'p99 ms', '× hello', 'RSS MB', 'CPU ms/req', 'errors', 'checks'];
  const body = rows.map((r) => [r.label, r.rps, r.p50, r.p99, r.ratio, r.rss, r.cpu, r.errors, r.checks]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  // Columns 1–6 are figures: right-aligned, and marked so in the Markdown separator.
  const line = (cells) =>
    `| ${cells.map((c, i) => (i >= 1 && i <= 6 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i >= 1 && i <= 6 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

function tableRow(s, helloRps) {
  return {
    label: s.short ?? s.label,
    rps: `${fmtInt(s.reqPerSec.median)} [${fmtInt(s.reqPerSec.min)}–${fmtInt(s.reqPerSec.max)}]`,
    p50: fmtMs(s.p50),
    p99: fmtMs(s.p99),
    ratio: helloRps && s.reqPerSec.median !== null ? (s.reqPerSec.median / helloRps).toFixed(3) : '–',
    rss: s.rssMB === null ? '–' : s.rssMB.toFixed(0),
    cpu: s.serverCpuMsPerRequest === null ? '–' : s.serverCpuMsPerRequest.toFixed(s.serverCpuMsPerRequest < 1 ? 3 : 2),
    errors: errorCell(s),
    checks: s.checks ?? '',
  };
}

function errorCell(s) {
  const parts = [];
  if (s.errors) parts.push(`${s.errors} err`);
  if (s.timeouts) parts.push(`${s.timeouts} timeout`);
  if (s.unexpectedStatuses) {
    const other = Object.entries(s.statusCodes).filter(([code]) => !s.expectedStatuses.includes(Number(code)));
    parts.push(other.map(([code, n]) => `${n}×${code}`).join(' '));
  }
  return parts.length ? parts.join(', ') : '0';
}

function printSummary(report, helloRps) {
  console.log(`\n${table(report.scenarios.map((s) => tableRow(s, helloRps)))}`);
  if (report.history?.sizesAfterScenarios) {
    const sz = report.history.sizesAfterScenarios;
    console.log(
      `history: ${fmtInt(report.history.claims)} past claims seeded in ${report.history.seedSeconds.toFixed(1)} s; ` +
        `SQLite ${mb(sz.db)} MiB (${(sz.db / 1e9).toFixed(3)} GB) + WAL ${mb(sz.wal)} MiB after the scenarios (${mb(report.history.sizesAfterStop?.db ?? 0)} MiB after stop); ` +
        `app start with history ${fmtInt(report.history.startupMs)} ms; RSS ${report.history.rssMB?.toFixed(0)} MB`,
    );
  }
  if (report.app.logLines) {
    console.log(`app log (LOG_LEVEL=warn): ${report.app.logLines} line(s), first ones:`);
    for (const entry of report.app.log.slice(0, 5)) console.log(`  ${entry.line.slice(0, 300)}`);
  }
  const failures = report.checks.filter((c) => !c.ok);
  console.log(
    failures.length || report.error
      ? `FAILED checks: ${failures.map((c) => c.name).join('; ') || report.error.split('\n')[0]}`
      : 'all checks passed',
  );
}

/** Completes the report (wall time, load, ratios to hello), prints the table and summary, writes the JSON. */
export function finishReport({ report, cfg, wallStart }) {
  report.wallSeconds = (performance.now() - wallStart) / 1000;
  report.machine.loadAverageAtEnd = loadAverage();
  const helloRps = report.scenarios.find((s) => s.key === 'hello')?.reqPerSec.median;
  for (const s of report.scenarios) s.ratioToHello = helloRps && s.reqPerSec.median !== null ? s.reqPerSec.median / helloRps : null;
  printSummary(report, helloRps);
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(process.cwd(), cfg.out);
  console.log(`results: ${shown && !shown.startsWith('..') ? shown : cfg.out}`);
  console.log(`wall time: ${report.wallSeconds.toFixed(1)} s`);
}
