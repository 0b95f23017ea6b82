#!/usr/bin/env node
// `npm run demo`: seeds (or refreshes) the demo district into data/demo/tidal-market.sqlite, then
// serves the app on it and prints where to look and how to log in. After `npm run build` (the npm
// script builds first). The production file, data/tidal-market.sqlite, is never touched: the demo
// has its own folder, so its generated JWT secret is its own too. Reset: `rm -r data/demo`.
//
//   PORT (default 3000), HOST (default 0.0.0.0), DEMO_DATABASE_PATH (default data/demo/tidal-market.sqlite)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { TIMEZONE, CENTRE, VENDOR_PASSWORD, planDistrict } from './demo/district.mjs';
import { seedDemoDistrict } from './demo/seed-district.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Fixed demo logins: this file is a demo on your own machine, never a deployment. */
const DEMO_ADMIN = { username: 'admin', password: 'demo-admin-2026' };

const databasePath = process.env.DEMO_DATABASE_PATH ?? join(ROOT, 'data', 'demo', 'tidal-market.sqlite');

console.log(`demo district → ${relative(ROOT, databasePath) || databasePath}`);
const summary = await seedDemoDistrict({
  databasePath,
  adminUsername: DEMO_ADMIN.username,
  adminPassword: DEMO_ADMIN.password,
  log: (line) => console.log(`  ${line}`),
});
const refused = Object.entries(summary.claims.refused)
  .map(([code, n]) => `${n} ${code}`)
  .join(', ');
console.log(
  `  ${summary.cancellations ? `rain: ${summary.cancellations} evening runs cancelled with a reason; ` : ''}` +
    `feedback: ${summary.feedback.created} posted, ${summary.feedback.resolved} resolved; ` +
    `no-shows recorded: ${summary.noShowsRecorded}${refused ? `; claims refused by the rules: ${refused}` : ''}`,
);
console.log(`seeded in ${summary.seconds} s (today is ${summary.today} in ${TIMEZONE}); starting the app…\n`);

const env = {
  ...process.env,
  DATABASE_PATH: databasePath,
  ADMIN_USERNAME: DEMO_ADMIN.username,
  ADMIN_PASSWORD: DEMO_ADMIN.password,
  PORT: process.env.PORT ?? '3000',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
delete env.DATABASE_URL; // the demo is its SQLite file, never a PostgreSQL the shell happens to point at
const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['inherit', 'pipe', 'inherit'] });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

let buffer = '';
let shown = false;
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk;
  const match = /listening on (http:\/\/[^\s/]+:\d+)/.exec(buffer);
  if (match && !shown) {
    shown = true;
    printBanner(match[1]);
  }
});

function printBanner(base) {
  const [first, second] = planDistrict().vendors;
  const near = `${base}/api/public/zones?lat=${CENTRE.latitude}&lng=${CENTRE.longitude}&radius=3000`;
  console.log(`
  Tidal Market demo: 南川区, 31 zones around ${CENTRE.latitude} N ${CENTRE.longitude} E
    residents' page   ${base}/
    vendor app        ${base}/vendor/   (sign in with a vendor login below)
    staff console     ${base}/console/   (sign in with the staff login below)
    API docs          ${base}/docs
    markets near the centre (JSON)  ${near}
  logins (POST ${base}/api/auth/login)
    staff             ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password}
    vendor            ${first.phone} / ${VENDOR_PASSWORD}   (${first.name})
    vendor            ${second.phone} / ${VENDOR_PASSWORD}   (${second.name})
  Run \`npm run demo\` again to refresh the week; \`rm -r ${relative(ROOT, dirname(databasePath)) || dirname(databasePath)}\` to start over. Ctrl-C stops it.
`);
}
