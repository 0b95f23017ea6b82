#!/usr/bin/env node
// Tidal Market benchmark harness (issue 5). Plain ESM, runs with `node bench/run.mjs`
// after `npm run build` (`npm run bench` does both). See bench/README.md.
//
//   npm run bench                 full run: 8 s warm-up, 3 rounds × 5 s, one year of history
//   npm run bench -- --quick      2 s warm-up, 1 round × 2 s, 30 days of history (< 60 s)
//   options: --keep (keep the temp SQLite folder), --no-pin, --connections=N, --warmup=S,
//            --rounds=N, --duration=S, --history-days=N, --out=FILE
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NANCHUAN,
  TIMEZONE,
  WINDOWS,
  addDays,
  cancelActiveClaims,
  fileSizes,
  localToday,
  openDatabase,
  seedBase,
  seedHistory,
} from './seed.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SCRIPT), '..');
const ARGS = process.argv.slice(2);
const flag = (name) => ARGS.includes(`--${name}`);
const value = (name, fallback) => {
  const arg = ARGS.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const n = Number(arg.slice(name.length + 3));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number`);
  return n;
};

// ---------------------------------------------------------------- pinning (re-exec on core 0)
const CORES = os.cpus().length;
const TASKSET = (() => {
  const found = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
})();
// ---------------------------------------------------------------- constants
function settings() {
  const quick = flag('quick');
  const cfg = {
    mode: quick ? 'quick' : 'full',
    connections: value('connections', 32),
    warmupSeconds: value('warmup', quick ? 2 : 8),
    rounds: value('rounds', quick ? 1 : 3),
    roundSeconds: value('duration', quick ? 2 : 5),
    // Claim-rush runs are cut into pieces of at most this length (see "capacity" in the README).
    maxClaimRunSeconds: 5,
    historyDays: value('history-days', quick ? 30 : 365),
    keep: flag('keep'),
    // --only=claim-rush,schedule runs just those scenarios (history ones only when named).
    only:
      ARGS.find((a) => a.startsWith('--only='))
        ?.slice(7)
        .split(',')
        .filter(Boolean) ?? null,
    // --cpu-prof: every app start writes a V8 CPU profile into bench/results/profiles/.
    cpuProf: flag('cpu-prof'),
    out:
      ARGS.find((a) => a.startsWith('--out='))?.slice(6) ??
      join(
        ROOT,
        'bench',
        'results',
        ARGS.some((a) => a.startsWith('--only=')) ? 'latest-partial.json' : quick ? 'latest-quick.json' : 'latest.json',
      ),
    seed: { ...NANCHUAN, timezone: TIMEZONE, windows: WINDOWS },
  };
  if (cfg.rounds < 1 || cfg.roundSeconds <= 0 || cfg.connections < 1) throw new Error('--rounds, --duration and --connections must be ≥ 1');
  return cfg;
}

const JWT_SECRET = 'tidal-bench-secret-0123456789abcdefghijklmnopqrs'; // 48 characters, bench only
const ADMIN_PASSWORD = 'bench-admin-password-2026';
const CLAIM_ID = /"id"\s*:\s*"([0-9a-fA-F-]{36})"/;

// ---------------------------------------------------------------- child processes
const children = new Set();

function killChildren(signal = 'SIGKILL') {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/** The temp folder to remove if the bench is interrupted (null once removed or kept). */
let tempDir = null;

function killChildrenOnExit() {
  process.on('exit', () => killChildren('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping the servers`);
      killChildren('SIGKILL');
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

const pinned = process.env.TIDAL_BENCH_PINNED === '1';

/**
 * Starts a server (pinned to core 1 when pinning) and resolves once it prints
 * the line matching `ready` (whose first group is the port).
 */
function startServer(name, args, env, ready, logSink) {
  const command = pinned ? TASKSET : process.execPath;
  const argv = pinned ? ['-c', '1', process.execPath, ...args] : args;
  const started = performance.now();
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const recent = [];
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not print its listening line within 60 s`)), 60_000);
    const fail = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      error.message += recent.length ? `\n--- last output of ${name} ---\n${recent.join('\n')}` : '';
      reject(error);
    };
    const onLine = (stream) => (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      const match = ready.exec(line);
      if (match && !done) {
        done = true;
        clearTimeout(timer);
        resolve({
          name,
          child,
          pid: child.pid,
          port: Number(match[1]),
          url: `http://127.0.0.1:${match[1]}`,
          startupMs: performance.now() - started,
        });
        return;
      }
      logSink?.(name, stream, line);
    };
    lines(child.stdout, onLine('stdout'));
    lines(child.stderr, onLine('stderr'));
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`${name} exited (code ${code}, signal ${signal}) before listening`)));
  });
}

