import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Transactions, Tx } from '../database/transactions.js';
import { ChangePasswordDto, LoginDto, LoginResponse } from './dto/login.dto.js';
import { accountTurn, ADDRESS_LOCK_MS, ALL_ADDRESSES, isFamiliar, MAX_FAILURES_PER_ADDRESS } from './login-throttle.js';
import { LoginThrottlesRepository } from './login-throttles.repository.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import type { User } from './user.js';
import { TokenVersions } from './token-versions.js';
import { UsersRepository } from './users.repository.js';

/** Staff accounts run the city's markets: their passwords are longer than a grower's PIN-like one. */
const MIN_STAFF_PASSWORD = 8;

function tooManyAttempts(until: number, now: number): DomainError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return new DomainError(
    ErrorCode.RATE_LIMITED,
    `too many failed logins: try again in ${Math.ceil(seconds / 60)} minutes`,
    {
      'Retry-After': String(seconds),
    },
    { seconds },
  );
}

/** The claims of a token this service signs. */
export interface TokenClaims {
  sub: string;
  role: Role;
  /** The user's token version when it was issued. */
  ver: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly throttles: LoginThrottlesRepository,
    private readonly transactions: Transactions,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
    private readonly versions: TokenVersions,
  ) {}

  /** A login from a client address, throttled per username and address (see login-throttle.ts). */
  async login(dto: LoginDto, address: string): Promise<LoginResponse> {
    const user = await this.users.findByUsername(dto.username);
    const valid = await this.checkPassword(dto.username, address, dto.password, user);
    if (!user || !valid) throw new DomainError(ErrorCode.BAD_CREDENTIALS, 'wrong username or password');
    return this.issue(user);
  }

  /** The caller's own password; its older tokens stop working. */
  async changePassword(actor: Actor, dto: ChangePasswordDto, address: string): Promise<void> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new DomainError(ErrorCode.UNAUTHORIZED, 'this account no longer exists');
    if (user.role === 'staff' && [...dto.newPassword].length < MIN_STAFF_PASSWORD) {
      throw validationFailed(`newPassword must be at least ${MIN_STAFF_PASSWORD} characters long for a staff account`, 'newPassword');
    }
    if (!(await this.checkPassword(user.username, address, dto.currentPassword, user))) {
      throw new DomainError(ErrorCode.BAD_CREDENTIALS, 'currentPassword is wrong', {}, { reason: 'current_password' });
    }
    const passwordHash = await hashPassword(dto.newPassword);
    await this.transactions.write((tx) => this.users.changePassword(tx, user.id, passwordHash));
    this.versions.forget(user.id);
  }

  /**
   * Checks a password under the throttles: the attempt is counted before the
   * hash is compared, atomically, so concurrent guesses cannot all slip in
   * before the fifth failure locks the address out. Unknown usernames cost the
   * same hash and are counted alike.
   */
  private async checkPassword(username: string, address: string, password: string, user: User | undefined): Promise<boolean> {
    await this.transactions.write((tx) => this.reserveAttempt(tx, username, address));
    // An unknown username costs the same hash as a known one (no timing oracle); the dummy never matches.
    const valid = (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)) && user !== undefined;
    await this.transactions.write((tx) => (valid ? this.succeeded(tx, username, address) : this.failed(tx, username, address)));
    return valid;
  }

  private async reserveAttempt(tx: Tx, username: string, address: string): Promise<void> {
    const now = this.clock.now();
    const pair = await this.throttles.take(tx, username, address, now);
    if (pair.lockedUntil !== null && pair.lockedUntil > now) throw tooManyAttempts(pair.lockedUntil, now);
    // MAX attempts already failed or in flight from this address: locked from now on.
    if (pair.failures >= MAX_FAILURES_PER_ADDRESS) {
      await this.throttles.save(tx, username, address, { ...pair, failures: 0, lockedUntil: now + ADDRESS_LOCK_MS }, now);
      throw tooManyAttempts(now + ADDRESS_LOCK_MS, now);
    }
    if (!isFamiliar(pair, now)) {
      const account = await this.throttles.take(tx, username, ALL_ADDRESSES, now);
      const turn = accountTurn(account, now);
      if (!turn.allowed) throw tooManyAttempts(turn.at, now);
      if (turn.next !== null) await this.throttles.save(tx, username, ALL_ADDRESSES, { ...account, nextAttemptAt: turn.next }, now);
    }
    await this.throttles.save(tx, username, address, { ...pair, failures: pair.failures + 1, lockedUntil: null }, now);
  }

  private async failed(tx: Tx, username: string, address: string): Promise<void> {
    const now = this.clock.now();
    const pair = await this.throttles.take(tx, username, address, now);
    // The attempt was counted already; the fifth failure in a row locks this address out.
    if (pair.failures >= MAX_FAILURES_PER_ADDRESS) {
      await this.throttles.save(tx, username, address, { ...pair, failures: 0, lockedUntil: now + ADDRESS_LOCK_MS }, now);
    }
    const account = await this.throttles.take(tx, username, ALL_ADDRESSES, now);
    await this.throttles.save(tx, username, ALL_ADDRESSES, { ...account, failures: account.failures + 1 }, now);
  }

  private async succeeded(tx: Tx, username: string, address: string): Promise<void> {
    const now = this.clock.now();
    await this.throttles.take(tx, username, address, now);
    await this.throttles.save(tx, username, address, { failures: 0, lockedUntil: null, nextAttemptAt: null, succeededAt: now }, now);
    const account = await this.throttles.take(tx, username, ALL_ADDRESSES, now);
    await this.throttles.save(tx, username, ALL_ADDRESSES, { ...account, failures: 0, nextAttemptAt: null }, now);
  }

  /** A new login, in the caller's transaction (a vendor's registration); a taken username fails on the unique index. */
  async createAccount(
    tx: Tx,
    account: { id: string; username: string; passwordHash: string; role: Role; createdAt: number; mustChangePassword: boolean },
  ): Promise<void> {
    await this.users.insert(tx, account);
  }

  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    return (await this.users.findByUsername(username, tx)) !== undefined;
  }

  issue(user: Pick<User, 'id' | 'role' | 'tokenVersion' | 'mustChangePassword'>): LoginResponse {
    const expiresIn = this.config.getOrThrow<number>('jwt.ttlSeconds');
    const claims: TokenClaims = { sub: user.id, role: user.role, ver: user.tokenVersion };
    const accessToken = this.jwt.sign(claims, { expiresIn });
    return { accessToken, role: user.role, userId: user.id, expiresIn, mustChangePassword: user.mustChangePassword };
  }
}
