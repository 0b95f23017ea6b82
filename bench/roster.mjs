#!/usr/bin/env node
// Roster generation (issue 14): how long one zone's month takes to generate, the request a
// district's 31 zones each send once a month. After `npm run build` (`npm run bench:roster`).
//
// Set-up, all through the API on a fresh SQLite file: one zone with 70 stalls and three daily
// sessions (morning, noon, evening), 70 approved vendors each holding a standing place on every
// run of the next 30 days (6,300 claims), and three daily duties (one per session, headcount 2).
// Then POST /api/zones/:id/roster/generate for those 30 days: once on an empty roster, then
// --runs times again (each regeneration replaces the whole month), and prints the medians.
//
//   node bench/roster.mjs [--runs=N] [--out=FILE]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { cleanUpOnExit, expectStatus, http, startServer, stopServer } from './server.mjs';
import { ROOT } from './options.mjs';
import { ADMIN_PASSWORD, LISTENING, appEnv } from './app.mjs';
import { addDays, localToday } from './seed.mjs';

const STALLS = 70;
const DAYS = 30;
const SESSIONS = [
  { name: 'morning', startTime: '06:00', endTime: '09:00' },
  { name: 'noon', startTime: '11:00', endTime: '13:00' },
  { name: 'evening', startTime: '18:00', endTime: '21:00' },
];

const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const runs = Number(option('runs', '10'));
const out = option('out', join(ROOT, 'bench', 'results', 'roster.json'));

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  cleanUpOnExit();
  const tmp = mkdtempSync(join(os.tmpdir(), 'tidal-roster-bench-'));
  const env = { ...appEnv(join(tmp, 'bench.sqlite')), AUTH_RATE_LIMIT_PER_MINUTE: '10000' };
  const app = await startServer('app', [join(ROOT, 'dist', 'main.js')], env, LISTENING);
  try {
    const call = async (what, method, path, body, status, token) =>
      (await expectStatus(what, await http(app.url, method, path, { token, body }), status)).json;
    const staff = (await call('login', 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, 200)).accessToken;
    const as = (what, method, path, body, status = 201) => call(what, method, path, body, status, staff);

    const setUpStarted = performance.now();
    const from = addDays(localToday(), 1);
    const to = addDays(from, DAYS - 1);
    const zone = await as('zone', 'POST', '/api/zones', {
      name: '基准摊区',
      district: '南川区',
      address: '金佛大道 1 号',
      latitude: 29.15,
      longitude: 107.1,
      maxClaimsPerVendorPerWeek: 100,
    });
    const stalls = (await as('stalls', 'POST', `/api/zones/${zone.id}/stalls/bulk`, { prefix: 'A', count: STALLS, category: 'general' }))
      .items;
    const sessions = [];
    for (const s of SESSIONS)
      sessions.push(
        await as(`session ${s.name}`, 'POST', `/api/zones/${zone.id}/sessions`, { ...s, rrule: 'FREQ=DAILY', validFrom: from }),
      );
    let claims = 0;
    for (let i = 0; i < STALLS; i++) {
      const phone = `137${String(i).padStart(8, '0')}`;
      const vendor = await call(
        'register',
        'POST',
        '/api/vendors/register',
        {
          name: `摊主${i}`,
          phone,
          password: 'secret-123',
          kind: 'vegetable_farmer',
          categories: ['vegetables'],
        },
        201,
      );
      await as('approve', 'POST', `/api/vendors/${vendor.id}/approve`, undefined, 200);
      for (const session of sessions) {
        const placed = await as('assignment', 'POST', '/api/assignments', {
          vendorId: vendor.id,
          stallId: stalls[i].id,
          sessionId: session.id,
          from,
          to,
        });
        if (placed.conflicts.length) throw new Error(`assignment conflicts: ${JSON.stringify(placed.conflicts[0])}`);
        claims += placed.created.length;
      }
    }
    for (const session of sessions) {
      await as('duty', 'POST', `/api/zones/${zone.id}/duties`, {
        name: `${session.name} 清扫`,
        sessionId: session.id,
        rrule: 'FREQ=DAILY',
        headcount: 2,
      });
    }
    const setUpSeconds = (performance.now() - setUpStarted) / 1000;
    console.log(`set up ${STALLS} stalls, 3 sessions, ${STALLS} vendors, ${claims} claims, 3 duties in ${setUpSeconds.toFixed(1)} s`);

    const generate = async () => {
      const started = performance.now();
      const body = await as('generate', 'POST', `/api/zones/${zone.id}/roster/generate`, { from, to });
      return { ms: performance.now() - started, entries: body.items.length };
    };
    const first = await generate();
    const again = [];
    for (let i = 0; i < runs; i++) again.push(await generate());
    const read = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await as('roster', 'GET', `/api/zones/${zone.id}/roster?from=${from}&to=${to}`, undefined, 200);
      read.push(performance.now() - started);
    }
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      zone: { stalls: STALLS, sessions: SESSIONS.length, duties: 3, headcount: 2, days: DAYS, claims },
      entries: first.entries,
      firstGenerationMs: Math.round(first.ms),
      regenerationMs: {
        median: Math.round(median(again.map((r) => r.ms))),
        min: Math.round(Math.min(...again.map((r) => r.ms))),
        max: Math.round(Math.max(...again.map((r) => r.ms))),
        runs,
      },
      readRosterMs: { median: Math.round(median(read)), runs },
    };
    console.log(
      `roster of ${report.entries} entries for ${DAYS} days: first generation ${report.firstGenerationMs} ms; ` +
        `regeneration median ${report.regenerationMs.median} ms (min ${report.regenerationMs.min}, max ${report.regenerationMs.max}, ${runs} runs); ` +
        `reading it back median ${report.readRosterMs.median} ms`,
    );
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written to ${out}`);
  } finally {
    await stopServer(app);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
