import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-account login lockout: consecutive failures and the end of a lockout (postgres). */
export class LoginLockout1795930000000 implements MigrationInterface {
  name = 'LoginLockout1795930000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await runner.query(`ALTER TABLE "users" ADD "locked_until" bigint`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
  }
}
