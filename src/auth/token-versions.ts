import { Injectable } from '@nestjs/common';
import { Memo } from '../common/memo.js';
import { UsersRepository } from './users.repository.js';

/**
 * How long a user's token version read from the database is trusted (real
 * time, like token expiry). On the instance where a password changes it is
 * forgotten at once; other instances see the change within this long.
 */
const FRESH_MS = 2_000;
const USERS_REMEMBERED = 50_000;

/** Users' current token versions, for the guard: a token issued before the last password change is refused. */
@Injectable()
export class TokenVersions {
  private readonly versions = new Memo<string, { version: number; readAt: number }>({ max: USERS_REMEMBERED });

  constructor(private readonly users: UsersRepository) {}

  /** The user's token version (0 for an id no account has: such a token can only have been signed with the secret). */
  async current(userId: string): Promise<number> {
    const known = this.versions.get(userId);
    if (known && Date.now() - known.readAt < FRESH_MS) return known.version;
    const version = (await this.users.tokenVersion(userId)) ?? 0;
    this.versions.set(userId, { version, readAt: Date.now() });
    return version;
  }

  forget(userId: string): void {
    this.versions.delete(userId);
  }
}
