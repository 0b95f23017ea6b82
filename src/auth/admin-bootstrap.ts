import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Clock } from '../common/clock.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions } from '../database/transactions.js';
import { hashPassword } from './password.js';
import { UsersRepository } from './users.repository.js';

/**
 * On first start, when no staff account exists, creates one from
 * ADMIN_USERNAME / ADMIN_PASSWORD. Without ADMIN_PASSWORD a password is
 * generated and written to a file readable only by the owner: it never
 * appears in the logs.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.countByRole('staff')) > 0) return;
    const username = this.config.getOrThrow<string>('admin.username');
    let password = this.config.get<string>('admin.password');
    let passwordFile: string | undefined;
    if (!password) {
      password = randomBytes(12).toString('base64url');
      passwordFile = join(this.config.getOrThrow<string>('dataDir'), 'initial-admin-password');
      writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    const passwordHash = await hashPassword(password);
    const created = await this.transactions
      .write(async (tx) => {
        if ((await this.users.countByRole('staff', tx)) > 0) return false;
        await this.users.insert(tx, {
          id: newId(),
          username,
          passwordHash,
          role: 'staff',
          createdAt: this.clock.now(),
          mustChangePassword: false,
        });
        return true;
      })
      .catch((error: unknown) => {
        // Another instance starting at the same time created it first.
        if (constraintViolation(error)?.kind === 'unique') return false;
        throw error;
      });
    if (created) {
      this.logger.log(
        passwordFile
          ? `created staff account "${username}"; its generated password is in ${passwordFile}`
          : `created staff account "${username}" from ADMIN_PASSWORD`,
      );
    }
  }
}
