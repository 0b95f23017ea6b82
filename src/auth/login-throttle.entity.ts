import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/**
 * The `login_throttles` table's schema (login-throttles.repository.ts): failed
 * logins per username and client address (`address` '' is the username's
 * count over all addresses), by username as typed — whether or not an account
 * has it, so that known and unknown usernames are answered alike.
 */
@Entity('login_throttles')
export class LoginThrottleEntity {
  @PrimaryColumn('varchar', { length: 64, primaryKeyConstraintName: 'PK_login_throttles' })
  username: string;

  @PrimaryColumn('varchar', { length: 64, primaryKeyConstraintName: 'PK_login_throttles' })
  address: string;

  /** Failures in a row (counted before the password is checked). */
  @Column('integer', { default: 0 })
  failures: number;

  /** This address may not try this username until then. */
  @InstantColumn({ nullable: true })
  lockedUntil: number | null;

  /** Account-wide row: an unfamiliar address may next have a password checked then. */
  @InstantColumn({ nullable: true })
  nextAttemptAt: number | null;

  /** The last successful login of this username from this address (a familiar address). */
  @InstantColumn({ nullable: true })
  succeededAt: number | null;

  @Index('ix_login_throttles_updated')
  @InstantColumn()
  updatedAt: number;
}
