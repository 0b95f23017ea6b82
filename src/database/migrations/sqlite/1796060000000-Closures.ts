import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area closures (sqlite): one row per closure of a district or of zones on a
 * date; the occurrences it cancelled are session cancellations carrying its id.
 */
export class Closures1796060000000 implements MigrationInterface {
  name = 'Closures1796060000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "closures" ("id" varchar(36) PRIMARY KEY NOT NULL, "date" varchar(10) NOT NULL, "reason" varchar(500) NOT NULL, "district" varchar(100), "zone_ids" text, "session_names" text, "occurrences" integer NOT NULL, "claims_cancelled" integer NOT NULL, "created_by" varchar(36), "created_at" bigint NOT NULL, "restored_at" bigint)`,
    );
    await runner.query(`CREATE INDEX "ix_closures_date" ON "closures" ("date")`);
    await runner.query(`ALTER TABLE "session_cancellations" ADD COLUMN "closure_id" varchar(36)`);
    await runner.query(`CREATE INDEX "ix_session_cancellations_closure" ON "session_cancellations" ("closure_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_session_cancellations_closure"`);
    await runner.query(`ALTER TABLE "session_cancellations" DROP COLUMN "closure_id"`);
    await runner.query(`DROP TABLE "closures"`);
  }
}
