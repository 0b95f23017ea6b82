import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { FAMILIAR_FOR_MS } from './login-throttle.js';
import { LoginThrottlesRepository } from './login-throttles.repository.js';

/** Rows untouched this long are forgotten (no lock or back-off outlasts a day). */
const FORGET_AFTER_MS = 24 * 3_600_000;
const STEP = 5_000;

/**
 * Throttle rows are made for any username typed from any address, so guessing
 * would fill the table: each hour, rows untouched for a day are deleted
 * (familiar addresses of recent successful logins are kept).
 */
@Injectable()
export class LoginThrottleSweeper {
  private readonly logger = new Logger('LoginThrottleSweeper');

  constructor(
    private readonly throttles: LoginThrottlesRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  @Interval(3_600_000)
  async tick(): Promise<void> {
    try {
      while ((await this.purge()) === STEP);
    } catch (error) {
      this.logger.warn(`login throttle purge failed, will retry: ${(error as Error).message}`);
    }
  }

  /** One step; returns how many rows went. */
  purge(): Promise<number> {
    const now = this.clock.now();
    return this.transactions.write((tx) => this.throttles.purge(tx, now - FORGET_AFTER_MS, now - FAMILIAR_FOR_MS, STEP));
  }
}
