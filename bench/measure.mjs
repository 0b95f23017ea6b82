// Load runs: autocannon in this process (core 0 when pinned), a warm-up then the measured rounds,
// and the figures of a scenario taken from them (medians over the rounds, server CPU per request).
import autocannon from 'autocannon';
import { fmtInt, fmtMs } from './report.mjs';
import { CLK_TCK, cpuTicks, drain, rssMB } from './server.mjs';

/** One autocannon run, with every response's exact time (autocannon's histogram keeps whole milliseconds). */
function cannon(options) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, times })));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Median of the values that are there (null/undefined ignored), or null. */
const median = (values) => {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

const sum = (runs, field) => runs.reduce((total, run) => total + run[field], 0);

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

/** The warm-up, cut into pieces of at most `maxRunSeconds` (the claim rush's capacity), then the rounds. */
function runPlan(cfg, maxRunSeconds) {
  const pieces = [];
  let left = cfg.warmupSeconds;
  while (left > 0) {
    pieces.push(Math.min(left, maxRunSeconds));
    left -= Math.min(left, maxRunSeconds);
  }
  return [
    ...pieces.map((seconds, index) => ({ phase: 'warmup', index, seconds })),
    ...Array.from({ length: cfg.rounds }, (_, index) => ({ phase: 'round', index, seconds: cfg.roundSeconds })),
  ];
}

/** One run of the plan, with the server's CPU time over it (it stays meaningful on a shared machine, req/s does not). */
async function oneRun(spec, cfg, info, roundFollows) {
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
  if (spec.pid && roundFollows) run.drainMs = await drain(spec.pid);
  await spec.after?.(info, run);
  return run;
}

function printRun(info, run) {
  process.stdout.write(
    `  ${info.phase === 'warmup' ? 'warm-up' : 'round  '} ${info.index + 1}: ${fmtInt(run.reqPerSec)} req/s, ` +
      `p50 ${fmtMs(run.p50)} ms, p99 ${fmtMs(run.p99)} ms, server CPU ${run.serverCpuMsPerRequest?.toFixed(3) ?? '–'} ms/req, statuses ${JSON.stringify(run.statusCodes)}` +
      `${run.errors || run.timeouts ? `, errors ${run.errors}, timeouts ${run.timeouts}` : ''}${run.note ? `, ${run.note}` : ''}\n`,
  );
}

/**
 * Warm-up, then the rounds; the figures are over the rounds only, the status counts and errors
 * over every run. spec: { url, pid (the server's, for CPU/RSS/idle), expectedStatuses,
 * requests(info) → autocannon requests, maxRunSeconds?, before?(info), after?(info, run) }.
 */
export async function measure(spec, cfg) {
  const plan = runPlan(cfg, spec.maxRunSeconds ?? Infinity);
  const runs = [];
  const started = performance.now();
  for (const [position, info] of plan.entries()) {
    info.run = position;
    const run = await oneRun(spec, cfg, info, plan[position + 1]?.phase === 'round');
    runs.push(run);
    printRun(info, run);
  }
  const rounds = runs.filter((r) => r.phase === 'round');
  const statusCodes = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const expected = spec.expectedStatuses;
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => !expected.includes(Number(code)))
    .reduce((total, [, n]) => total + n, 0);
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
    errors: sum(runs, 'errors'),
    timeouts: sum(runs, 'timeouts'),
    non2xx: sum(runs, 'non2xx'),
    rssMB: spec.pid ? rssMB(spec.pid) : null,
    seconds: (performance.now() - started) / 1000,
    runs,
  };
}
