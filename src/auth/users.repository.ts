import { Injectable } from '@nestjs/common';
import type { Role } from '../common/actor.js';
import { Database } from '../database/database.service.js';
import { num, numOrNull, Row } from '../database/row.js';
import type { Tx } from '../database/transactions.js';
import type { User } from './user.js';

const COLUMNS = 'id, username, password_hash, role, created_at, failed_logins, locked_until';

function fromRow(row: Row): User {
  return {
    id: String(row.id),
    username: String(row.username),
    passwordHash: String(row.password_hash),
    role: row.role as Role,
    createdAt: num(row.created_at),
    failedLogins: num(row.failed_logins),
    lockedUntil: numOrNull(row.locked_until),
  };
}

/** The only code that speaks SQL to `users`. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findByUsername(username: string, tx: Tx = this.db.reader): Promise<User | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM users WHERE username = ?`, [username]);
    return row && fromRow(row);
  }

  async countByRole(role: Role, tx: Tx = this.db.reader): Promise<number> {
    const row = await tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM users WHERE role = ?', [role]);
    return num(row?.n ?? 0);
  }

  async insert(tx: Tx, user: Pick<User, 'id' | 'username' | 'passwordHash' | 'role' | 'createdAt'>): Promise<void> {
    await tx.run('INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)', [
      user.id,
      user.username,
      user.passwordHash,
      user.role,
      user.createdAt,
    ]);
  }

  /** Counts one more attempt unless the account is locked or `max` attempts are already in flight or failed. */
  async reserveAttempt(tx: Tx, userId: string, max: number, now: number): Promise<boolean> {
    const changed = await tx.run(
      'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? AND failed_logins < ? AND (locked_until IS NULL OR locked_until <= ?)',
      [userId, max, now],
    );
    return changed === 1;
  }

  /** Locks the account until `until` when `max` failures have been counted. */
  async lockIfExhausted(tx: Tx, userId: string, max: number, until: number): Promise<void> {
    await tx.run('UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ? AND failed_logins >= ?', [until, userId, max]);
  }

  async clearFailures(tx: Tx, userId: string): Promise<void> {
    await tx.run('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?', [userId]);
  }
}
