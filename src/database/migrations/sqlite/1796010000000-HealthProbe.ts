import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A one-row table the readiness check writes to (sqlite): a database that
 * answers reads but cannot take a write (disk full, read-only) is not ready.
 */
export class HealthProbe1796010000000 implements MigrationInterface {
  name = 'HealthProbe1796010000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "health_probes" ("id" integer PRIMARY KEY NOT NULL, "at" bigint NOT NULL, "payload" text NOT NULL DEFAULT '')`,
    );
    await runner.query(`INSERT INTO "health_probes" ("id", "at", "payload") VALUES (1, 0, '')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "health_probes"`);
  }
}
