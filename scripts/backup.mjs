#!/usr/bin/env node
/**
 * npm run backup -- <file>
 *
 * A consistent copy of the SQLite database while the server runs, through
 * SQLite's online backup API (better-sqlite3 `backup()`): the copy is a
 * snapshot of one committed state, whatever the server writes meanwhile.
 * The database is the one the server uses: DATABASE_PATH, default
 * ./data/tidal-market.sqlite. With DATABASE_URL (PostgreSQL) use pg_dump.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run backup -- <file>');
  process.exit(2);
}
if (process.env.DATABASE_URL) {
  console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump instead');
  process.exit(2);
}
const source = resolve(process.env.DATABASE_PATH || './data/tidal-market.sqlite');
if (!existsSync(source)) {
  console.error(`no database at ${source}`);
  process.exit(1);
}
const destination = resolve(target);
const partial = `${destination}.partial`;
const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
try {
  const started = Date.now();
  let pages = 0;
  await db.backup(partial, {
    progress: ({ totalPages, remainingPages }) => {
      pages = totalPages;
      return remainingPages > 0 ? 200 : 0;
    },
  });
  const check = new Database(partial, { readonly: true });
  const integrity = check.pragma('integrity_check', { simple: true });
  check.close();
  if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${integrity}`);
  // Only a complete, checked copy takes the name asked for.
  renameSync(partial, destination);
  console.log(`backed up ${source} to ${destination} (${pages} pages, ${Date.now() - started} ms, integrity ok)`);
} finally {
  db.close();
}
