// The servers under test as child processes: pinning with taskset, start and stop, clean-up on
// exit or interruption, what /proc says about them (CPU time, RSS), and a small HTTP client for
// the one-off requests outside autocannon.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './options.mjs';

// ---------------------------------------------------------------- pinning
// With taskset and ≥ 2 CPUs the bench re-executes itself on core 0 (autocannon, seeding) and
// starts every server on core 1, so the two never take each other's core.
const CORES = os.cpus().length;
const TASKSET = (() => {
  const found = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
})();
const PINNED_ENV = 'TIDAL_BENCH_PINNED';

/** True in the re-executed process (the one that runs the bench). */
export const pinned = process.env[PINNED_ENV] === '1';

/** True in the first process when it should re-execute itself under `taskset -c 0`. */
export const shouldPin = (noPin) => process.env[PINNED_ENV] === undefined && Boolean(TASKSET) && CORES >= 2 && !noPin;

/** Runs `script args` again under `taskset -c 0` and exits with its code. */
export function runPinned(script, args) {
  const child = spawn(TASKSET, ['-c', '0', process.execPath, ...process.execArgv, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED_ENV]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** `report.pinning`: where things run, or why they are not pinned. */
export function pinningReport(noPin) {
  return pinned
    ? {
        pinned: true,
        loadGenerator: 'core 0 (taskset -c 0, autocannon in this process)',
        server: 'core 1 (taskset -c 1)',
        cpusAllowed: cpusAllowed(),
      }
    : {
        pinned: false,
        reason: !TASKSET ? 'taskset not found' : CORES < 2 ? `only ${CORES} CPU` : noPin ? '--no-pin' : 'not re-executed',
      };
}

function cpusAllowed() {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- clean-up
const children = new Set();

/** The temp folder to remove if the bench is interrupted (null once removed or kept). */
let tempDir = null;
export const removeOnInterrupt = (dir) => {
  tempDir = dir;
};

export function killChildren(signal = 'SIGKILL') {
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

/** No server outlives the bench, whether it ends, fails or is interrupted. */
export function cleanUpOnExit() {
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

// ---------------------------------------------------------------- start and stop
/**
 * Starts `node args` (on core 1 when pinned) and resolves once it prints the line matching
 * `ready` (whose first group is the port). Its other output lines go to `logSink`.
 */
export function startServer(name, args, env, ready, logSink) {
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

export const isRunning = (server) => server.child.exitCode === null && server.child.signalCode === null;

/** SIGTERM (the app's graceful shutdown), SIGKILL after `timeoutMs`. */
export async function stopServer(server, timeoutMs = 15_000) {
  const { child } = server;
  if (!isRunning(server)) return { code: child.exitCode, signal: child.signalCode };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

// ---------------------------------------------------------------- /proc
export const CLK_TCK = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout) > 0 ? Number(out.stdout) : 100;
})();

/** CPU time (clock ticks) a process has used so far, or null when it is gone. */
export function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** Waits until the server is idle (≤ 10 % of a core over two 100 ms samples, at most 20 s); returns the wait in ms. */
export async function drain(pid, maxMs = 20_000) {
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

/** The process's resident memory (VmRSS) in MB, or null when it is gone. */
export function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- one-off requests
/** A single request through fetch (probes, login): status, text and the JSON if it is JSON. */
export async function http(base, method, path, { token, body } = {}) {
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

export async function expectStatus(what, response, status) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
  return response;
}
