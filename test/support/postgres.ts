import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Set by `npm run test:pg`: the suite then runs against PostgreSQL instead of SQLite files. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TestSchema {
  /** DATABASE_URL for the app: same server and database, this schema first on the search_path. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

function unreachable(url: string, error: unknown): Error {
  const shown = url.replace(/\/\/[^@/]*@/, '//…@');
  return new Error(
    `PostgreSQL is unreachable at ${shown}: ${(error as Error).message}. ` +
      'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) ' +
      'or point the suite at another server: TEST_DATABASE_URL=postgres://user@host:5432/db npm run test:pg',
  );
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw unreachable(url, error);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh schema per test file, so parallel files never see each other's rows. */
export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withClient(baseUrl, async (client) => {
    try {
      // In public, so that it outlives the per-test schemas.
      await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
    } catch (error) {
      // Another test file created it at the same moment.
      if (!['23505', '42710'].includes((error as { code?: string }).code ?? '')) throw error;
    }
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    url: url.toString(),
    schema,
    drop: () => withClient(baseUrl, async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
  };
}
