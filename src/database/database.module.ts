import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { DatabaseSchema, sqliteReaderOptions, writerOptions } from './data-source-options.js';
import { Database } from './database.service.js';
import { TableChanges } from './table-changes.js';
import { Transactions } from './transactions.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** Opens the database, applies pending migrations, and hands out the `Database` door. */
export async function openDatabase(config: DatabaseConfig, schema: DatabaseSchema): Promise<Database> {
  if (config.kind === 'sqlite') mkdirSync(dirname(config.path), { recursive: true });
  const writer = new DataSource(writerOptions(config, schema));
  await writer.initialize();
  const applied = await runMigrationsOnce(writer);
  if (applied.length > 0) {
    new Logger('Database').log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  }
  if (config.kind === 'postgres') return new Database(writer, writer);
  const reader = await new DataSource(sqliteReaderOptions(config.path, schema)).initialize();
  const checkpointer = new WalCheckpointer(config.path, createRequire(import.meta.url).resolve('better-sqlite3'));
  return new Database(writer, reader, () => checkpointer.stop());
}

/** Several instances may start together on one PostgreSQL: one migrates, the others wait for it. */
async function runMigrationsOnce(writer: DataSource) {
  if (writer.options.type !== 'postgres') return writer.runMigrations({ transaction: 'each' });
  const lock = writer.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await writer.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** An arbitrary constant naming the migration lock ("tidal" in ASCII). */
const MIGRATION_LOCK = 0x7469_6461_6c;

/**
 * The database for the schema the app registers (AppModule passes every
 * module's entities and the migrations). Global so that each module's
 * repository can take `Database` (only repositories do) and each service
 * `Transactions`.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => openDatabase(config.getOrThrow<DatabaseConfig>('database'), schema),
        },
        Transactions,
        // What this process has written, per table: read models in memory check it before answering.
        { provide: TableChanges, inject: [Database], useFactory: (db: Database) => db.changes },
      ],
      exports: [Database, Transactions, TableChanges],
    };
  }
}
