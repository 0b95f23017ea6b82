import { Injectable } from '@nestjs/common';
import { containsPattern } from '../common/like.js';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import type { RowLock } from '../database/transactions.js';
import { num, Row, strOrNull } from '../database/row.js';
import type { Sql } from '../database/sql.js';
import type { Zone, ZoneStatus } from './zone.js';

const COLUMNS =
  'id, name, district, address, latitude, longitude, timezone, description, max_claims_per_vendor_per_week, booking_horizon_days, offer_hold_minutes, status, created_at, updated_at';

function fromRow(row: Row): Zone {
  return {
    id: String(row.id),
    name: String(row.name),
    district: String(row.district),
    address: String(row.address),
    latitude: num(row.latitude),
    longitude: num(row.longitude),
    timezone: String(row.timezone),
    description: strOrNull(row.description),
    maxClaimsPerVendorPerWeek: num(row.max_claims_per_vendor_per_week),
    bookingHorizonDays: num(row.booking_horizon_days),
    offerHoldMinutes: num(row.offer_hold_minutes),
    status: row.status as ZoneStatus,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toParams(zone: Zone): unknown[] {
  return [
    zone.id,
    zone.name,
    zone.district,
    zone.address,
    zone.latitude,
    zone.longitude,
    zone.timezone,
    zone.description,
    zone.maxClaimsPerVendorPerWeek,
    zone.bookingHorizonDays,
    zone.offerHoldMinutes,
    zone.status,
    zone.createdAt,
    zone.updatedAt,
  ];
}

const NATURAL = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'variant' });

/** District, then name, in natural order (digit runs compare as numbers), then id so equal names keep one order. */
export function naturalZoneOrder(a: Zone, b: Zone): number {
  return NATURAL.compare(a.district, b.district) || NATURAL.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface ZoneFilter {
  district?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** The only code that speaks SQL to `zones`. */
@Injectable()
export class ZonesRepository {
  constructor(private readonly db: Database) {}

  /** In a write, `lock` takes the one write rule's row lock (Database.lockClause). */
  async find(id: string, tx: Sql = this.db.reader, lock?: RowLock): Promise<Zone | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM zones WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  async insert(tx: Sql, zone: Zone): Promise<void> {
    await tx.run(`INSERT INTO zones (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, toParams(zone));
  }

  async update(tx: Sql, zone: Zone): Promise<void> {
    const [id, ...rest] = toParams(zone);
    await tx.run(
      `UPDATE zones SET name = ?, district = ?, address = ?, latitude = ?, longitude = ?, timezone = ?, description = ?,
         max_claims_per_vendor_per_week = ?, booking_horizon_days = ?, offer_hold_minutes = ?, status = ?, created_at = ?, updated_at = ? WHERE id = ?`,
      [...rest, id],
    );
  }

  async list(filter: ZoneFilter): Promise<Page<Zone>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.district !== undefined) {
      where.push('district = ?');
      params.push(filter.district);
    }
    if (filter.q !== undefined) {
      where.push(`LOWER(name) LIKE ? ESCAPE '\\'`);
      params.push(containsPattern(filter.q));
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    // Natural order (第2摊区 before 第10摊区) is not a database collation on either driver, so the
    // matching zones are sorted here, then paged: a city has hundreds of zones, not millions.
    const rows = (await this.db.reader.all(`SELECT ${COLUMNS} FROM zones${clause}`, params)).map(fromRow);
    rows.sort(naturalZoneOrder);
    return { items: rows.slice(filter.offset, filter.offset + filter.limit), total: rows.length };
  }

  /** Ids of every zone, or of one district's, in id order (the order a closure locks them in). */
  async idsInArea(tx: Sql, district: string | undefined): Promise<string[]> {
    const rows = await tx.all<{ id: string }>(
      `SELECT id FROM zones${district === undefined ? '' : ' WHERE district = ?'} ORDER BY id`,
      district === undefined ? [] : [district],
    );
    return rows.map((row) => String(row.id));
  }

  /** Every zone (for the map of zones kept in memory: a city has thousands, not millions). */
  async all(): Promise<Zone[]> {
    return (await this.db.reader.all(`SELECT ${COLUMNS} FROM zones`)).map(fromRow);
  }

  /** Names and time zones of the given zones, in one read, for showing many rows at once. */
  async labels(ids: string[]): Promise<Map<string, { name: string; timezone: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all<{ id: string; name: string; timezone: string }>(
      `SELECT id, name, timezone FROM zones WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, { name: row.name, timezone: row.timezone }]));
  }
}
