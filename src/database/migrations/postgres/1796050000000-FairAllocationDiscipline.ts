import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair allocation and discipline (postgres): lottery rounds with their applications
 * (one per vendor and round, tickets unique), waitlists per run (one live entry
 * per vendor and run), offers of freed stalls (one open offer per slot),
 * violations (one automatic violation per source), the notification outbox,
 * and each zone's offer hold time.
 */
export class FairAllocationDiscipline1796050000000 implements MigrationInterface {
  name = 'FairAllocationDiscipline1796050000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "offers" ("id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "stall_id" character varying(36) NOT NULL, "source" character varying(16) NOT NULL, "source_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "expires_at" bigint NOT NULL, "reminded_at" bigint, "claim_id" character varying(36), "created_at" bigint NOT NULL, "decided_at" bigint, CONSTRAINT "PK_4c88e956195bba85977da21b8f4" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_offers_run" ON "offers" ("session_id", "date")`);
    await runner.query(`CREATE INDEX "ix_offers_open_expiry" ON "offers" ("expires_at") WHERE "status" = 'open'`);
    await runner.query(`CREATE INDEX "ix_offers_vendor" ON "offers" ("vendor_id", "created_at")`);
    await runner.query(`CREATE UNIQUE INDEX "uq_offers_open_slot" ON "offers" ("stall_id", "session_id", "date") WHERE "status" = 'open'`);
    await runner.query(
      `CREATE TABLE "round_applications" ("id" character varying(36) NOT NULL, "round_id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "ticket" integer NOT NULL, "category" character varying(16) NOT NULL, "priority" boolean NOT NULL DEFAULT false, "position" integer, "result" character varying(16), "stall_id" character varying(36), "created_at" bigint NOT NULL, CONSTRAINT "PK_6298c8d9a631fececade98577ef" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_round_applications_ticket" ON "round_applications" ("round_id", "ticket")`);
    await runner.query(`CREATE UNIQUE INDEX "uq_round_applications_vendor" ON "round_applications" ("round_id", "vendor_id")`);
    await runner.query(
      `CREATE TABLE "rounds" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "from_date" character varying(10) NOT NULL, "to_date" character varying(10) NOT NULL, "apply_until" bigint NOT NULL, "seed_commitment" character varying(64) NOT NULL, "seed" character varying(200), "status" character varying(16) NOT NULL, "drawn_at" bigint, "drawn_by" character varying(36), "created_by" character varying(36), "created_at" bigint NOT NULL, CONSTRAINT "PK_9d254884a20817016e2f877c7e7" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_rounds_session_period" ON "rounds" ("session_id", "from_date")`);
    await runner.query(`CREATE INDEX "ix_rounds_zone" ON "rounds" ("zone_id", "created_at")`);
    await runner.query(
      `CREATE TABLE "waitlist_entries" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "vendor_id" character varying(36) NOT NULL, "category" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "PK_bd0ef66fff81d3be7b7a1568a4d" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_waitlist_entries_vendor" ON "waitlist_entries" ("vendor_id", "created_at")`);
    await runner.query(`CREATE INDEX "ix_waitlist_entries_run" ON "waitlist_entries" ("session_id", "date", "created_at")`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_waitlist_entries_vendor_run" ON "waitlist_entries" ("session_id", "date", "vendor_id") WHERE "status" IN ('waiting', 'offered')`,
    );
    await runner.query(
      `CREATE TABLE "violations" ("id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "type" character varying(32) NOT NULL, "occurred_at" bigint NOT NULL, "note" character varying(500) NOT NULL, "source_id" character varying(36), "status" character varying(16) NOT NULL, "rank" integer NOT NULL, "suspended_until" bigint, "appeal_text" character varying(1000), "appealed_at" bigint, "resolution_note" character varying(500), "resolved_by" character varying(36), "resolved_at" bigint, "created_by" character varying(36), "created_at" bigint NOT NULL, CONSTRAINT "PK_a2aa2d655842de3c02315ba6073" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_violations_source" ON "violations" ("type", "source_id") WHERE "source_id" IS NOT NULL`);
    await runner.query(`CREATE INDEX "ix_violations_vendor_occurred" ON "violations" ("vendor_id", "occurred_at")`);
    await runner.query(
      `CREATE TABLE "notifications" ("id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "event" character varying(40) NOT NULL, "data" text NOT NULL, "text_zh" character varying(1000) NOT NULL, "text_en" character varying(1000) NOT NULL, "created_at" bigint NOT NULL, "state" character varying(16) NOT NULL, "attempts" integer NOT NULL, "next_attempt_at" bigint NOT NULL, "lease_until" bigint, "delivered_at" bigint, "last_error" character varying(500), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_notifications_pending" ON "notifications" ("created_at") WHERE state = 'pending'`);
    await runner.query(`CREATE INDEX "ix_notifications_vendor_created" ON "notifications" ("vendor_id", "created_at")`);
    await runner.query(`ALTER TABLE "zones" ADD "offer_hold_minutes" integer NOT NULL DEFAULT '60'`);
    await runner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "fk_offers_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "fk_offers_stall" FOREIGN KEY ("stall_id") REFERENCES "stalls"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "round_applications" ADD CONSTRAINT "fk_round_applications_round" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "round_applications" ADD CONSTRAINT "fk_round_applications_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "fk_rounds_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "fk_rounds_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "fk_waitlist_entries_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "fk_waitlist_entries_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "fk_waitlist_entries_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "violations" ADD CONSTRAINT "fk_violations_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "violations" ADD CONSTRAINT "fk_violations_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "zones" DROP COLUMN "offer_hold_minutes"`);
    await runner.query(`DROP TABLE "notifications"`);
    await runner.query(`DROP TABLE "violations"`);
    await runner.query(`DROP TABLE "offers"`);
    await runner.query(`DROP TABLE "waitlist_entries"`);
    await runner.query(`DROP TABLE "round_applications"`);
    await runner.query(`DROP TABLE "rounds"`);
  }
}
