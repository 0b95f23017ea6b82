import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer, narrower claim indexes (postgres): every index costs a random page
 * write per claim on the hot path. Session/date lookups go through
 * ix_claims_zone_date; the no-show sweeper only needs confirmed claims.
 */
export class LeanerClaimIndexes1795920000000 implements MigrationInterface {
  name = 'LeanerClaimIndexes1795920000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_session_date"`);
    await runner.query(`DROP INDEX "ix_claims_status_end"`);
    await runner.query(`CREATE INDEX "ix_claims_confirmed_end" ON "claims" ("end_at") WHERE "status" = 'confirmed'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_confirmed_end"`);
    await runner.query(`CREATE INDEX "ix_claims_status_end" ON "claims" ("status", "end_at")`);
    await runner.query(`CREATE INDEX "ix_claims_session_date" ON "claims" ("session_id", "date")`);
  }
}
