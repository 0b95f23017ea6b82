import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overlap check's lower bound comes from the data (sqlite). Migration 4
 * assumed no occurrence lasts more than 25 hours, but a 04:00–04:00 session in
 * Antarctica/Troll lasts 26 on the day its clock moves by two. claim_bounds
 * holds the longest claim ever stored (kept by a trigger on SQLite); a claim
 * that ends after t started after t minus that. On PostgreSQL the exclusion
 * constraint compares ranges and needs no bound: the table is kept for the
 * code check only, which uses the range operator there.
 */
export class ClaimLengthBound1796000000000 implements MigrationInterface {
  name = 'ClaimLengthBound1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "claim_bounds" ("id" integer PRIMARY KEY NOT NULL, "longest_ms" bigint NOT NULL)`);
    await runner.query(`INSERT INTO "claim_bounds" ("id", "longest_ms") SELECT 1, COALESCE(MAX("end_at" - "start_at"), 0) FROM "claims"`);
    await runner.query(
      `CREATE TRIGGER "tr_claims_longest" AFTER INSERT ON "claims"
      WHEN NEW."end_at" - NEW."start_at" > (SELECT "longest_ms" FROM "claim_bounds" WHERE "id" = 1)
      BEGIN UPDATE "claim_bounds" SET "longest_ms" = NEW."end_at" - NEW."start_at" WHERE "id" = 1; END`,
    );
    await runner.query(`DROP TRIGGER "tr_claims_vendor_overlap"`);
    await runner.query(
      `CREATE TRIGGER "tr_claims_vendor_overlap" BEFORE INSERT ON "claims"
      WHEN NEW."status" IN ('confirmed', 'checked_in') AND EXISTS (
        SELECT 1 FROM "claims" c
        WHERE c."vendor_id" = NEW."vendor_id"
          AND c."start_at" > NEW."start_at" - (SELECT "longest_ms" FROM "claim_bounds" WHERE "id" = 1) AND c."start_at" < NEW."end_at"
          AND c."end_at" > NEW."start_at" AND c."status" IN ('confirmed', 'checked_in'))
      BEGIN SELECT RAISE(ABORT, 'VENDOR_OVERLAP'); END`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "tr_claims_vendor_overlap"`);
    await runner.query(
      `CREATE TRIGGER "tr_claims_vendor_overlap" BEFORE INSERT ON "claims"
      WHEN NEW."status" IN ('confirmed', 'checked_in') AND EXISTS (
        SELECT 1 FROM "claims" c
        WHERE c."vendor_id" = NEW."vendor_id"
          AND c."start_at" > NEW."start_at" - 90000000 AND c."start_at" < NEW."end_at"
          AND c."end_at" > NEW."start_at" AND c."status" IN ('confirmed', 'checked_in'))
      BEGIN SELECT RAISE(ABORT, 'VENDOR_OVERLAP'); END`,
    );
    await runner.query(`DROP TRIGGER "tr_claims_longest"`);
    await runner.query(`DROP TABLE "claim_bounds"`);
  }
}
