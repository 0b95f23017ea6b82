import { MigrationInterface } from 'typeorm';

/**
 * Kept in step with the SQLite set, where this migration bounds the overlap
 * trigger's scan. PostgreSQL's exclusion constraint is a GiST index on the
 * claim's range and was never unbounded: nothing to change here.
 */
export class BoundedOverlapTrigger1795940000000 implements MigrationInterface {
  name = 'BoundedOverlapTrigger1795940000000';

  async up(): Promise<void> {}

  async down(): Promise<void> {}
}
