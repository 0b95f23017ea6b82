import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-governance rosters (postgres): duties per zone and session, the roster
 * entries (one vendor on one duty occurrence), swap requests between vendors,
 * and the captains who run a zone's roster.
 */
export class Rosters1796040000000 implements MigrationInterface {
  name = 'Rosters1796040000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "duties" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "rrule" character varying(500) NOT NULL, "headcount" integer NOT NULL, "anchor_date" character varying(10) NOT NULL, "created_by" character varying(36), "created_at" bigint NOT NULL, CONSTRAINT "PK_f35c74c0ad8c80299ca5d511f95" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `ALTER TABLE "duties" ADD CONSTRAINT "fk_duties_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "duties" ADD CONSTRAINT "fk_duties_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(`CREATE INDEX "ix_duties_zone" ON "duties" ("zone_id")`);
    await runner.query(
      `CREATE TABLE "roster_entries" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "duty_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "vendor_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "swapped" boolean NOT NULL DEFAULT false, "understaffed" boolean NOT NULL DEFAULT false, "marked_by" character varying(36), "marked_at" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "PK_c4b86b75e6d6856f877517ef8d1" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `ALTER TABLE "roster_entries" ADD CONSTRAINT "fk_roster_entries_duty" FOREIGN KEY ("duty_id") REFERENCES "duties"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "roster_entries" ADD CONSTRAINT "fk_roster_entries_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_roster_entries_duty_date_vendor" ON "roster_entries" ("duty_id", "date", "vendor_id")`);
    await runner.query(`CREATE INDEX "ix_roster_entries_zone_date" ON "roster_entries" ("zone_id", "date")`);
    await runner.query(`CREATE INDEX "ix_roster_entries_vendor_date" ON "roster_entries" ("vendor_id", "date")`);
    await runner.query(
      `CREATE TABLE "roster_swaps" ("id" character varying(36) NOT NULL, "entry_id" character varying(36) NOT NULL, "from_vendor_id" character varying(36) NOT NULL, "to_vendor_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "decided_at" bigint, CONSTRAINT "PK_eb7e5e12454c5a365e37c9f14b2" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `ALTER TABLE "roster_swaps" ADD CONSTRAINT "fk_roster_swaps_entry" FOREIGN KEY ("entry_id") REFERENCES "roster_entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(`CREATE INDEX "ix_roster_swaps_entry" ON "roster_swaps" ("entry_id")`);
    await runner.query(
      `CREATE TABLE "captains" ("zone_id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "appointed_by" character varying(36), "appointed_at" bigint NOT NULL, CONSTRAINT "PK_captains" PRIMARY KEY ("zone_id", "vendor_id"))`,
    );
    await runner.query(
      `ALTER TABLE "captains" ADD CONSTRAINT "fk_captains_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "captains" ADD CONSTRAINT "fk_captains_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(`CREATE INDEX "ix_captains_vendor" ON "captains" ("vendor_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "captains"`);
    await runner.query(`DROP TABLE "roster_swaps"`);
    await runner.query(`DROP TABLE "roster_entries"`);
    await runner.query(`DROP TABLE "duties"`);
  }
}
