import type { Sql } from './sql.js';
import { TableChanges } from './table-changes.js';

/** A transaction on which every statement changes (or returns) one row. */
const oneRow: Sql = {
  dialect: 'sqlite',
  all: async <T>() => [{} as T],
  get: async <T>() => ({}) as T,
  run: async () => 1,
};
const noRow: Sql = { dialect: 'sqlite', all: async () => [], get: async () => undefined, run: async () => 0 };

describe('TableChanges', () => {
  it('raises the counters of the tables a transaction wrote, once it has settled', async () => {
    const changes = new TableChanges(false);
    const before = changes.stamp(['claims']);
    const { tx, settled } = changes.tracking(oneRow);
    await tx.run('UPDATE claims SET status = ? WHERE id = ?', ['cancelled', 'x']);
    await tx.all('INSERT INTO audit_entries (id) VALUES (?) RETURNING id', ['y']);
    await tx.get('SELECT * FROM zones WHERE id = ? FOR UPDATE', ['z']);
    expect(changes.isCurrent(before, ['claims'])).toBe(true);
    settled();
    expect(changes.isCurrent(before, ['claims'])).toBe(false);
    expect(changes.version(['audit_entries'])).toBe(1);
    expect(changes.version(['zones'])).toBe(0);
  });

  it('reads upserts, INSERT OR IGNORE and DELETE', async () => {
    const changes = new TableChanges(false);
    const { tx, settled } = changes.tracking(oneRow);
    await tx.run('INSERT OR IGNORE INTO "feedback" (id) VALUES (?)', ['a']);
    await tx.run('DELETE FROM roster_entries WHERE id = ?', ['b']);
    await tx.run('INSERT INTO stalls (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET code = excluded.code', ['c']);
    settled();
    expect([changes.version(['feedback']), changes.version(['roster_entries']), changes.version(['stalls'])]).toEqual([1, 1, 1]);
  });

  it('leaves the counters alone when a write changed no row (a sweep that found nothing)', async () => {
    const changes = new TableChanges(false);
    const { tx, settled } = changes.tracking(noRow);
    await tx.run("UPDATE claims SET status = 'no_show' WHERE status = 'confirmed' AND end_at <= ?", [0]);
    await tx.all('DELETE FROM offers WHERE expires_at <= ? RETURNING id', [0]);
    settled();
    expect(changes.version(['claims', 'offers'])).toBe(0);
  });

  it('lets a stamp expire after a second where other instances share the database', () => {
    const shared = new TableChanges(true);
    const stamp = shared.stamp(['zones']);
    expect(shared.isCurrent(stamp, ['zones'])).toBe(true);
    expect(shared.isCurrent({ ...stamp, builtAt: stamp.builtAt - 1_001 }, ['zones'])).toBe(false);
    const alone = new TableChanges(false);
    expect(alone.isCurrent({ ...alone.stamp(['zones']), builtAt: -1e9 }, ['zones'])).toBe(true);
  });
});
