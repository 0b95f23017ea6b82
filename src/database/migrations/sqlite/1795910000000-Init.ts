import { MigrationInterface, QueryRunner } from 'typeorm';

/** Zones, stalls, sessions, vendors, claims, idempotency keys and the audit log (SQLite). */
export class Init1795910000000 implements MigrationInterface {
  name = 'Init1795910000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "uq_users_username" UNIQUE ("username"))`,
    );
    await runner.query(
      `CREATE TABLE "zones" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "district" varchar(100) NOT NULL, "address" varchar(300) NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "timezone" varchar(64) NOT NULL, "description" text, "max_claims_per_vendor_per_week" integer NOT NULL, "booking_horizon_days" integer NOT NULL, "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL)`,
    );
    await runner.query(`CREATE INDEX "ix_zones_district" ON "zones" ("district")`);
    await runner.query(
      `CREATE TABLE "stalls" ("id" varchar(36) PRIMARY KEY NOT NULL, "zone_id" varchar(36) NOT NULL, "code" varchar(32) NOT NULL, "category" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "fk_stalls_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE UNIQUE INDEX "uq_stalls_zone_code" ON "stalls" ("zone_id", "code")`);
    await runner.query(
      `CREATE TABLE "market_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "zone_id" varchar(36) NOT NULL, "name" varchar(100) NOT NULL, "start_time" varchar(5) NOT NULL, "end_time" varchar(5) NOT NULL, "rrule" varchar(500) NOT NULL, "valid_from" varchar(10) NOT NULL, "valid_until" varchar(10), "version" integer NOT NULL, "deleted_at" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "fk_market_sessions_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE INDEX "ix_market_sessions_zone" ON "market_sessions" ("zone_id")`);
    await runner.query(
      `CREATE TABLE "session_cancellations" ("session_id" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "reason" varchar(500) NOT NULL, "created_by" varchar(36), "created_at" bigint NOT NULL, CONSTRAINT "fk_session_cancellations_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, PRIMARY KEY ("session_id", "date"))`,
    );
    await runner.query(
      `CREATE TABLE "vendors" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "phone" varchar(11) NOT NULL, "kind" varchar(20) NOT NULL, "categories" text NOT NULL, "priority_groups" text NOT NULL, "status" varchar(16) NOT NULL, "status_reason" varchar(500), "suspended_until" bigint, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "uq_vendors_phone" UNIQUE ("phone"), CONSTRAINT "fk_vendors_user" FOREIGN KEY ("id") REFERENCES "users" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE INDEX "ix_vendors_status" ON "vendors" ("status")`);
    await runner.query(
      `CREATE TABLE "claims" ("id" varchar(36) PRIMARY KEY NOT NULL, "vendor_id" varchar(36) NOT NULL, "stall_id" varchar(36) NOT NULL, "session_id" varchar(36) NOT NULL, "zone_id" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "start_at" bigint NOT NULL, "end_at" bigint NOT NULL, "status" varchar(24) NOT NULL, "source" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "checked_in_at" bigint, "cancelled_at" bigint, CONSTRAINT "fk_claims_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_claims_stall" FOREIGN KEY ("stall_id") REFERENCES "stalls" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_claims_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "fk_claims_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await runner.query(`CREATE INDEX "ix_claims_status_end" ON "claims" ("status", "end_at")`);
    await runner.query(`CREATE INDEX "ix_claims_session_date" ON "claims" ("session_id", "date")`);
    await runner.query(`CREATE INDEX "ix_claims_zone_date" ON "claims" ("zone_id", "date")`);
    await runner.query(`CREATE INDEX "ix_claims_vendor_start" ON "claims" ("vendor_id", "start_at")`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_claims_active_slot" ON "claims" ("stall_id", "session_id", "date") WHERE "status" IN ('confirmed', 'checked_in')`,
    );
    await runner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" varchar(36) NOT NULL, "key" varchar(200) NOT NULL, "request_hash" varchar(64) NOT NULL, "status_code" integer NOT NULL, "response_body" text NOT NULL, "created_at" bigint NOT NULL, PRIMARY KEY ("user_id", "key"))`,
    );
    await runner.query(
      `CREATE TABLE "audit_entries" ("id" varchar(36) PRIMARY KEY NOT NULL, "at" bigint NOT NULL, "actor_id" varchar(36), "actor_role" varchar(16) NOT NULL, "action" varchar(64) NOT NULL, "entity_type" varchar(32) NOT NULL, "entity_id" varchar(36) NOT NULL, "before" text, "after" text)`,
    );
    await runner.query(`CREATE INDEX "ix_audit_at" ON "audit_entries" ("at")`);
    await runner.query(`CREATE INDEX "ix_audit_entity" ON "audit_entries" ("entity_type", "entity_id")`);
    // A vendor never holds two active claims whose windows overlap, in any zone.
    // Writes are already serialized by the write queue; this trigger makes the
    // database itself refuse an overlapping row, whoever writes it.
    await runner.query(`CREATE TRIGGER "tr_claims_vendor_overlap" BEFORE INSERT ON "claims"
      WHEN NEW."status" IN ('confirmed', 'checked_in') AND EXISTS (
        SELECT 1 FROM "claims" c
        WHERE c."vendor_id" = NEW."vendor_id" AND c."status" IN ('confirmed', 'checked_in')
          AND c."start_at" < NEW."end_at" AND c."end_at" > NEW."start_at")
      BEGIN SELECT RAISE(ABORT, 'VENDOR_OVERLAP'); END`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "tr_claims_vendor_overlap"`);
    await runner.query(`DROP TABLE "audit_entries"`);
    await runner.query(`DROP TABLE "idempotency_keys"`);
    await runner.query(`DROP TABLE "claims"`);
    await runner.query(`DROP TABLE "vendors"`);
    await runner.query(`DROP TABLE "session_cancellations"`);
    await runner.query(`DROP TABLE "market_sessions"`);
    await runner.query(`DROP TABLE "stalls"`);
    await runner.query(`DROP TABLE "zones"`);
    await runner.query(`DROP TABLE "users"`);
  }
}
