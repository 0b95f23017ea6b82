import type { ESLint } from 'eslint';

/** Each table, and the one repository file that alone speaks SQL to it. */
export declare const TABLE_OWNERS: Record<string, string>;
declare const plugin: ESLint.Plugin;
export default plugin;
