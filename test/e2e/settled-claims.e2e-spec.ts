import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Claim } from '../../src/claims/claim.js';
import { countOf } from '../support/rows.js';
import { SETTLE_AFTER_MS } from '../../src/claims/claim-rules.js';
import { ClaimSweeper } from '../../src/claims/claim.sweeper.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { DAY, HOUR, MINUTE } from '../support/fake-clock.js';
import { claim, claimRow, createMarket, expectError, Market, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW) unless a test moves it.
// Sessions run 06:00–09:00 daily from 2026-12-01. settle() works on the whole table, so each
// test claims its own dates (12-01 boundaries, 12-03 reads, 12-04 the index, 12-05 late
// check-in, 12-06 new claims, 12-07 an unsettled slot) and the batch test uses rows ending
// in early November: the counts settle() returns are then this file's own.

/** The number of rows one settle() step takes (ClaimSweeper's SETTLE_BATCH, written out: the test checks the code). */
const STEP = 5_000;
const CLAIM_COLUMNS =
  'id, vendor_id, stall_id, session_id, zone_id, date, start_at, end_at, status, source, created_at, updated_at, checked_in_at, cancelled_at';
const COLUMN_COUNT = CLAIM_COLUMNS.split(',').length;
const claimToParams = (c: Claim) => [
  c.id,
  c.vendorId,
  c.stallId,
  c.sessionId,
  c.zoneId,
  c.date,
  c.startAt,
  c.endAt,
  c.status,
  c.source,
  c.createdAt,
  c.updatedAt,
  c.checkedInAt,
  c.cancelledAt,
];

