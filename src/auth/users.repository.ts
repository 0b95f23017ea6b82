import { Injectable } from '@nestjs/common';
import type { Role } from '../common/actor.js';
import { Database } from '../database/database.service.js';
import { bool, num, Row } from '../database/row.js';
import type { Tx } from '../database/transactions.js';
import type { User } from './user.js';

const COLUMNS = 'id, username, password_hash, role, created_at, token_version, must_change_password';

function fromRow(row: Row): User {
  return {
    id: String(row.id),
    username: String(row.username),
    passwordHash: String(row.password_hash),
    role: row.role as Role,
    createdAt: num(row.created_at),
    tokenVersion: num(row.token_version),
    mustChangePassword: bool(row.must_change_password),
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

  async insert(tx: Tx, user: Pick<User, 'id' | 'username' | 'passwordHash' | 'role' | 'createdAt' | 'mustChangePassword'>): Promise<void> {
    await tx.run('INSERT INTO users (id, username, password_hash, role, created_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?)', [
      user.id,
      user.username,
      user.passwordHash,
      user.role,
      user.createdAt,
      user.mustChangePassword,
    ]);
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db.reader.get(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
    return row && fromRow(row);
  }

  /** A user's token version, for the guard (undefined: no such user). */
  async tokenVersion(id: string): Promise<number | undefined> {
    const row = await this.db.reader.get<{ token_version: unknown }>('SELECT token_version FROM users WHERE id = ?', [id]);
    return row && num(row.token_version);
  }

  /** A new password; the token version moves on, so tokens issued before stop working. */
  async changePassword(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.run('UPDATE users SET password_hash = ?, token_version = token_version + 1, must_change_password = ? WHERE id = ?', [
      passwordHash,
      false,
      id,
    ]);
  }
}
