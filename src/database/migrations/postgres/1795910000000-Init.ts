import { MigrationInterface, QueryRunner } from 'typeorm';

/** Zones, stalls, sessions, vendors, claims, idempotency keys and the audit log (PostgreSQL). */
export class Init1795910000000 implements MigrationInterface {
  name = 'Init1795910000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "audit_entries" ("id" character varying(36) NOT NULL, "at" bigint NOT NULL, "actor_id" character varying(36), "actor_role" character varying(16) NOT NULL, "action" character varying(64) NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_id" character varying(36) NOT NULL, "before" text, "after" text, CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_audit_at" ON "audit_entries" ("at")`);
    await runner.query(`CREATE INDEX "ix_audit_entity" ON "audit_entries" ("entity_type", "entity_id")`);
    await runner.query(
      `CREATE TABLE "users" ("id" character varying(36) NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "uq_users_username" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `CREATE TABLE "zones" ("id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "district" character varying(100) NOT NULL, "address" character varying(300) NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "timezone" character varying(64) NOT NULL, "description" text, "max_claims_per_vendor_per_week" integer NOT NULL, "booking_horizon_days" integer NOT NULL, "status" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "PK_880484a43ca311707b05895bd4a" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_zones_district" ON "zones" ("district")`);
    await runner.query(
      `CREATE TABLE "market_sessions" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "start_time" character varying(5) NOT NULL, "end_time" character varying(5) NOT NULL, "rrule" character varying(500) NOT NULL, "valid_from" character varying(10) NOT NULL, "valid_until" character varying(10), "version" integer NOT NULL, "deleted_at" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "PK_b2b61773579a3e256debef54675" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_market_sessions_zone" ON "market_sessions" ("zone_id")`);
    await runner.query(
      `CREATE TABLE "stalls" ("id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "code" character varying(32) NOT NULL, "category" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "PK_5a4c078028ebefcb8186dedb6db" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_stalls_zone_code" ON "stalls" ("zone_id", "code")`);
    await runner.query(
      `CREATE TABLE "vendors" ("id" character varying(36) NOT NULL, "name" character varying(100) NOT NULL, "phone" character varying(11) NOT NULL, "kind" character varying(20) NOT NULL, "categories" text NOT NULL, "priority_groups" text NOT NULL, "status" character varying(16) NOT NULL, "status_reason" character varying(500), "suspended_until" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "uq_vendors_phone" UNIQUE ("phone"), CONSTRAINT "PK_9c956c9797edfae5c6ddacc4e6e" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_vendors_status" ON "vendors" ("status")`);
    await runner.query(
      `CREATE TABLE "claims" ("id" character varying(36) NOT NULL, "vendor_id" character varying(36) NOT NULL, "stall_id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "zone_id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "start_at" bigint NOT NULL, "end_at" bigint NOT NULL, "status" character varying(24) NOT NULL, "source" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "checked_in_at" bigint, "cancelled_at" bigint, CONSTRAINT "PK_96c91970c0dcb2f69fdccd0a698" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "ix_claims_status_end" ON "claims" ("status", "end_at")`);
    await runner.query(`CREATE INDEX "ix_claims_session_date" ON "claims" ("session_id", "date")`);
    await runner.query(`CREATE INDEX "ix_claims_zone_date" ON "claims" ("zone_id", "date")`);
    await runner.query(`CREATE INDEX "ix_claims_vendor_start" ON "claims" ("vendor_id", "start_at")`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_claims_active_slot" ON "claims" ("stall_id", "session_id", "date") WHERE "status" IN ('confirmed', 'checked_in')`,
    );
    await runner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" character varying(36) NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "status_code" integer NOT NULL, "response_body" text NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`,
    );
    await runner.query(
      `CREATE TABLE "session_cancellations" ("session_id" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "reason" character varying(500) NOT NULL, "created_by" character varying(36), "created_at" bigint NOT NULL, CONSTRAINT "PK_028dedac0f08d051aae978a92a9" PRIMARY KEY ("session_id", "date"))`,
    );
    await runner.query(
      `ALTER TABLE "market_sessions" ADD CONSTRAINT "fk_market_sessions_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "stalls" ADD CONSTRAINT "fk_stalls_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "vendors" ADD CONSTRAINT "fk_vendors_user" FOREIGN KEY ("id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_stall" FOREIGN KEY ("stall_id") REFERENCES "stalls"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "session_cancellations" ADD CONSTRAINT "fk_session_cancellations_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // A vendor never holds two active claims whose windows overlap, in any zone,
    // whichever app instance writes them: an exclusion constraint over the
    // claim's [start, end) range, checked by PostgreSQL under concurrency.
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await runner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "ex_claims_vendor_overlap" EXCLUDE USING gist ("vendor_id" WITH =, int8range("start_at", "end_at") WITH &&) WHERE ("status" IN ('confirmed', 'checked_in'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "audit_entries" CASCADE`);
    await runner.query(`DROP TABLE "idempotency_keys" CASCADE`);
    await runner.query(`DROP TABLE "claims" CASCADE`);
    await runner.query(`DROP TABLE "vendors" CASCADE`);
    await runner.query(`DROP TABLE "session_cancellations" CASCADE`);
    await runner.query(`DROP TABLE "market_sessions" CASCADE`);
    await runner.query(`DROP TABLE "stalls" CASCADE`);
    await runner.query(`DROP TABLE "zones" CASCADE`);
    await runner.query(`DROP TABLE "users" CASCADE`);
  }
}
