import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { bool, num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { StallCategory } from '../stalls/stall.js';
import type { DrawResult, Round, RoundApplication, RoundStatus } from './allocation.js';

const COLUMNS =
  'id, zone_id, session_id, from_date, to_date, apply_until, seed_commitment, seed, status, drawn_at, drawn_by, created_by, created_at';
const APPLICATION_COLUMNS = 'id, round_id, vendor_id, ticket, category, priority, position, result, stall_id, created_at';

function fromRow(row: Row): Round {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    sessionId: String(row.session_id),
    from: String(row.from_date),
    to: String(row.to_date),
    applyUntil: num(row.apply_until),
    seedCommitment: String(row.seed_commitment),
    seed: strOrNull(row.seed),
    status: row.status as RoundStatus,
    drawnAt: numOrNull(row.drawn_at),
    drawnBy: strOrNull(row.drawn_by),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
  };
}

function applicationFromRow(row: Row): RoundApplication {
  return {
    id: String(row.id),
    roundId: String(row.round_id),
    vendorId: String(row.vendor_id),
    ticket: num(row.ticket),
    category: row.category as StallCategory,
    priority: bool(row.priority),
    position: numOrNull(row.position),
    result: strOrNull(row.result) as DrawResult | null,
    stallId: strOrNull(row.stall_id),
    createdAt: num(row.created_at),
  };
}

/** The only code that speaks SQL to `rounds` and `round_applications` (a round and the applications to it). */
@Injectable()
export class RoundsRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, round: Round): Promise<void> {
    await tx.run(`INSERT INTO rounds (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      round.id,
      round.zoneId,
      round.sessionId,
      round.from,
      round.to,
      round.applyUntil,
      round.seedCommitment,
      round.seed,
      round.status,
      round.drawnAt,
      round.drawnBy,
      round.createdBy,
      round.createdAt,
    ]);
  }

  /** Inside a write, `lock` takes the one write rule's row lock. */
  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Round | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM rounds WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  async pageOfZone(zoneId: string, page: { limit: number; offset: number }): Promise<Page<Round>> {
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM rounds WHERE zone_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [
      zoneId,
      page.limit,
      page.offset,
    ]);
    const total = await this.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM rounds WHERE zone_id = ?', [zoneId]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Drawn rounds of a session whose period holds the date (ix_rounds_session_period), oldest first. */
  async drawnCovering(tx: Tx, sessionId: string, date: string): Promise<Round[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM rounds WHERE session_id = ? AND from_date <= ? AND to_date >= ? AND status = 'drawn' ORDER BY created_at, id`,
      [sessionId, date, date],
    );
    return rows.map(fromRow);
  }

  async markDrawn(tx: Tx, round: Round): Promise<void> {
    await tx.run(`UPDATE rounds SET status = 'drawn', seed = ?, drawn_at = ?, drawn_by = ? WHERE id = ? AND status = 'open'`, [
      round.seed,
      round.drawnAt,
      round.drawnBy,
      round.id,
    ]);
  }

  /** The next ticket of a round; the caller holds the round row for update, so tickets never repeat (uq_round_applications_ticket). */
  async nextTicket(tx: Tx, roundId: string): Promise<number> {
    const row = await tx.get<{ last: unknown }>('SELECT MAX(ticket) AS last FROM round_applications WHERE round_id = ?', [roundId]);
    return num(row?.last ?? 0) + 1;
  }

  async insertApplication(tx: Tx, application: RoundApplication): Promise<void> {
    await tx.run(`INSERT INTO round_applications (${APPLICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      application.id,
      application.roundId,
      application.vendorId,
      application.ticket,
      application.category,
      application.priority,
      application.position,
      application.result,
      application.stallId,
      application.createdAt,
    ]);
  }

  async hasApplied(tx: Tx, roundId: string, vendorId: string): Promise<boolean> {
    return (await tx.get('SELECT id FROM round_applications WHERE round_id = ? AND vendor_id = ?', [roundId, vendorId])) !== undefined;
  }

  /** A round's applications by ticket, or in draw order once drawn. */
  async applicationsOf(roundId: string, tx: Tx = this.db.reader): Promise<RoundApplication[]> {
    const rows = await tx.all(
      `SELECT ${APPLICATION_COLUMNS} FROM round_applications WHERE round_id = ? ORDER BY position IS NULL, position, ticket`,
      [roundId],
    );
    return rows.map(applicationFromRow);
  }

  async recordDraw(tx: Tx, applications: RoundApplication[]): Promise<void> {
    for (const application of applications) {
      await tx.run('UPDATE round_applications SET priority = ?, position = ?, result = ?, stall_id = ? WHERE id = ?', [
        application.priority,
        application.position,
        application.result,
        application.stallId,
        application.id,
      ]);
    }
  }
}
