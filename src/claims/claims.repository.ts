import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Claim } from './claim.entity.js';

/**
 * The named queries behind the claim rules. "Active" is computed against `now`:
 * a confirmed claim whose occurrence has ended is a no-show, not active.
 */
@Injectable()
export class ClaimsRepository {
  /** The active claim holding a slot, if any. */
  slotHolder(em: EntityManager, stallId: string, sessionId: string, date: string): Promise<Claim | null> {
    return em
      .createQueryBuilder(Claim, 'c')
      .where('c.stallId = :stallId AND c.sessionId = :sessionId AND c.date = :date', { stallId, sessionId, date })
      .andWhere(`c.status IN ('confirmed', 'checked_in')`)
      .getOne();
  }

  /** Whether the vendor holds an active claim whose window overlaps [start, end), in any zone. */
  async hasOverlap(em: EntityManager, vendorId: string, start: number, end: number): Promise<boolean> {
    const row = await em
      .createQueryBuilder(Claim, 'c')
      .select('c.id')
      .where('c.vendorId = :vendorId', { vendorId })
      .andWhere(`c.status IN ('confirmed', 'checked_in')`)
      .andWhere('c.startAt < :end AND c.endAt > :start', { start, end })
      .limit(1)
      .getRawOne();
    return row !== undefined;
  }

  /** Active claims of a vendor in a zone on the local dates [monday, sunday]. */
  countActiveInWeek(em: EntityManager, vendorId: string, zoneId: string, monday: string, sunday: string, now: number): Promise<number> {
    return em
      .createQueryBuilder(Claim, 'c')
      .where('c.vendorId = :vendorId AND c.zoneId = :zoneId', { vendorId, zoneId })
      .andWhere('c.date BETWEEN :monday AND :sunday', { monday, sunday })
      .andWhere(`(c.status = 'checked_in' OR (c.status = 'confirmed' AND c.endAt > :now))`, { now })
      .getCount();
  }

  /** End instants of the vendor's no-shows that ended after `since`. */
  async noShowEnds(em: EntityManager, vendorId: string, since: number, now: number): Promise<number[]> {
    const rows = await em
      .createQueryBuilder(Claim, 'c')
      .select('c.endAt', 'endAt')
      .where('c.vendorId = :vendorId AND c.endAt > :since AND c.endAt <= :now', { vendorId, since, now })
      .andWhere(`c.status IN ('no_show', 'confirmed')`)
      .getRawMany<{ endAt: string | number }>();
    return rows.map((row) => Number(row.endAt));
  }
}
