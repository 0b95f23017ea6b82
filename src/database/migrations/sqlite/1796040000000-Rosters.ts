import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-governance rosters (sqlite): duties per zone and session, the roster
 * entries (one vendor on one duty occurrence), swap requests between vendors,
 * and the captains who run a zone's roster.
 */
export class Rosters1796040000000 implements MigrationInterface {
  name = 'Rosters1796040000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "duties" ("id" varchar(36) PRIMARY KEY NOT NULL, "zone_id" varchar(36) NOT NULL, "session_id" varchar(36) NOT NULL, "name" varchar(100) NOT NULL, "rrule" varchar(500) NOT NULL, "headcount" integer NOT NULL, "anchor_date" varchar(10) NOT NULL, "created_by" varchar(36), "created_at" bigint NOT NULL, CONSTRAINT "fk_duties_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_duties_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE INDEX "ix_duties_zone" ON "duties" ("zone_id")`);
    await runner.query(
      `CREATE TABLE "roster_entries" ("id" varchar(36) PRIMARY KEY NOT NULL, "zone_id" varchar(36) NOT NULL, "duty_id" varchar(36) NOT NULL, "session_id" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "vendor_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "swapped" boolean NOT NULL DEFAULT (0), "understaffed" boolean NOT NULL DEFAULT (0), "marked_by" varchar(36), "marked_at" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "fk_roster_entries_duty" FOREIGN KEY ("duty_id") REFERENCES "duties" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_roster_entries_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_roster_entries_duty_date_vendor" ON "roster_entries" ("duty_id", "date", "vendor_id")`);
    await runner.query(`CREATE INDEX "ix_roster_entries_zone_date" ON "roster_entries" ("zone_id", "date")`);
    await runner.query(`CREATE INDEX "ix_roster_entries_vendor_date" ON "roster_entries" ("vendor_id", "date")`);
    await runner.query(
      `CREATE TABLE "roster_swaps" ("id" varchar(36) PRIMARY KEY NOT NULL, "entry_id" varchar(36) NOT NULL, "from_vendor_id" varchar(36) NOT NULL, "to_vendor_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "decided_at" bigint, CONSTRAINT "fk_roster_swaps_entry" FOREIGN KEY ("entry_id") REFERENCES "roster_entries" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE INDEX "ix_roster_swaps_entry" ON "roster_swaps" ("entry_id")`);
    await runner.query(
      `CREATE TABLE "captains" ("zone_id" varchar(36) NOT NULL, "vendor_id" varchar(36) NOT NULL, "appointed_by" varchar(36), "appointed_at" bigint NOT NULL, CONSTRAINT "fk_captains_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_captains_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, PRIMARY KEY ("zone_id", "vendor_id"))`,
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
