import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents' side (sqlite): their feedback per zone (问需于民), and an index
 * on the zones' coordinates for the nearest-market search (a bounding box
 * narrows the candidates before the exact distance is computed).
 */
export class ResidentsFeedback1796030000000 implements MigrationInterface {
  name = 'ResidentsFeedback1796030000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "feedback" ("id" varchar(36) PRIMARY KEY NOT NULL, "zone_id" varchar(36) NOT NULL, "kind" varchar(16) NOT NULL, "category" varchar(16), "text" varchar(500) NOT NULL, "contact" varchar(100), "status" varchar(16) NOT NULL, "resolution_note" varchar(500), "resolved_by" varchar(36), "resolved_at" bigint, "created_at" bigint NOT NULL, CONSTRAINT "fk_feedback_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
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
