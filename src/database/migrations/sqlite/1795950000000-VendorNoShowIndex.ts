import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The no-show block reads a vendor's no-shows of the last 37 days; through
 * (vendor_id, start_at) that meant every claim of those days, attended ones
 * included (sqlite). A partial index holds the no-shows only.
 */
export class VendorNoShowIndex1795950000000 implements MigrationInterface {
  name = 'VendorNoShowIndex1795950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX "ix_claims_vendor_no_show" ON "claims" ("vendor_id", "end_at") WHERE "status" = 'no_show'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_vendor_no_show"`);
  }
}
