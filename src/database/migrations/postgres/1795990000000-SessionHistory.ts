import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Past occurrences are facts (postgres): a change of a session's timing (times,
 * rule, validity) or of its zone's time zone applies from a date forward.
 * market_sessions.effective_from is the first date the current timing rules;
 * session_history keeps each earlier timing with the date it stopped ruling
 * (exclusive) and the time zone it ran in.
 */
export class SessionHistory1795990000000 implements MigrationInterface {
  name = 'SessionHistory1795990000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "market_sessions" ADD "effective_from" character varying(10) NOT NULL DEFAULT '2000-01-01'`);
    await runner.query(
      `CREATE TABLE "session_history" ("session_id" character varying(36) NOT NULL, "until_date" character varying(10) NOT NULL, "start_time" character varying(5) NOT NULL, "end_time" character varying(5) NOT NULL, "rrule" character varying(500) NOT NULL, "valid_from" character varying(10) NOT NULL, "valid_until" character varying(10), "timezone" character varying(64) NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "PK_session_history" PRIMARY KEY ("session_id", "until_date"))`,
    );
    await runner.query(
      `ALTER TABLE "session_history" ADD CONSTRAINT "fk_session_history_session" FOREIGN KEY ("session_id") REFERENCES "market_sessions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "session_history"`);
    await runner.query(`ALTER TABLE "market_sessions" DROP COLUMN "effective_from"`);
  }
}
