/**
 * The DataSource for the TypeORM CLI (`npm run typeorm -- migration:generate …`).
 * It reads the same environment as the app: DATABASE_URL selects PostgreSQL,
 * otherwise DATABASE_PATH (default ./data/tidal-market.sqlite) is used.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from './src/app.schema.js';
import { loadConfig } from './src/config/app-config.js';
import { writerOptions } from './src/database/data-source-options.js';

export default new DataSource(writerOptions(loadConfig(process.env).database, APP_SCHEMA));
