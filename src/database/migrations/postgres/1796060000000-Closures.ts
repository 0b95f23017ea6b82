import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area closures (postgres): one row per closure of a district or of zones on a
 * date; the occurrences it cancelled are session cancellations carrying its id.
 */
export class Closures1796060000000 implements MigrationInterface {
  name = 'Closures1796060000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "closures" ("id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "reason" character varying(500) NOT NULL, "district" character varying(100), "zone_ids" text, "session_names" text, "occurrences" integer NOT NULL, "claims_cancelled" integer NOT NULL, "created_by" character varying(36), "created_at" bigint NOT NULL, "restored_at" bigint, CONSTRAINT "PK_46899be9fc60da350bc4d55a2de" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_closures_date" ON "closures" ("date")`);
    await runner.query(`ALTER TABLE "session_cancellations" ADD "closure_id" character varying(36)`);
    await runner.query(`CREATE INDEX "ix_session_cancellations_closure" ON "session_cancellations" ("closure_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_session_cancellations_closure"`);
    await runner.query(`ALTER TABLE "session_cancellations" DROP COLUMN "closure_id"`);
    await runner.query(`DROP TABLE "closures"`);
  }
}
