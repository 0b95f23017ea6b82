import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overlap trigger of migration 1 read every past claim of the vendor
 * (`start_at < NEW.end_at` has no lower bound): 25 ms per insert after a year
 * of history. No occurrence lasts more than 25 hours, so an overlapping claim
 * started after NEW.start_at − 25 h: the index range on (vendor_id, start_at)
 * is now a few rows.
 */
export class BoundedOverlapTrigger1795940000000 implements MigrationInterface {
  name = 'BoundedOverlapTrigger1795940000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "tr_claims_vendor_overlap"`);
    await runner.query(`CREATE TRIGGER "tr_claims_vendor_overlap" BEFORE INSERT ON "claims"
      WHEN NEW."status" IN ('confirmed', 'checked_in') AND EXISTS (
        SELECT 1 FROM "claims" c
        WHERE c."vendor_id" = NEW."vendor_id"
          AND c."start_at" > NEW."start_at" - 90000000 AND c."start_at" < NEW."end_at"
          AND c."end_at" > NEW."start_at" AND c."status" IN ('confirmed', 'checked_in'))
      BEGIN SELECT RAISE(ABORT, 'VENDOR_OVERLAP'); END`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "tr_claims_vendor_overlap"`);
    await runner.query(`CREATE TRIGGER "tr_claims_vendor_overlap" BEFORE INSERT ON "claims"
      WHEN NEW."status" IN ('confirmed', 'checked_in') AND EXISTS (
        SELECT 1 FROM "claims" c
        WHERE c."vendor_id" = NEW."vendor_id" AND c."status" IN ('confirmed', 'checked_in')
          AND c."start_at" < NEW."end_at" AND c."end_at" > NEW."start_at")
      BEGIN SELECT RAISE(ABORT, 'VENDOR_OVERLAP'); END`);
  }
}
