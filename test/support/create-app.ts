import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createAdapter, NEST_APP_OPTIONS } from '../../src/app.setup.js';
import type { Role } from '../../src/common/actor.js';
import { Clock } from '../../src/common/clock.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.service.js';
import { FakeClock } from './fake-clock.js';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from './postgres.js';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
/** Monday 2026-11-30, 10:00 in Asia/Shanghai. */
export const TEST_NOW = '2026-11-30T10:00:00+08:00';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  clock: FakeClock;
  db: Database;
  config: AppConfig;
  /** A bearer token of the bootstrap staff account (obtained through the login route). */
  staffToken: string;
  /** A signed token for any user, without a password round trip. */
  tokenFor(userId: string, role: Role): string;
  /** Listens on an ephemeral port (for tests that need real sockets) and returns the base URL. */
  listen(): Promise<string>;
  /** Stops this app, keeping its database, and starts a new one on it (same options, a new clock at `now`). */
  restart(now: string | number): Promise<TestApp>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: string | number;
  env?: Record<string, string>;
  /** Reuse an existing database file instead of a fresh one. */
  databasePath?: string;
  /** Providers replaced by values, beside the clock (the web pages' folder, say). */
  providers?: [token: string | symbol, value: unknown][];
}

/**
 * The real AppModule on a fresh database built by the migrations — a
 * temporary SQLite file, or (under `npm run test:pg`) a fresh PostgreSQL
 * schema; only the clock is replaced.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  if (options.databasePath !== undefined) return startTestApp({ ...options, databasePath: options.databasePath }, async () => {});
  const dir = mkdtempSync(join(tmpdir(), 'tidal-test-'));
  const schema: TestSchema | undefined = TEST_DATABASE_URL ? await createTestSchema(TEST_DATABASE_URL) : undefined;
  return startTestApp({ ...options, databasePath: join(dir, 'test.sqlite'), databaseUrl: schema?.url }, async () => {
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** An app on a database that exists; `removeDatabase` runs when the last app on it (after restarts) closes. */
async function startTestApp(
  options: TestAppOptions & { databasePath: string; databaseUrl?: string },
  removeDatabase: () => Promise<void>,
): Promise<TestApp> {
  const { databasePath, databaseUrl } = options;
  const config = loadConfig({
    DATABASE_PATH: databasePath,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    // Suites register and log in many accounts from one address; the security suite sets its own limit.
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    FEEDBACK_RATE_LIMIT_PER_HOUR: '10000',
    ...options.env,
  });
  const clock = new FakeClock(options.now ?? TEST_NOW);
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock);
  for (const [token, value] of options.providers ?? []) builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config), NEST_APP_OPTIONS);
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = supertest(app.getHttpServer());
  const login = await http.post('/api/auth/login').send(ADMIN).expect(200);
  const jwt = app.get(JwtService);
  return {
    app,
    http,
    clock,
    db: app.get(Database),
    config,
    staffToken: login.body.accessToken,
    tokenFor: (userId, role) => jwt.sign({ sub: userId, role }, { expiresIn: 3600 }),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    restart: async (now) => {
      await app.close();
      return startTestApp({ ...options, now }, removeDatabase);
    },
    close: async () => {
      await app.close();
      await removeDatabase();
    },
  };
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export interface UseTestAppOptions extends TestAppOptions {
  /** Leave the real-time sweeps running (by default tests run them by hand: they move the clock far and back). */
  keepBackgroundJobs?: boolean;
  /** Leave the clock where the previous test put it (by default it goes back to `now` before each test). */
  keepClock?: boolean;
}

/**
 * The lifecycle of an e2e file in one call: a fresh app before the first test
 * (createTestApp), its background jobs stopped, the clock back at `now` before
 * each test, and the app closed after the last. Returns a handle whose fields
 * are read when a test runs, so it can be kept at describe level.
 */
export function useTestApp(options: UseTestAppOptions = {}): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(options);
    if (!options.keepBackgroundJobs) stopBackgroundJobs(app);
  });
  afterAll(() => app?.close());
  if (!options.keepClock) beforeEach(() => app?.clock.set(options.now ?? TEST_NOW));
  return new Proxy({} as TestApp, {
    get: (_target, key) => {
      if (!app) throw new Error('the test app exists only while tests run (after beforeAll)');
      return app[key as keyof TestApp];
    },
  });
}

/**
 * The sweeps also run every real minute; tests move the fake clock far ahead
 * and back, so a background sweep at the wrong moment would store no-shows
 * that a later test does not expect. Tests call the sweeper by hand.
 */
export function stopBackgroundJobs(t: TestApp): void {
  const registry = t.app.get(SchedulerRegistry);
  for (const name of registry.getIntervals()) registry.deleteInterval(name);
}
