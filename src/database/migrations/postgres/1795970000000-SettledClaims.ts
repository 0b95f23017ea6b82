import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settled claims (postgres): a claim whose occurrence ended more than a week ago
 * is history and leaves the unique index of active slots, which otherwise
 * keeps every past attended claim (230 MB after a year at Nanchuan scale; the
 * index only has to guard slots that can still be claimed). The claim
 * sweeper settles claims, the ones already old enough included (in steps of
 * 5,000 per transaction on its first run).
 *
 * Frozen: literal SQL only. (As first written this also settled old rows by
 * the wall clock, so a replay gave different data; the sweeper does that now.)
 */
export class SettledClaims1795970000000 implements MigrationInterface {
  name = 'SettledClaims1795970000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "claims" ADD COLUMN "settled" boolean NOT NULL DEFAULT false`);
    await runner.query(`DROP INDEX "uq_claims_active_slot"`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_claims_active_slot" ON "claims" ("stall_id", "session_id", "date") WHERE "status" IN ('confirmed', 'checked_in') AND NOT "settled"`,
    );
    await runner.query(`CREATE INDEX "ix_claims_unsettled_end" ON "claims" ("end_at") WHERE NOT "settled"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_claims_unsettled_end"`);
    await runner.query(`DROP INDEX "uq_claims_active_slot"`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_claims_active_slot" ON "claims" ("stall_id", "session_id", "date") WHERE "status" IN ('confirmed', 'checked_in')`,
    );
    await runner.query(`ALTER TABLE "claims" DROP COLUMN "settled"`);
  }
}
