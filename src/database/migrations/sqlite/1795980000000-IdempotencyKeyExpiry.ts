import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys expire (the claim sweeper purges them by age): an index on their creation instant (sqlite). */
export class IdempotencyKeyExpiry1795980000000 implements MigrationInterface {
  name = 'IdempotencyKeyExpiry1795980000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys" ("created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "ix_idempotency_keys_created"`);
  }
}