function lines(stream, onLine) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
  stream.on('end', () => buffer && onLine(buffer));
}

async function stopServer(server, timeoutMs = 15_000) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

const CLK_TCK = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout) > 0 ? Number(out.stdout) : 100;
})();

/** CPU time (clock ticks) a process has used so far, or null when it is gone. */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** Waits until the server is idle (≤ 10 % of a core over two 100 ms samples, at most 20 s); returns the wait in ms. */
async function drain(pid, maxMs = 20_000) {
  const started = performance.now();
  let last = cpuTicks(pid);
  let calm = 0;
  while (last !== null && performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = cpuTicks(pid);
    if (now === null) break;
    calm = now - last <= 1 ? calm + 1 : 0;
    last = now;
    if (calm >= 2) break;
  }
  return Math.round(performance.now() - started);
}

function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- measuring
function cannon(options) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, times })));
    // Exact response times (autocannon's histogram keeps whole milliseconds).
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const median = (values) => {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

function summariseRun(info, result, times) {
  times.sort((a, b) => a - b);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    phase: info.phase,
    index: info.index,
    seconds: info.seconds,
    reqPerSec: result.requests.average,
    completed: result.requests.total,
    sent: result.requests.sent,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.length ? times[times.length - 1] : null,
    autocannonLatency: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average },
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Warm-up (cut into pieces of at most `maxRunSeconds`), then the rounds; the
 * figures are over the rounds only. `spec.request(info)` gives the autocannon
 * request(s) of a run; `before`/`after` run around each run.
 */
async function measure(spec, cfg) {
  const runs = [];
  const pieces = [];
  let left = cfg.warmupSeconds;
  const cut = spec.maxRunSeconds ?? Infinity;
  while (left > 0) {
    pieces.push(Math.min(left, cut));
    left -= Math.min(left, cut);
  }
  const plan = [
    ...pieces.map((seconds, index) => ({ phase: 'warmup', index, seconds })),
    ...Array.from({ length: cfg.rounds }, (_, index) => ({ phase: 'round', index, seconds: cfg.roundSeconds })),
  ];
  let runNumber = 0;
  const started = performance.now();
  for (const [position, info] of plan.entries()) {
    info.run = runNumber++;
    await spec.before?.(info);
    const ticksBefore = spec.pid ? cpuTicks(spec.pid) : null;
    const { result, times } = await cannon({
      url: spec.url,
      connections: cfg.connections,
      duration: info.seconds,
      timeout: 10,
      requests: spec.requests(info),
    });
    const run = summariseRun(info, result, times);
    const ticksAfter = spec.pid ? cpuTicks(spec.pid) : null;
    run.serverCpuSeconds = ticksBefore !== null && ticksAfter !== null ? (ticksAfter - ticksBefore) / CLK_TCK : null;
    run.serverCpuMsPerRequest = run.serverCpuSeconds !== null && run.completed ? (run.serverCpuSeconds * 1000) / run.completed : null;
    // autocannon drops its connections at the end; the server still works off what they had
    // sent. A measured round starts only once the server is idle again.
    if (spec.pid && plan[position + 1]?.phase === 'round') run.drainMs = await drain(spec.pid);
    await spec.after?.(info, run);
    runs.push(run);
    process.stdout.write(
      `  ${info.phase === 'warmup' ? 'warm-up' : 'round  '} ${info.index + 1}: ${fmtInt(run.reqPerSec)} req/s, ` +
        `p50 ${fmtMs(run.p50)} ms, p99 ${fmtMs(run.p99)} ms, server CPU ${run.serverCpuMsPerRequest?.toFixed(3) ?? '–'} ms/req, statuses ${JSON.stringify(run.statusCodes)}` +
        `${run.errors || run.timeouts ? `, errors ${run.errors}, timeouts ${run.timeouts}` : ''}${run.note ? `, ${run.note}` : ''}\n`,
    );
  }
  const rounds = runs.filter((r) => r.phase === 'round');
  const statusCodes = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const expected = spec.expectedStatuses;
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => !expected.includes(Number(code)))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    reqPerSec: {
      median: median(rounds.map((r) => r.reqPerSec)),
      min: Math.min(...rounds.map((r) => r.reqPerSec)),
      max: Math.max(...rounds.map((r) => r.reqPerSec)),
    },
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    serverCpuMsPerRequest: median(rounds.map((r) => r.serverCpuMsPerRequest)),
    statusCodes,
    expectedStatuses: expected,
    unexpectedStatuses: unexpected,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    rssMB: spec.pid ? rssMB(spec.pid) : null,
    seconds: (performance.now() - started) / 1000,
    runs,
  };
}

