import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents' side (postgres): their feedback per zone (问需于民), and an index
 * on the zones' coordinates for the nearest-market search (a bounding box
 * narrows the candidates before the exact distance is computed).
 */
export class ResidentsFeedback1796030000000 implements MigrationInterface {
  name = 'ResidentsFeedback1796030000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "feedback" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "kind" character varying(16) NOT NULL, "category" character varying(16), "text" character varying(500) NOT NULL, "contact" character varying(100), "status" character varying(16) NOT NULL, "resolution_note" character varying(500), "resolved_by" character varying(36), "resolved_at" bigint, "created_at" bigint NOT NULL, CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "fk_feedback_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(`CREATE INDEX "ix_feedback_zone_created" ON "feedback" ("zone_id", "created_at")`);
    await runner.query(`CREATE INDEX "ix_feedback_created" ON "feedback" ("created_at")`);
    await runner.query(`CREATE INDEX "ix_zones_lat_lng" ON "zones" ("latitude", "longitude")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_zones_lat_lng"`);
    await runner.query(`DROP TABLE "feedback"`);
  }
}
