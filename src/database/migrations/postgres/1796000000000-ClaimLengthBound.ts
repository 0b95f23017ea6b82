import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overlap check's lower bound comes from the data (postgres). Migration 4
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
    await runner.query(
      `CREATE TABLE "claim_bounds" ("id" integer NOT NULL, "longest_ms" bigint NOT NULL, CONSTRAINT "PK_claim_bounds" PRIMARY KEY ("id"))`,
    );
    await runner.query(`INSERT INTO "claim_bounds" ("id", "longest_ms") SELECT 1, COALESCE(MAX("end_at" - "start_at"), 0) FROM "claims"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "claim_bounds"`);
  }
}
