import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import type { Tx } from '../database/transactions.js';
import type { StallCategory } from '../stalls/stall.js';
import type { Feedback, FeedbackCounts, FeedbackKind, FeedbackKindCount, FeedbackStatus } from './feedback.js';

const COLUMNS = 'id, zone_id, kind, category, text, contact, status, resolution_note, resolved_by, resolved_at, created_at';

function fromRow(row: Row): Feedback {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    kind: row.kind as FeedbackKind,
    category: strOrNull(row.category) as StallCategory | null,
    text: String(row.text),
    contact: strOrNull(row.contact),
    status: row.status as FeedbackStatus,
    resolutionNote: strOrNull(row.resolution_note),
    resolvedBy: strOrNull(row.resolved_by),
    resolvedAt: numOrNull(row.resolved_at),
    createdAt: num(row.created_at),
  };
}

export interface FeedbackFilter {
  zoneIds?: string[];
  kind?: FeedbackKind;
  status?: FeedbackStatus;
  limit: number;
  offset: number;
}

/** The only code that speaks SQL to `feedback`. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, feedback: Feedback): Promise<void> {
    await tx.run(`INSERT INTO feedback (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      feedback.id,
      feedback.zoneId,
      feedback.kind,
      feedback.category,
      feedback.text,
      feedback.contact,
      feedback.status,
      feedback.resolutionNote,
      feedback.resolvedBy,
      feedback.resolvedAt,
      feedback.createdAt,
    ]);
  }

  async find(id: string, tx: Tx = this.db.reader, lock?: 'update'): Promise<Feedback | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM feedback WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  async resolve(tx: Tx, id: string, note: string, by: string, at: number): Promise<void> {
    await tx.run(`UPDATE feedback SET status = 'resolved', resolution_note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?`, [
      note,
      by,
      at,
      id,
    ]);
  }

  /** Newest first. */
  async list(filter: FeedbackFilter): Promise<Page<Feedback>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.zoneIds !== undefined) {
      if (filter.zoneIds.length === 0) return { items: [], total: 0 };
      where.push(`zone_id IN (${placeholders(filter.zoneIds.length)})`);
      params.push(...filter.zoneIds);
    }
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM feedback${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      filter.offset,
    ]);
    const total = await this.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM feedback${clause}`, params);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Counts by kind, and of those resolved, for each of these zones (ix_feedback_zone_created). */
  async countsOfZones(zoneIds: string[]): Promise<Map<string, FeedbackCounts>> {
    const counts = new Map<string, FeedbackCounts>(zoneIds.map((id) => [id, { wish: 0, problem: 0, praise: 0, resolved: 0 }]));
    if (zoneIds.length === 0) return counts;
    const rows = await this.db.reader.all<{ zone_id: string; kind: FeedbackKind; status: FeedbackStatus; n: unknown }>(
      `SELECT zone_id, kind, status, COUNT(*) AS n FROM feedback WHERE zone_id IN (${placeholders(zoneIds.length)}) GROUP BY zone_id, kind, status`,
      zoneIds,
    );
    for (const row of rows) {
      const zone = counts.get(row.zone_id)!;
      zone[row.kind] += num(row.n);
      if (row.status === 'resolved') zone.resolved += num(row.n);
    }
    return counts;
  }

  /**
   * Feedback received in [from, until) (instants), by kind and status, of these zones or of all
   * (the cockpit; ix_feedback_zone_created).
   */
  async countsByKind(window: { from: number; until: number; zoneIds?: string[] }): Promise<FeedbackKindCount[]> {
    if (window.zoneIds?.length === 0) return [];
    const zones = window.zoneIds === undefined ? '' : ` AND zone_id IN (${placeholders(window.zoneIds.length)})`;
    const rows = await this.db.reader.all<{ kind: FeedbackKind; status: FeedbackStatus; n: unknown }>(
      `SELECT kind, status, COUNT(*) AS n FROM feedback WHERE created_at >= ? AND created_at < ?${zones} GROUP BY kind, status`,
      [window.from, window.until, ...(window.zoneIds ?? [])],
    );
    return rows.map((row) => ({ kind: row.kind, status: row.status, count: num(row.n) }));
  }
}
