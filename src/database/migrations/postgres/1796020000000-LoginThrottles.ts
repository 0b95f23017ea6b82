import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login throttling per (username, client address) and per username (postgres),
 * replacing the per-account lock of migration 3, which let anyone lock an
 * account and told which usernames exist; and a token version per user, so a
 * password change ends the user's older tokens.
 */
export class LoginThrottles1796020000000 implements MigrationInterface {
  name = 'LoginThrottles1796020000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "login_throttles" ("username" character varying(64) NOT NULL, "address" character varying(64) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" bigint, "next_attempt_at" bigint, "succeeded_at" bigint, "updated_at" bigint NOT NULL, CONSTRAINT "PK_login_throttles" PRIMARY KEY ("username", "address"))`,
    );
    await runner.query(`CREATE INDEX "ix_login_throttles_updated" ON "login_throttles" ("updated_at")`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
    await runner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '0'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
    await runner.query(`ALTER TABLE "users" ADD "locked_until" bigint`);
    await runner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await runner.query(`DROP TABLE "login_throttles"`);
  }
}
