import { Injectable } from '@nestjs/common';
import { containsPattern } from '../common/like.js';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { json, num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { Tx, RowLock } from '../database/transactions.js';
import type { StallCategory } from '../stalls/stall.js';
import type { PriorityGroup, Vendor, VendorKind, VendorStatus } from './vendor.js';

const COLUMNS = 'id, name, phone, kind, categories, priority_groups, status, status_reason, suspended_until, created_at, updated_at';

function fromRow(row: Row): Vendor {
  return {
    id: String(row.id),
    name: String(row.name),
    phone: String(row.phone),
    kind: row.kind as VendorKind,
    categories: json<StallCategory[]>(row.categories),
    priorityGroups: json<PriorityGroup[]>(row.priority_groups),
    status: row.status as VendorStatus,
    statusReason: strOrNull(row.status_reason),
    suspendedUntil: numOrNull(row.suspended_until),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export interface VendorFilter {
  /** The status as read at `now` (a suspension past its end reads as approved). */
  status?: VendorStatus;
  /** Part of the name (case-insensitive) or of the phone number. */
  q?: string;
  now: number;
  limit: number;
  offset: number;
}

/** The only code that speaks SQL to `vendors`. */
@Injectable()
export class VendorsRepository {
  constructor(private readonly db: Database) {}

  /** Inside a write, `lock` takes the one write rule's row lock. */
  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Vendor | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM vendors WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  async insert(tx: Tx, vendor: Vendor): Promise<void> {
    await tx.run(`INSERT INTO vendors (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      vendor.id,
      vendor.name,
      vendor.phone,
      vendor.kind,
      JSON.stringify(vendor.categories),
      JSON.stringify(vendor.priorityGroups),
      vendor.status,
      vendor.statusReason,
      vendor.suspendedUntil,
      vendor.createdAt,
      vendor.updatedAt,
    ]);
  }

  async updateStatus(tx: Tx, vendor: Vendor): Promise<void> {
    await tx.run('UPDATE vendors SET status = ?, status_reason = ?, suspended_until = ?, updated_at = ? WHERE id = ?', [
      vendor.status,
      vendor.statusReason,
      vendor.suspendedUntil,
      vendor.updatedAt,
      vendor.id,
    ]);
  }

  async updatePriorityGroups(tx: Tx, vendor: Vendor): Promise<void> {
    await tx.run('UPDATE vendors SET priority_groups = ?, updated_at = ? WHERE id = ?', [
      JSON.stringify(vendor.priorityGroups),
      vendor.updatedAt,
      vendor.id,
    ]);
  }

  /** Newest registrations first. */
  async list(filter: VendorFilter): Promise<Page<Vendor>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status === 'approved') {
      where.push(`(status = 'approved' OR (status = 'suspended' AND suspended_until <= ?))`);
      params.push(filter.now);
    } else if (filter.status === 'suspended') {
      where.push(`status = 'suspended' AND (suspended_until IS NULL OR suspended_until > ?)`);
      params.push(filter.now);
    } else if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.q !== undefined) {
      where.push(`(LOWER(name) LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')`);
      params.push(containsPattern(filter.q), containsPattern(filter.q));
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM vendors${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      filter.offset,
    ]);
    const total = await this.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM vendors${clause}`, params);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Names of the given vendors. */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all<{ id: string; name: string }>(
      `SELECT id, name FROM vendors WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The given vendors, by id. */
  async findMany(ids: string[]): Promise<Map<string, Vendor>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM vendors WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    return new Map(rows.map((row) => [String(row.id), fromRow(row)]));
  }
}