describe('settled claims', () => {
  const t = useTestApp();
  let sweeper: ClaimSweeper;

  beforeAll(() => {
    sweeper = t.app.get(ClaimSweeper);
  });

  const at = (instant: string, offsetMs = 0) => t.clock.set(Date.parse(instant) + offsetMs);
  const getClaim = (id: string, token: string) => t.http.get(`/api/claims/${id}`).set(bearer(token));
  const checkIn = (id: string, token: string) => t.http.post(`/api/claims/${id}/check-in`).set(bearer(token));
  const myClaims = (token: string, date: string) => t.http.get(`/api/vendors/me/claims?from=${date}&to=${date}`).set(bearer(token));
  const grid = (zoneId: string, date: string, token = t.staffToken) =>
    t.http.get(`/api/zones/${zoneId}/slots?date=${date}`).set(bearer(token));

  /** SQLite stores booleans as 0/1, PostgreSQL returns true/false; anything else is a failure. */
  function asBoolean(value: unknown): boolean {
    if (value === true || value === 1) return true;
    if (value === false || value === 0) return false;
    throw new Error(`not a stored boolean: ${JSON.stringify(value)}`);
  }

  /** The `settled` column of a claim, read with plain SQL. */
  async function settledColumn(id: string): Promise<boolean> {
    const row = await t.db.reader.get<{ settled: unknown }>('SELECT settled FROM claims WHERE id = ?', [id]);
    if (!row) throw new Error(`no claim row ${id}`);
    return asBoolean(row.settled);
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const row = await t.db.reader.get<{ n: unknown }>(sql, params);
    return Number(row?.n);
  }

  /** Rows of one slot whose status is active (the statuses of uq_claims_active_slot), settled or not. */
  const activeRowsOnSlot = (s: { stallId: string; sessionId: string; date: string }) =>
    count(`SELECT COUNT(*) AS n FROM claims WHERE stall_id = ? AND session_id = ? AND date = ? AND status IN ('confirmed', 'checked_in')`, [
      s.stallId,
      s.sessionId,
      s.date,
    ]);

  /** Claim rows straight into the table, in one write transaction, a few hundred rows per statement. */
  function insertRows(rows: Claim[]): Promise<void> {
    return t.db.write(async (sql) => {
      for (let i = 0; i < rows.length; i += 300) {
        const chunk = rows.slice(i, i + 300);
        const tuple = `(${Array(COLUMN_COUNT).fill('?').join(', ')})`;
        await sql.run(`INSERT INTO claims (${CLAIM_COLUMNS}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flatMap(claimToParams));
      }
    });
  }

  /** A copy of a stored claim for another vendor, as the app would insert it (settled left to the default). */
  async function copyFor(id: string, vendorId: string): Promise<Claim> {
    const row = await claimRow(t, id);
    return { ...row, id: randomUUID(), vendorId, status: 'confirmed', checkedInAt: null, cancelledAt: null };
  }

  async function failureOf(work: Promise<unknown>): Promise<unknown> {
    try {
      await work;
    } catch (error) {
      return error;
    }
    throw new Error('expected the write to fail, it succeeded');
  }

  /** The error is uq_claims_active_slot refusing the row (not the overlap trigger / exclusion constraint). */
  function expectSlotIndexViolation(error: unknown): void {
    const e = error as { code?: string; message?: string; driverError?: { code?: string; constraint?: string; message?: string } };
    const code = e.driverError?.code ?? e.code;
    if (t.db.dialect === 'postgres') {
      expect({ code, constraint: e.driverError?.constraint }).toEqual({ code: '23505', constraint: 'uq_claims_active_slot' });
    } else {
      expect({ code, message: e.driverError?.message ?? e.message }).toEqual({
        code: 'SQLITE_CONSTRAINT_UNIQUE',
        message: expect.stringContaining('claims.stall_id, claims.session_id, claims.date'),
      });
    }
  }

  /** Settles step after step until a step finds nothing; returns the total. */
  async function settleAll(): Promise<number> {
    let total = 0;
    for (let step = await sweeper.settle(); step > 0; step = await sweeper.settle()) total += step;
    return total;
  }

  it('stores a new claim, and a staff assignment, unsettled; the API does not show the column', async () => {
    const market = await createMarket(t, { stalls: 2 });
    const [a, b] = [await approvedVendor(t), await approvedVendor(t)];
    const claimed = await claim(t, a.token, slot(market, '2026-12-06', 0));
    expect(claimed).not.toHaveProperty('settled');
    const assigned = await t.http
      .post('/api/assignments')
      .set(bearer(t.staffToken))
      .send({ vendorId: b.id, stallId: market.stalls[1].id, sessionId: market.session.id, from: '2026-12-06', to: '2026-12-06' });
    expect(assigned.status).toBe(201);
    expect(assigned.body.created).toHaveLength(1);
    const assignedId: string = assigned.body.created[0].id;

    for (const id of [claimed.id, assignedId]) {
      expect(await settledColumn(id)).toBe(false);
      // Not loaded by TypeORM (select: false), so audit snapshots of claims never carry it.
      expect((await claimRow(t, id)) as object).not.toHaveProperty('settled');
      expect((await getClaim(id, t.staffToken).expect(200)).body).not.toHaveProperty('settled');
    }
  });

  it('settles nothing before end + 7 days, settles every claim of the occurrence once that has passed, and only once', async () => {
    const market = await createMarket(t, { stalls: 3 });
    const [present, absent, withdrawn] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
    const attended = await claim(t, present.token, slot(market, '2026-12-01', 0));
    const missed = await claim(t, absent.token, slot(market, '2026-12-01', 1));
    const dropped = await claim(t, withdrawn.token, slot(market, '2026-12-01', 2));
    const nextDay = await claim(t, present.token, slot(market, '2026-12-02', 0));
    await t.http.post(`/api/claims/${dropped.id}/cancel`).set(bearer(withdrawn.token)).expect(200);
    at('2026-12-01T06:00:00+08:00', -10 * MINUTE);
    await checkIn(attended.id, present.token).expect(200);
    const ids = [attended.id, missed.id, dropped.id];

    // Ended, but less than 7 days ago.
    at('2026-12-01T09:00:00+08:00', 1);
    expect(await sweeper.settle()).toBe(0);
    at('2026-12-01T09:00:00+08:00', SETTLE_AFTER_MS - 1);
    expect(SETTLE_AFTER_MS).toBe(7 * DAY);
    expect(await sweeper.settle()).toBe(0);
    for (const id of [...ids, nextDay.id]) expect(await settledColumn(id)).toBe(false);

    // Exactly end + 7 days: checked in, a no-show the sweeper has not recorded yet, and cancelled alike.
    at('2026-12-08T09:00:00+08:00');
    expect(await sweeper.settle()).toBe(3);
    for (const id of ids) expect(await settledColumn(id)).toBe(true);
    expect(await settledColumn(nextDay.id)).toBe(false);
    expect((await claimRow(t, attended.id)).status).toBe('checked_in');
    expect((await claimRow(t, missed.id)).status).toBe('confirmed');
    expect((await claimRow(t, dropped.id)).status).toBe('cancelled');
    expect(await sweeper.settle()).toBe(0);

    // The next day's claim a day later.
    at('2026-12-09T09:00:00+08:00', -1);
    expect(await sweeper.settle()).toBe(0);
    at('2026-12-09T09:00:00+08:00');
    expect(await sweeper.settle()).toBe(1);
    expect(await settledColumn(nextDay.id)).toBe(true);
    expect(await sweeper.settle()).toBe(0);
  });

  it('reads a settled claim the same through the API: by id, in the vendor list and in the slot grid', async () => {
    const market: Market = await createMarket(t, { stalls: 2 });
    const [present, absent] = [await approvedVendor(t), await approvedVendor(t)];
    const attended = await claim(t, present.token, slot(market, '2026-12-03', 0));
    const missed = await claim(t, absent.token, slot(market, '2026-12-03', 1));
    at('2026-12-03T06:00:00+08:00', -5 * MINUTE);
    await checkIn(attended.id, present.token).expect(200);
    at('2026-12-03T09:05:00+08:00');
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect((await claimRow(t, missed.id)).status).toBe('no_show');

    const reads = async () => {
      const responses: Response[] = [
        await getClaim(attended.id, present.token),
        await getClaim(attended.id, t.staffToken),
        await getClaim(missed.id, absent.token),
        await getClaim(missed.id, t.staffToken),
        await myClaims(present.token, '2026-12-03'),
        await myClaims(absent.token, '2026-12-03'),
        await grid(market.zone.id, '2026-12-03'),
        await grid(market.zone.id, '2026-12-03', present.token),
      ];
      for (const res of responses) expect(res.status).toBe(200);
      return responses.map((res) => res.body);
    };

    const before = await reads();
    const [attendedByVendor, attendedByStaff, missedByVendor, missedByStaff, presentList, absentList, staffGrid] = before;
    expect(attendedByVendor).toMatchObject({ id: attended.id, status: 'checked_in', date: '2026-12-03' });
    expect(attendedByStaff).toEqual(attendedByVendor);
    expect(missedByVendor).toMatchObject({ id: missed.id, status: 'no_show', date: '2026-12-03' });
    expect(missedByStaff).toEqual(missedByVendor);
    // The vendor's own list also carries the names the vendor app shows.
    const names = { zoneName: market.zone.name, sessionName: market.session.name };
    expect(presentList).toEqual({ items: [{ ...attendedByVendor, ...names }], total: 1 });
    expect(absentList).toEqual({ items: [{ ...missedByVendor, ...names }], total: 1 });
    expect(staffGrid.items).toEqual([
      expect.objectContaining({ stallId: market.stalls[0].id, status: 'claimed', claimId: attended.id, vendorId: present.id }),
      // A past run shows what happened: the no-show held its stall too.
      expect.objectContaining({ stallId: market.stalls[1].id, status: 'claimed', claimId: missed.id, vendorId: absent.id }),
    ]);

    at('2026-12-10T09:00:00+08:00');
    expect(await sweeper.settle()).toBe(2);
    expect(await settledColumn(attended.id)).toBe(true);
    expect(await settledColumn(missed.id)).toBe(true);

    expect(await reads()).toEqual(before);
  });

  describe('the unique index of active slots', () => {
    it('still refuses a second active row for an unsettled slot, inserted directly with SQL', async () => {
      const market = await createMarket(t);
      const [holder, other] = [await approvedVendor(t), await approvedVendor(t)];
      const target = slot(market, '2026-12-07');
      const held = await claim(t, holder.token, target);
      const copy = await copyFor(held.id, other.id);
      expect(await activeRowsOnSlot(target)).toBe(1);

      expectSlotIndexViolation(await failureOf(insertRows([copy])));
      expect(await activeRowsOnSlot(target)).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM claims WHERE id = ?', [copy.id])).toBe(0);
      expect(await settledColumn(held.id)).toBe(false);
    });

    it('leaves a settled row out: an active row for the same past slot then goes in; the API refuses that slot as past', async () => {
      const market = await createMarket(t);
      const [holder, other, late] = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
      const target = slot(market, '2026-12-04');
      const held = await claim(t, holder.token, target);
      at('2026-12-04T06:00:00+08:00', -15 * MINUTE);
      await checkIn(held.id, holder.token).expect(200);

      // Ended but not settled: the checked-in row still holds the slot in the index.
      at('2026-12-04T10:00:00+08:00');
      const refused = await copyFor(held.id, other.id);
      expectSlotIndexViolation(await failureOf(insertRows([refused])));
      expect(await activeRowsOnSlot(target)).toBe(1);

      at('2026-12-11T09:00:00+08:00');
      expect(await sweeper.settle()).toBe(1);
      expect(await settledColumn(held.id)).toBe(true);

      const admitted = await copyFor(held.id, other.id);
      await insertRows([admitted]);
      expect(await activeRowsOnSlot(target)).toBe(2);
      expect(await settledColumn(admitted.id)).toBe(false);
      expect((await claimRow(t, held.id)).status).toBe('checked_in');

      // What the index no longer guards cannot be claimed through the API.
      expectError(await postClaim(t, late.token, target), 422, 'OUTSIDE_BOOKING_WINDOW');
      expect(await activeRowsOnSlot(target)).toBe(2);
      expect(await count('SELECT COUNT(*) AS n FROM claims WHERE vendor_id = ?', [late.id])).toBe(0);
    });
  });

  it('lets staff check in a settled no-show (a late record); its vendor is refused', async () => {
    const market = await createMarket(t);
    const vendor = await approvedVendor(t);
    const held = await claim(t, vendor.token, slot(market, '2026-12-05'));
    at('2026-12-05T09:05:00+08:00');
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect((await claimRow(t, held.id)).status).toBe('no_show');
    at('2026-12-12T09:00:00+08:00');
    expect(await settleAll()).toBeGreaterThanOrEqual(1);
    expect(await settledColumn(held.id)).toBe(true);
    const stored = await claimRow(t, held.id);

    expectError(await checkIn(held.id, vendor.token), 422, 'OUTSIDE_CHECK_IN_WINDOW');
    expect(await claimRow(t, held.id)).toEqual(stored);

    at('2026-12-12T10:00:00+08:00');
    const res = await checkIn(held.id, t.staffToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: held.id, status: 'checked_in', checkedInAt: '2026-12-12T10:00:00+08:00' });
    expect(await claimRow(t, held.id)).toMatchObject({ status: 'checked_in', checkedInAt: Date.parse('2026-12-12T10:00:00+08:00') });
    expect(await settledColumn(held.id)).toBe(true);
    expect((await getClaim(held.id, vendor.token).expect(200)).body).toEqual(res.body);
    expect(await countOf(t, 'audit_entries', { entityId: held.id, action: 'claim.checked_in', actorRole: 'staff' })).toBe(1);
  });

  it('settles a backlog larger than one step: 5,000 at a time until none is left; tick() takes it all', async () => {
    const market = await createMarket(t);
    const vendor = await approvedVendor(t);
    // Rows that ended in early November, long before every other claim of this file; cancelled,
    // so they stay out of the unique index and the overlap guard.
    const now = Date.parse('2026-11-20T10:00:00+08:00');
    const cutoff = now - SETTLE_AFTER_MS;
    const firstEnd = Date.parse('2026-11-01T09:00:00+08:00');
    const row = (endAt: number): Claim => ({
      id: randomUUID(),
      vendorId: vendor.id,
      stallId: market.stalls[0].id,
      sessionId: market.session.id,
      zoneId: market.zone.id,
      date: '2026-11-01',
      startAt: endAt - 3 * HOUR,
      endAt,
      status: 'cancelled',
      source: 'claim',
      createdAt: firstEnd - 10 * DAY,
      updatedAt: firstEnd - 10 * DAY,
      checkedInAt: null,
      cancelledAt: firstEnd - 5 * DAY,
    });
    const backlog = Array.from({ length: STEP + 100 }, (_, i) => row(firstEnd + i * MINUTE));
    expect(backlog[backlog.length - 1].endAt).toBeLessThan(cutoff);
    const notYet = row(cutoff + 1);
    await insertRows([...backlog, notYet]);
    const unsettledInZone = () => count('SELECT COUNT(*) AS n FROM claims WHERE zone_id = ? AND NOT settled', [market.zone.id]);
    expect(await unsettledInZone()).toBe(STEP + 101);

    t.clock.set(now);
    expect(await sweeper.settle()).toBe(STEP);
    expect(await unsettledInZone()).toBe(101);
    // Oldest first.
    expect(await settledColumn(backlog[STEP - 1].id)).toBe(true);
    expect(await settledColumn(backlog[STEP].id)).toBe(false);
    expect(await sweeper.settle()).toBe(100);
    expect(await sweeper.settle()).toBe(0);
    expect(await unsettledInZone()).toBe(1);
    expect(await settledColumn(notYet.id)).toBe(false);

    // The same backlog again, through the minute job.
    const reset = await t.db.write((tx) =>
      tx.run('UPDATE claims SET settled = FALSE WHERE zone_id = ? AND id <> ?', [market.zone.id, notYet.id]),
    );
    expect(reset).toBe(STEP + 100);
    expect(await unsettledInZone()).toBe(STEP + 101);
    await sweeper.tick();
    expect(await unsettledInZone()).toBe(1);
    expect(await settledColumn(notYet.id)).toBe(false);
    expect(await sweeper.settle()).toBe(0);
  });
});
