import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Page } from '../common/pagination.js';
import type { Tx } from '../database/transactions.js';
import { AuditEntry, AuditFilter, AuditRepository } from './audit.repository.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** Appends to the audit log inside the caller's transaction, so the entry exists iff the change does. */
@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly entries: AuditRepository,
  ) {}

  async record(tx: Tx, actor: AuditActor, records: AuditRecord | AuditRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records];
    const at = this.clock.now();
    for (const record of list) {
      await this.entries.insert(tx, {
        at,
        actorId: actor.id,
        actorRole: actor.role,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        before: record.before ? JSON.stringify(record.before) : null,
        after: record.after ? JSON.stringify(record.after) : null,
      });
    }
  }

  list(filter: AuditFilter): Promise<Page<AuditEntry>> {
    return this.entries.list(filter);
  }
}
