import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Transactions, Tx } from '../database/transactions.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { UsersRepository } from './users.repository.js';

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
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.findByUsername(dto.username);
    const now = this.clock.now();
    // The attempt is counted before the password is checked, atomically, so that
    // concurrent guesses cannot all slip in before the fifth failure locks the account.
    if (user && !(await this.transactions.write((tx) => this.users.reserveAttempt(tx, user.id, MAX_FAILED_LOGINS, now)))) {
      throw lockedOut(user.lockedUntil ?? now + LOCKOUT_MS, now);
    }
    // Unknown users cost the same hash as known ones, and get the same answer.
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      if (user) await this.transactions.write((tx) => this.users.lockIfExhausted(tx, user.id, MAX_FAILED_LOGINS, now + LOCKOUT_MS));
      throw new DomainError(ErrorCode.BAD_CREDENTIALS, 'wrong username or password');
    }
    await this.transactions.write((tx) => this.users.clearFailures(tx, user.id));
    return this.issue(user);
  }

  /** A new login, in the caller's transaction (a vendor's registration); a taken username fails on the unique index. */
  async createAccount(
    tx: Tx,
    account: { id: string; username: string; passwordHash: string; role: Role; createdAt: number },
  ): Promise<void> {
    await this.users.insert(tx, account);
  }

  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    return (await this.users.findByUsername(username, tx)) !== undefined;
  }

  issue(user: { id: string; role: Role }): LoginResponse {
    const expiresIn = this.config.getOrThrow<number>('jwt.ttlSeconds');
    const accessToken = this.jwt.sign({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, role: user.role, userId: user.id, expiresIn };
  }
}
