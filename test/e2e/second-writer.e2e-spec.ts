import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ServerProcess, startServer } from '../support/server-process.js';
import { api, buildMarket, mulberry32, newLedger, storm } from '../support/storm.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'second-writer-secret-second-writer-secret-0123';
const ADMIN = { username: 'admin', password: 'second-writer-admin' };

/** A "report" job in another process: write transactions that hold SQLite's write lock for a while. */
const REPORT_WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 10000 });
db.exec('CREATE TABLE IF NOT EXISTS report_runs (id INTEGER PRIMARY KEY, at INTEGER, note TEXT)');
const end = Date.now() + Number(process.argv[2]);
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
let runs = 0;
while (Date.now() < end) {
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO report_runs (at, note) VALUES (?, ?)').run(Date.now(), 'occupancy report');
  pause(150);
  db.exec('COMMIT');
  runs++;
  pause(30);
}
db.close();
console.log(runs);
`;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('another process writing while the API takes claims', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidal-writer-'));
  const databasePath = join(dir, 'api.sqlite');
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({
      DATABASE_PATH: databasePath,
      JWT_SECRET: SECRET,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('never passes SQLITE_BUSY to a client: at worst 503 with Retry-After', async () => {
    const staff = (await api(server.url, 'POST', '/api/auth/login', null, ADMIN)).body.accessToken;
    const market = await buildMarket(server.url, staff, 30, 20);
    const ledger = newLedger();
    const answers: { status: number; retryAfter: string | null; body: string }[] = [];
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        const res = await api(server.url, 'GET', `/api/zones/${market.zoneId}/slots?date=${market.dates[0]}`, staff);
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: JSON.stringify(res.body).slice(0, 200) });
      }
    })();
    const claims = storm(server.url, SECRET, market, ledger, 8, () => stop, mulberry32(7));
    const [writer, backupA, backupB] = await Promise.all([
      run(process.execPath, ['-e', REPORT_WRITER, databasePath, '3000']),
      run('npm', ['run', 'backup', '--', join(dir, 'a.sqlite')], { DATABASE_PATH: databasePath }),
      run('npm', ['run', 'backup', '--', join(dir, 'b.sqlite')], { DATABASE_PATH: databasePath }),
    ]);
    stop = true;
    await Promise.all([claims, watcher]);

    expect(writer.code).toBe(0);
    expect(Number(writer.out.trim())).toBeGreaterThan(5);
    expect(backupA.out).toContain('integrity ok');
    expect(backupB.out).toContain('integrity ok');
    const statuses = Object.keys(ledger.statuses).concat(answers.map((a) => String(a.status)));
    expect(statuses.filter((s) => s.startsWith('5') && s !== '503')).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && !a.retryAfter)).toEqual([]);
    expect(answers.filter((a) => /SQLITE/.test(a.body))).toEqual([]);
    expect(ledger.statuses['201']).toBeGreaterThan(0);
    const db = new Database(databasePath, { readonly: true });
    const claimsInDb = (db.prepare(`SELECT COUNT(*) AS n FROM claims`).get() as { n: number }).n;
    db.close();
    expect(claimsInDb).toBeGreaterThanOrEqual(ledger.acknowledged.size);
    console.log(
      `second writer: ${writer.out.trim()} report transactions, 2 backups, claims ${JSON.stringify(ledger.statuses)}, slot reads ${answers.length}`,
    );
  }, 180_000);
});
