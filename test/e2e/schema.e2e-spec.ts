import { POSTGRES_MIGRATIONS } from '../../src/database/migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations/sqlite/index.js';
import { useTestApp } from '../support/create-app.js';

/**
 * Migrations are written per driver; these checks keep both sets in step with
 * the entities. `npm test` checks the SQLite set, `npm run test:pg` the PostgreSQL one.
 */
describe('schema', () => {
  const t = useTestApp();

  it('has the same migrations, in the same order, for both drivers', () => {
    const names = (list: Function[]) => list.map((migration) => migration.name);
    expect(names(POSTGRES_MIGRATIONS)).toEqual(names(SQLITE_MIGRATIONS));
  });

  it(`leaves nothing for TypeORM to change after the migrations (${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'})`, async () => {
    const pending = await t.db.writer.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('guards the claim invariants in the database itself', async () => {
    const runner = t.db.writer.createQueryRunner();
    try {
      const table = await runner.getTable('claims');
      const slotIndex = table!.indices.find((index) => index.name === 'uq_claims_active_slot');
      expect(slotIndex).toMatchObject({ isUnique: true, columnNames: ['stall_id', 'session_id', 'date'] });
      if (t.db.dialect === 'postgres') {
        expect(table!.exclusions.map((e) => e.name)).toContain('ex_claims_vendor_overlap');
      } else {
        const triggers = await runner.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims' ORDER BY name`);
        // The overlap guard, and the longest-claim bound it reads (claim_bounds).
        expect(triggers).toEqual([{ name: 'tr_claims_longest' }, { name: 'tr_claims_vendor_overlap' }]);
      }
    } finally {
      await runner.release();
    }
  });
});
