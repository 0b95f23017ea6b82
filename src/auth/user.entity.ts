import { Column, Entity, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';

export type Role = 'staff' | 'vendor';
export const ROLES: readonly Role[] = ['staff', 'vendor'];

/** A login. A vendor's user shares its id with the vendor record; its username is the phone. */
@Entity('users')
@Unique('uq_users_username', ['username'])
export class User {
  @IdColumn()
  id: string;

  @Column('varchar', { length: 64 })
  username: string;

  @Column('varchar', { length: 200 })
  passwordHash: string;

  @Column('varchar', { length: 16 })
  role: Role;

  @InstantColumn()
  createdAt: number;

  /** Consecutive failed logins since the last success or lockout. */
  @Column('integer', { default: 0 })
  failedLogins: number;

  /** Logins are refused until then after too many failures in a row. */
  @InstantColumn({ nullable: true })
  lockedUntil: number | null;
}