// ---------------------------------------------------------------- formatting
const fmtInt = (n) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const fmtMs = (n) => (n === null || n === undefined ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());

function table(rows) {
  const head = ['scenario', 'req/s median [min–max]', 'p50 ms', 'p99 ms', '× hello', 'RSS MB', 'CPU ms/req', 'errors', 'checks'];
  const body = rows.map((r) => [r.label, r.rps, r.p50, r.p99, r.ratio, r.rss, r.cpu, r.errors, r.checks]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i >= 1 && i <= 6 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i >= 1 && i <= 6 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

// ---------------------------------------------------------------- HTTP helpers
async function http(base, method, path, { token, body } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, text, json };
}

async function expectStatus(what, response, status) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
  return response;
}

// ---------------------------------------------------------------- main
async function main() {
  killChildrenOnExit();
  const cfg = settings();
  const wallStart = performance.now();
  const today = localToday();
  const report = {
    mode: cfg.mode,
    date: new Date().toISOString(),
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: CORES,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
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
    pinning: pinned
      ? {
          pinned: true,
          loadGenerator: 'core 0 (taskset -c 0, autocannon in this process)',
          server: 'core 1 (taskset -c 1)',
          cpusAllowed: cpusAllowed(),
        }
      : {
          pinned: false,
          reason: !TASKSET ? 'taskset not found' : CORES < 2 ? `only ${CORES} CPU` : flag('no-pin') ? '--no-pin' : 'not re-executed',
        },
    scenarios: [],
    checks: [],
    app: { starts: [], logLines: 0, log: [] },
  };
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
  const mainJs = join(ROOT, 'dist', 'main.js');
  if (!existsSync(mainJs)) throw new Error('dist/main.js not found: run `npm run build` first (npm run bench does)');

  const tmp = mkdtempSync(join(os.tmpdir(), 'tidal-bench-'));
  if (!cfg.keep) tempDir = tmp;
  const dbPath = join(tmp, 'tidal-market.sqlite');
  report.options.databasePath = dbPath;
  let failed = false;
  report.timings = [];
  let mark = performance.now();
  const timing = (name) => {
    const now = performance.now();
    report.timings.push({ name, seconds: Number(((now - mark) / 1000).toFixed(2)) });
    mark = now;
  };
  const check = (name, ok, detail) => {
    report.checks.push({ name, ok, detail });
    if (!ok) failed = true;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  };
  const logSink = (name, stream, line) => {
    report.app.logLines++;
    if (report.app.log.length < 200) report.app.log.push({ at: new Date().toISOString(), stream, line: line.slice(0, 2000) });
  };
  const appEnv = {
    ...process.env,
    DATABASE_PATH: dbPath,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
  };
  delete appEnv.DATABASE_URL;
  const startApp = async (label) => {
    const nodeArgs = cfg.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`] : [];
    const server = await startServer('app', [...nodeArgs, mainJs], appEnv, /Tidal Market listening on http:\/\/[^\s/]+:(\d+)/, logSink);
    report.app.starts.push({ label, startupMs: Math.round(server.startupMs) });
    console.log(`app started (${label}) on port ${server.port}, pid ${server.pid}, in ${fmtInt(server.startupMs)} ms`);
    return server;
  };

  let hello = null;
  let app = null;
  try {
    // ------------------------------------------------------------ 1. the raw baseline
    console.log('\n[hello] raw node:http baseline');
    hello = await startServer(
      'hello',
      [join(ROOT, 'bench', 'hello-server.mjs')],
      { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      /hello listening on http:\/\/[^\s/]+:(\d+)/,
    );
    await expectStatus('GET / (hello)', await http(hello.url, 'GET', '/'), 200);
    const helloResult = await measure(
      {
        url: hello.url,
        pid: hello.pid,
        expectedStatuses: [200],
        requests: () => [{ method: 'GET', path: '/' }],
      },
      cfg,
    );
    timing('hello');
    report.scenarios.push({ key: 'hello', label: 'raw node:http hello (GET /)', short: 'hello (raw node:http)', ...helloResult });
    await stopServer(hello);
    hello = null;

    // ------------------------------------------------------------ 2. app, migrations, seed
    console.log(`\n[seed] temp folder ${tmp}`);
    timing('hello stop');
    app = await startApp('migrations');
    timing('app start (migrations)');
    const login = await expectStatus(
      'POST /api/auth/login (admin)',
      await http(app.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } }),
      200,
    );
    const staffToken = login.json.accessToken;
    await stopServer(app);
    app = null;
    timing('login, app stop');
    let t = performance.now();
    const layout = seedBase(dbPath, { today });
    report.seed = {
      zones: layout.zones.length,
      stalls: layout.stalls.length,
      sessions: layout.zones.length * WINDOWS.length,
      vendors: layout.vendors.length,
      gridZoneStalls: layout.gridZone?.stalls.length,
      seconds: (performance.now() - t) / 1000,
    };
    console.log(
      `seeded ${report.seed.zones} zones, ${report.seed.stalls} stalls, ${report.seed.sessions} sessions, ` +
        `${report.seed.vendors} approved vendors in ${report.seed.seconds.toFixed(2)} s`,
    );
    if (!layout.gridZone) throw new Error('no zone with 68 stalls was seeded');
    const tokens = layout.vendors.map(
      (id) => `Bearer ${jwt.sign({ sub: id, role: 'vendor' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 })}`,
    );
    timing('seed');
    app = await startApp('seeded');
    timing('app start (seeded)');

    const rushDates = Array.from({ length: NANCHUAN.bookingHorizonDays - 1 }, (_, i) => addDays(today, i + 1)); // tomorrow … today+13
    const contentionDate = addDays(today, NANCHUAN.bookingHorizonDays); // today+14, only for contention
    // Every slot the bench may have claimed since the last recycle: [stallId, sessionId, date].
    let touched = [];
    const rush = rushGenerator(layout, rushDates, tokens, (slot) => touched.push(slot));
    report.options.claimRush = { dates: [rushDates[0], rushDates.at(-1)], cycle: rush.cycle, contentionDate };
    const tomorrow = addDays(today, 1);

    const writer = () => openDatabase(dbPath);
    const reader = () => openDatabase(dbPath, { readonly: true });
    /** Cancels the bench's active claims, once the app has finished what was in flight. */
    const recycle = async () => {
      await quiet(dbPath);
      const slots = touched;
      touched = [];
      const db = writer();
      try {
        return cancelActiveClaims(db, slots);
      } finally {
        db.close();
      }
    };

    // ------------------------------------------------------------ scenario: claim rush
    const claimRush = async (key, label, short) => {
      console.log(`\n[${key}] ${label}`);
      const before = countClaims(dbPath);
      const ids = [];
      const samples = [];
      // A probe first: one claim through fetch, so a broken endpoint shows its answer.
      await recycle();
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
          maxRunSeconds: cfg.maxClaimRunSeconds,
          before: async () => {
            const cancelled = await recycle();
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
                  samples.push({ status, body: body.slice(0, 400) });
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
        cfg,
      );
      await quiet(dbPath);
      const after = countClaims(dbPath);
      const missing = missingClaims(dbPath, ids);
      const created = ids.length;
      check(
        `${key}: every request answered 201`,
        result.unexpectedStatuses === 0 && result.errors === 0 && result.timeouts === 0,
        `${fmtInt(result.statusCodes['201'] ?? 0)} × 201${result.unexpectedStatuses ? `, ${result.unexpectedStatuses} other: ${JSON.stringify(result.statusCodes)}` : ''}` +
          `${result.errors || result.timeouts ? `, ${result.errors} errors, ${result.timeouts} timeouts` : ''}`,
      );
      check(
        `${key}: every 201 is durable`,
        missing === 0 && after - before >= created,
        `${fmtInt(created)} claims answered 201 (probe included), ${fmtInt(after - before)} new rows in claims, ${missing} of the 201 ids missing`,
      );
      report.scenarios.push({
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
    };

    // ------------------------------------------------------------ scenario: contention
    const contention = async () => {
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
            await recycle();
            const zone = layout.zones[(info.run * 7 + 3) % layout.zones.length];
            const w = info.run % WINDOWS.length;
            target = { zone, sessionId: zone.sessions[w], window: WINDOWS[w].name, stalls: zone.stalls.slice(0, 50), date: contentionDate };
            for (const stall of target.stalls) touched.push([stall.id, target.sessionId, target.date]);
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
                req.body = `{"stallId":"${stall.id}","sessionId":"${target.sessionId}","date":"${target.date}"}`;
                return req;
              },
              onResponse: (status, body) => {
                if (status !== 201 && status !== 409 && samples.length < 10) samples.push({ status, body: body.slice(0, 400) });
                else if (status === 409 && samples.length < 3) samples.push({ status, body: body.slice(0, 400) });
              },
            },
          ],
          after: async (info, run) => {
            await quiet(dbPath);
            const db = reader();
            const holder = db
              .prepare(
                `SELECT count(*) FROM claims WHERE stall_id = ? AND session_id = ? AND date = ? AND status IN ('confirmed', 'checked_in') AND NOT settled`,
              )
              .pluck();
            const active = target.stalls.reduce((sum, stall) => sum + holder.get(stall.id, target.sessionId, target.date), 0);
            db.close();
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
        cfg,
      );
      const ok = perRun.every((r) => r.got201 === 50 && r.active === 50) && result.unexpectedStatuses === 0 && result.errors === 0;
      check(
        'contention: exactly 50 × 201 per run, the rest 409, 50 active rows',
        ok,
        perRun.map((r) => `${r.phase} ${r.index + 1}: ${r.got201}×201/${r.got409}×409/${r.active} rows`).join('; '),
      );
      report.scenarios.push({
        key,
        label: 'contention: 50 slots, random vendors',
        short: '2 contention (50 slots)',
        ...result,
        perRun,
        samples,
        checks: `${perRun.filter((r) => r.got201 === 50 && r.active === 50).length}/${perRun.length} runs exactly 50×201`,
      });
      await recycle();
    };

    // ------------------------------------------------------------ scenario: GET (grid, schedule)
    const getScenario = async (key, label, short, path, expectItems, extraHeaders = {}) => {
      console.log(`\n[${key}] ${label}`);
      const probe = await expectStatus(`GET ${path}`, await http(app.url, 'GET', path, { token: staffToken }), 200);
      const items = Array.isArray(probe.json?.items) ? probe.json.items.length : null;
      check(`${key}: answer has ${expectItems} items`, items === expectItems, `${items} items, ${fmtInt(probe.text.length)} bytes`);
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
              headers: { authorization: `Bearer ${staffToken}`, ...extraHeaders },
              onResponse: (status, body) => {
                if (status !== 200 && samples.length < 10) samples.push({ status, body: body.slice(0, 400) });
              },
            },
          ],
        },
        cfg,
      );
      check(
        `${key}: every request answered 200`,
        result.unexpectedStatuses === 0 && result.errors === 0 && result.timeouts === 0,
        JSON.stringify(result.statusCodes),
      );
      report.scenarios.push({
        key,
        label,
        short,
        path,
        headers: extraHeaders,
        items,
        bytes: probe.text.length,
        ...result,
        samples,
        checks: `${items} items, ${fmtInt(probe.text.length)} B${extraHeaders['accept-encoding'] ? ', gzip' : ''}`,
      });
    };

    const grid = layout.gridZone;
    const slotsPath = `/api/zones/${grid.id}/slots?date=${tomorrow}`;
    const schedulePath = `/api/zones/${grid.id}/schedule?from=${today}&to=${addDays(today, 365)}`;

    /** A scenario that fails is recorded and the next one runs, unless the app is gone. */
    const attempt = async (key, work) => {
      if (cfg.only && !cfg.only.includes(key)) return;
      try {
        await work();
      } catch (error) {
        if (!app || app.child.exitCode !== null || app.child.signalCode !== null) throw error;
        check(`${key}: ran`, false, String(error?.message ?? error).split('\n')[0]);
        report.scenarios.push({
          key,
          label: key,
          short: key,
          failed: String(error?.stack ?? error),
          reqPerSec: { median: null, min: null, max: null },
          p50: null,
          p99: null,
          rssMB: rssMB(app.pid),
          serverCpuMsPerRequest: null,
          statusCodes: {},
          expectedStatuses: [],
          unexpectedStatuses: 0,
          errors: 0,
          timeouts: 0,
          checks: 'FAILED',
        });
      }
    };

    await attempt('claim-rush', () =>
      claimRush('claim-rush', 'claim rush: POST /api/claims, every request a distinct free slot', '1 claim rush'),
    );
    timing('claim rush');
    await attempt('contention', contention);
    timing('contention');
    await attempt('slot-grid', () =>
      getScenario(
        'slot-grid',
        `slot grid: GET slots, ${grid.stalls.length}-stall zone, tomorrow`,
        '3 slot grid',
        slotsPath,
        grid.stalls.length * WINDOWS.length,
      ),
    );
    timing('slot grid');
    // As phones ask for it (every mobile HTTP stack sends Accept-Encoding: gzip), and without compression.
    await attempt('schedule', () =>
      getScenario(
        'schedule',
        'schedule: GET schedule, 366 days, Accept-Encoding: gzip',
        '4 schedule 366 d (gzip)',
        schedulePath,
        WINDOWS.length * 366,
        { 'accept-encoding': 'gzip, deflate, br' },
      ),
    );
    timing('schedule');
    await attempt('schedule-identity', () =>
      getScenario(
        'schedule-identity',
        'schedule: GET schedule, 366 days, no Accept-Encoding',
        '4 schedule 366 d (identity)',
        schedulePath,
        WINDOWS.length * 366,
      ),
    );
    timing('schedule (identity)');

    // ------------------------------------------------------------ 5. one year of history
    // --only without a +history scenario skips the seeding of history.
    if (!cfg.only || cfg.only.some((key) => key.endsWith('+history'))) {
      console.log(`\n[history] stopping the app, seeding ${cfg.historyDays} days of past claims`);
      await stopServer(app);
      app = null;
      await recycle();
      timing('app stop');
      t = performance.now();
      let lastPrint = 0;
      const history = seedHistory(dbPath, layout, {
        days: cfg.historyDays,
        today,
        daysPerTransaction: 30,
        onProgress: ({ done, days, rows }) => {
          if (performance.now() - lastPrint > 5000 || done === days) {
            lastPrint = performance.now();
            console.log(`  ${done}/${days} days, ${fmtInt(rows)} claims, ${((performance.now() - t) / 1000).toFixed(1)} s`);
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
      app = await startApp('with history');
      timing('app start (history)');
      report.history.startupMs = report.app.starts.at(-1).startupMs;
      await attempt('claim-rush+history', () =>
        claimRush(
          'claim-rush+history',
          `claim rush with ${cfg.historyDays} days of history`,
          `5 claim rush + ${cfg.historyDays} d history`,
        ),
      );
      timing('claim rush + history');
      await attempt('slot-grid+history', () =>
        getScenario(
          'slot-grid+history',
          `slot grid with ${cfg.historyDays} days of history`,
          `5 slot grid + ${cfg.historyDays} d history`,
          slotsPath,
          grid.stalls.length * WINDOWS.length,
        ),
      );
      timing('slot grid + history');
      report.history.sizesAfterScenarios = fileSizes(dbPath);
      report.history.rssMB = rssMB(app.pid);
      await stopServer(app);
      app = null;
      report.history.sizesAfterStop = fileSizes(dbPath);
      timing('app stop');
    }
  } catch (error) {
    failed = true;
    report.error = String(error?.stack ?? error);
    console.error(`\nbench FAILED: ${error?.stack ?? error}`);
  } finally {
    if (hello) await stopServer(hello).catch(() => {});
    if (app) await stopServer(app).catch(() => {});
    killChildren('SIGKILL');
    if (cfg.keep) {
      console.log(`kept ${tmp}`);
    } else {
      rmSync(tmp, { recursive: true, force: true });
      tempDir = null;
    }
  }

  // ------------------------------------------------------------ report
  report.wallSeconds = (performance.now() - wallStart) / 1000;
  report.machine.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  const helloRps = report.scenarios.find((s) => s.key === 'hello')?.reqPerSec.median;
  const rows = report.scenarios.map((s) => ({
    label: s.short ?? s.label,
    rps: `${fmtInt(s.reqPerSec.median)} [${fmtInt(s.reqPerSec.min)}–${fmtInt(s.reqPerSec.max)}]`,
    p50: fmtMs(s.p50),
    p99: fmtMs(s.p99),
    ratio: helloRps && s.reqPerSec.median !== null ? (s.reqPerSec.median / helloRps).toFixed(3) : '–',
    rss: s.rssMB === null ? '–' : s.rssMB.toFixed(0),
    cpu: s.serverCpuMsPerRequest === null ? '–' : s.serverCpuMsPerRequest.toFixed(s.serverCpuMsPerRequest < 1 ? 3 : 2),
    errors: errorCell(s),
    checks: s.checks ?? '',
  }));
  for (const s of report.scenarios) s.ratioToHello = helloRps && s.reqPerSec.median !== null ? s.reqPerSec.median / helloRps : null;
  console.log(`\n${table(rows)}`);
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
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(process.cwd(), cfg.out);
  console.log(`results: ${shown && !shown.startsWith('..') ? shown : cfg.out}`);
  console.log(`wall time: ${report.wallSeconds.toFixed(1)} s`);
  process.exitCode = failed ? 1 : 0;
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

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

function cpusAllowed() {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- claim-rush bodies
/**
 * Every request a distinct free slot, and no vendor twice in one window of a
 * day. Windows of the same name overlap across zones (06:00–09:00 everywhere),
 * so 500 vendors hold at most 500 × 3 windows × 13 dates = 19,500 claims: a
 * "cycle". Index i → vendor i mod 500, (window, date) next, stall spread over
 * the zones. Any `cycle` consecutive indices are pairwise compatible; before
 * each run the bench cancels the previous run's claims (rows stay), so each
 * run can use up to one cycle.
 */
function rushGenerator(layout, dates, tokens, onSlot) {
  const V = layout.vendors.length;
  const W = WINDOWS.length;
  const WD = W * dates.length;
  const S = layout.stalls.length;
  if (V > S) throw new Error('the claim rush needs at least as many stalls as vendors');
  const cycle = V * WD;
  let cursor = 0;
  let runStart = 0;
  return {
    cycle,
    restartRun: () => {
      runStart = cursor;
    },
    usedThisRun: () => cursor - runStart,
    next() {
      const i = cursor++;
      const v = i % V;
      const wd = Math.floor(i / V) % WD;
      const c = Math.floor(i / cycle);
      const w = wd % W;
      const stall = layout.stalls[(v + wd * 97 + c * V) % S];
      const sessionId = layout.zones[stall.zoneIndex].sessions[w];
      const date = dates[Math.floor(wd / W)];
      onSlot([stall.id, sessionId, date]);
      return {
        auth: tokens[v],
        body: `{"stallId":"${stall.id}","sessionId":"${sessionId}","date":"${date}"}`,
      };
    },
  };
}

// ---------------------------------------------------------------- database look-ups (read-only)
function countClaims(dbPath) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM claims').pluck().get();
  } finally {
    db.close();
  }
}

function missingClaims(dbPath, ids) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const find = db.prepare('SELECT 1 FROM claims WHERE id = ?').pluck();
    return ids.reduce((missing, id) => missing + (find.get(id) ? 0 : 1), 0);
  } finally {
    db.close();
  }
}

/** Waits until the app has finished the requests still in flight when autocannon stopped. */
async function quiet(dbPath, { stableMs = 300, maxMs = 10_000 } = {}) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    let probe;
    try {
      probe = db.prepare('SELECT max(rowid) FROM claims').pluck();
    } catch {
      probe = db.prepare('SELECT count(*) FROM claims').pluck(); // a table without rowid
    }
    const started = Date.now();
    let last = probe.get();
    let since = Date.now();
    while (Date.now() - started < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = probe.get();
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= stableMs) {
        return;
      }
    }
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- entry
if (process.env.TIDAL_BENCH_PINNED === undefined && TASKSET && CORES >= 2 && !flag('no-pin')) {
  const child = spawn(TASKSET, ['-c', '0', process.execPath, ...process.execArgv, SCRIPT, ...ARGS], {
    stdio: 'inherit',
    env: { ...process.env, TIDAL_BENCH_PINNED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}
