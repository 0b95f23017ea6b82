import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { num, Row, strOrNull } from '../database/row.js';
import type { Tx } from '../database/transactions.js';
import type { Captain } from './roster.js';

function fromRow(row: Row): Captain {
  return {
    zoneId: String(row.zone_id),
    vendorId: String(row.vendor_id),
    appointedBy: strOrNull(row.appointed_by),
    appointedAt: num(row.appointed_at),
  };
}

/** The only code that speaks SQL to `captains`. */
@Injectable()
export class CaptainsRepository {
  constructor(private readonly db: Database) {}

  async ofZone(zoneId: string, tx: Tx = this.db.reader): Promise<Captain[]> {
    const rows = await tx.all(
      'SELECT zone_id, vendor_id, appointed_by, appointed_at FROM captains WHERE zone_id = ? ORDER BY appointed_at, vendor_id',
      [zoneId],
    );
    return rows.map(fromRow);
  }

  async isCaptain(zoneId: string, vendorId: string): Promise<boolean> {
    return (
      (await this.db.reader.get('SELECT 1 AS one FROM captains WHERE zone_id = ? AND vendor_id = ?', [zoneId, vendorId])) !== undefined
    );
  }

  /** Appoints, unless already a captain; returns whether a row was added. */
  async appoint(tx: Tx, captain: Captain): Promise<boolean> {
    const added = await tx.run(
      'INSERT INTO captains (zone_id, vendor_id, appointed_by, appointed_at) VALUES (?, ?, ?, ?) ON CONFLICT (zone_id, vendor_id) DO NOTHING',
      [captain.zoneId, captain.vendorId, captain.appointedBy, captain.appointedAt],
    );
    return added === 1;
  }

  async remove(tx: Tx, zoneId: string, vendorId: string): Promise<boolean> {
    return (await tx.run('DELETE FROM captains WHERE zone_id = ? AND vendor_id = ?', [zoneId, vendorId])) === 1;
  }
}
