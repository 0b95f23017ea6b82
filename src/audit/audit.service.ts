import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.service.js';
import { AuditEntry } from './audit-entry.entity.js';
import { newId } from '../database/ids.js';

/** Who acted: a user, or the system itself (no-show sweep). */
export type AuditActor = Actor | { id: null; role: 'system' };
export const SYSTEM_ACTOR: AuditActor = { id: null, role: 'system' };

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  limit: number;
  offset: number;
}

/** Appends to the audit log inside the caller's transaction, so the entry exists iff the change does. */
@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly db: Database,
  ) {}

  async record(em: EntityManager, actor: AuditActor, records: AuditRecord | AuditRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records];
    if (list.length === 0) return;
    const at = this.clock.now();
    const sql = this.db.sql(em);
    for (const record of list) {
      await sql.run(
        'INSERT INTO audit_entries (id, at, actor_id, actor_role, action, entity_type, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          newId(),
          at,
          actor.id,
          actor.role,
          record.action,
          record.entityType,
          record.entityId,
          record.before ? JSON.stringify(record.before) : null,
          record.after ? JSON.stringify(record.after) : null,
        ],
      );
    }
  }

  async list(filter: AuditFilter): Promise<{ items: AuditEntry[]; total: number }> {
    const where: Record<string, string> = {};
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.entityId) where.entityId = filter.entityId;
    if (filter.actorId) where.actorId = filter.actorId;
    if (filter.action) where.action = filter.action;
    const [items, total] = await this.db.reader.findAndCount(AuditEntry, {
      where,
      order: { at: 'DESC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }
}
