import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time passwords (postgres): a login whose password was made for it by staff (the sign-up
 * desk, a CSV import) must choose its own at the first sign-in; existing logins chose theirs.
 */
export class OneTimePasswords1796070000000 implements MigrationInterface {
  name = 'OneTimePasswords1796070000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
