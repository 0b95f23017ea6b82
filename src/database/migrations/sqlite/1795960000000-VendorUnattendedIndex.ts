import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replaces migration 5's index (sqlite): the no-show lookup also needs the
 * confirmed claims the sweeper has not reached, and with a separate index for
 * those SQLite's planner fell back to (vendor_id, start_at) — every claim of
 * the vendor, 18 ms after a year. One partial index covers both statuses.
 */
export class VendorUnattendedIndex1795960000000 implements MigrationInterface {
  name = 'VendorUnattendedIndex1795960000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_vendor_no_show"`);
    await runner.query(
      `CREATE INDEX "ix_claims_vendor_unattended" ON "claims" ("vendor_id", "end_at") WHERE "status" IN ('no_show', 'confirmed')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_vendor_unattended"`);
    await runner.query(`CREATE INDEX "ix_claims_vendor_no_show" ON "claims" ("vendor_id", "end_at") WHERE "status" = 'no_show'`);
  }
}
