import { Column, Entity, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';

import type { Role } from '../common/actor.js';

/** The `users` table's schema: a login. A vendor's user shares its id with the vendor record; its username is the phone. */
@Entity('users')
@Unique('uq_users_username', ['username'])
export class UserEntity {
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

  /** In every token issued; a password change bumps it, which ends the older tokens. */
  @Column('integer', { default: 0 })
  tokenVersion: number;

  /** Set when staff made the password (the sign-up desk, an import): its owner must choose their own. */
  @Column('boolean', { default: false })
  mustChangePassword: boolean;
}
