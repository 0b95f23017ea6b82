import { Init1795910000000 } from './1795910000000-Init.js';

/** In order. Never edit a migration that has shipped: add a new one. */
export const SQLITE_MIGRATIONS = [Init1795910000000];
