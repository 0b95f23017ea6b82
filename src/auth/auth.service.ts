import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Database } from '../database/database.service.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { User } from './user.entity.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

function lockedOut(until: number, now: number): DomainError {
  const seconds = Math.ceil((until - now) / 1000);
  return new DomainError(ErrorCode.RATE_LIMITED, `too many failed logins: try again in ${Math.ceil(seconds / 60)} minutes`, {
    'Retry-After': String(seconds),
  });
}

@Injectable()
export class AuthService {
  constructor(
    private readonly clock: Clock,
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.db.reader.findOne(User, { where: { username: dto.username } });
    const now = this.clock.now();
    // The attempt is counted before the password is checked, atomically, so that
    // concurrent guesses cannot all slip in before the fifth failure locks the account.
    if (user && !(await this.reserveAttempt(user.id, now))) throw lockedOut(user.lockedUntil ?? now + LOCKOUT_MS, now);
    // Unknown users cost the same hash as known ones, and get the same answer.
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      if (user) await this.lockIfExhausted(user.id, now);
      throw new DomainError(ErrorCode.BAD_CREDENTIALS, 'wrong username or password');
    }
    await this.db.write((em) => em.update(User, { id: user.id }, { failedLogins: 0, lockedUntil: null }));
    return this.issue(user);
  }

  /** Counts one more attempt unless the account is locked or MAX attempts are already in flight or failed. */
  private reserveAttempt(userId: string, now: number): Promise<boolean> {
    return this.db.write(async (em) => {
      const changed = await this.db.sql(em).run(
        'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? AND failed_logins < ? AND (locked_until IS NULL OR locked_until <= ?)',
        [userId, MAX_FAILED_LOGINS, now],
      );
      return changed === 1;
    });
  }

  /** The fifth failure in a row locks the account for 15 minutes, whatever address the guesses come from. */
  private async lockIfExhausted(userId: string, now: number): Promise<void> {
    await this.db.write((em) =>
      this.db.sql(em).run('UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ? AND failed_logins >= ?', [
        now + LOCKOUT_MS,
        userId,
        MAX_FAILED_LOGINS,
      ]),
    );
  }

  issue(user: Pick<User, 'id' | 'role'>): LoginResponse {
    const expiresIn = this.config.getOrThrow<number>('jwt.ttlSeconds');
    const accessToken = this.jwt.sign({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, role: user.role, userId: user.id, expiresIn };
  }
}
