import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database } from '../database/database.service.js';
import { newId } from '../database/ids.js';
import { num, Row, strOrNull } from '../database/row.js';
import type { Tx } from '../database/transactions.js';

export interface AuditEntry {
  id: string;
  at: number;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  limit: number;
  offset: number;
}

const COLUMNS = 'id, at, actor_id, actor_role, action, entity_type, entity_id, before, after';
const FILTER_COLUMNS = { entityType: 'entity_type', entityId: 'entity_id', actorId: 'actor_id', action: 'action' } as const;

function fromRow(row: Row): AuditEntry {
  return {
    id: String(row.id),
    at: num(row.at),
    actorId: strOrNull(row.actor_id),
    actorRole: String(row.actor_role),
    action: String(row.action),
    entityType: String(row.entity_type),
    entityId: String(row.entity_id),
    before: strOrNull(row.before),
    after: strOrNull(row.after),
  };
}

/** The only code that speaks SQL to `audit_entries`. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await tx.run(`INSERT INTO audit_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      newId(),
      entry.at,
      entry.actorId,
      entry.actorRole,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before,
      entry.after,
    ]);
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [field, column] of Object.entries(FILTER_COLUMNS)) {
      const value = filter[field as keyof typeof FILTER_COLUMNS];
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM audit_entries${clause} ORDER BY at DESC, id LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      filter.offset,
    ]);
    const total = await this.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM audit_entries${clause}`, params);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }
}
