import type Sqlite from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import type { BetterSqlite3DataSourceOptions } from 'typeorm/driver/better-sqlite3/BetterSqlite3DataSourceOptions.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * What the app registers with the database (src/app.schema.ts): every module's
 * entities — the schema the migrations must produce — and the migrations of
 * each driver. The database layer itself knows no module.
 */
export interface DatabaseSchema {
  entities: Function[];
  migrations: { sqlite: Function[]; postgres: Function[] };
}

/** How long a writer waits for another process's lock before giving up (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

function prepareSqlite(connection: Sqlite.Database): void {
  // FULL: a claim acknowledged with 201 survives a power cut, not only a crash.
  connection.pragma('synchronous = FULL');
  connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  connection.pragma('temp_store = MEMORY');
  // Page cache per connection (SQLite's default is 2 MB). With a year of history the claim path's
  // index pages no longer fit in 2 MB and every miss is a read() of the OS cache.
  connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
}

/** Page cache per connection, in KiB (the writer and the reader each have one). */
export const SQLITE_CACHE_KIB = 32 * 1024;

/** Pages of WAL after which a commit checkpoints by itself: a backstop behind WalCheckpointer. */
export const WAL_AUTOCHECKPOINT_PAGES = 16_000;

/** The writer connection: runs the migrations, owns WAL mode, takes every write. */
export function sqliteWriterOptions(path: string, schema: DatabaseSchema): BetterSqlite3DataSourceOptions {
  return {
    ...sqliteReaderOptions(path, schema),
    migrations: schema.migrations.sqlite,
    enableWAL: true,
    readonly: false,
    fileMustExist: false,
    prepareDatabase: (connection) => {
      prepareSqlite(connection);
      connection.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    },
  };
}

function sqliteBaseOptions(path: string, schema: DatabaseSchema): BetterSqlite3DataSourceOptions {
  return {
    type: 'better-sqlite3',
    database: path,
    entities: schema.entities,
    namingStrategy: new SnakeNamingStrategy(),
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    statementCacheSize: 500,
    prepareDatabase: prepareSqlite,
  };
}

/**
 * A second, read-only connection: in WAL mode it reads the last committed state
 * and never sees a write transaction that is still open on the writer.
 */
export function sqliteReaderOptions(path: string, schema: DatabaseSchema): BetterSqlite3DataSourceOptions {
  return { ...sqliteBaseOptions(path, schema), migrations: [], readonly: true, fileMustExist: true };
}

export function postgresOptions(url: string, schema: DatabaseSchema): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations.postgres,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20 },
  };
}

export function writerOptions(config: DatabaseConfig, schema: DatabaseSchema): DataSourceOptions {
  return config.kind === 'sqlite' ? sqliteWriterOptions(config.path, schema) : postgresOptions(config.url, schema);
}
