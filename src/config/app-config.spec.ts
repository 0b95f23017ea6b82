// class-transformer's @Type needs the metadata polyfill, which main.ts loads first as well.
import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

/** Runs loadConfig and returns what it threw, so a test can check the type and the message together. */
function failure(env: Record<string, string | undefined>): Error {
  try {
    loadConfig(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

function expectRefused(env: Record<string, string | undefined>, variable: string): void {
  const error = failure(env);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(new RegExp(`\\b${variable}\\b`));
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const databasePath = resolve('./data/tidal-market.sqlite');
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      database: { kind: 'sqlite', path: databasePath },
      admin: { username: 'admin', password: undefined },
      jwt: { secret: undefined, ttlSeconds: 12 * 3600 },
      logLevel: 'info',
      notifications: { webhookUrl: undefined, webhookSecret: undefined },
      trustedProxies: [],
      corsOrigins: [],
      requestTimeoutMs: 30_000,
      authRateLimitPerMinute: 30,
      feedbackRateLimitPerHour: 10,
      idleTimeoutMs: 30_000,
      metricsToken: undefined,
      discipline: { windowDays: 90, suspensionDays: [0, 7, 90] },
      mapTileUrl: undefined,
    });
  });

  it('treats empty strings as unset and ignores unrelated variables', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', JWT_SECRET: '', PATH: '/usr/bin', HOME: '/root' });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'sqlite', path: resolve('./data/tidal-market.sqlite') });
    expect(config.jwt.secret).toBeUndefined();
  });

  it('reads every variable it knows', () => {
    const secret = 's'.repeat(32);
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_PATH: '/var/lib/tidal/market.sqlite',
      ADMIN_USERNAME: 'chief',
      ADMIN_PASSWORD: 'long-enough-password',
      JWT_SECRET: secret,
      JWT_TTL_SECONDS: '3600',
      LOG_LEVEL: 'warn',
      NOTIFY_WEBHOOK_URL: 'https://hooks.example.cn/tidal',
      NOTIFY_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      VIOLATION_WINDOW_DAYS: '60',
      VIOLATION_LADDER: '0,3,30',
      TRUSTED_PROXIES: '10.0.0.1, 10.1.0.0/16',
      CORS_ORIGINS: 'https://city.example,https://staff.city.example',
      REQUEST_TIMEOUT_MS: '15000',
      AUTH_RATE_LIMIT_PER_MINUTE: '12',
      FEEDBACK_RATE_LIMIT_PER_HOUR: '20',
      IDLE_TIMEOUT_MS: '5000',
      METRICS_TOKEN: 'scrape-token-0123456789',
      MAP_TILE_URL: 'https://tiles.city.example/{z}/{x}/{y}.png',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/tidal',
      database: { kind: 'sqlite', path: '/var/lib/tidal/market.sqlite' },
      admin: { username: 'chief', password: 'long-enough-password' },
      jwt: { secret, ttlSeconds: 3600 },
      logLevel: 'warn',
      notifications: { webhookUrl: 'https://hooks.example.cn/tidal', webhookSecret: 'webhook-secret-0123456789' },
      trustedProxies: ['10.0.0.1', '10.1.0.0/16'],
      corsOrigins: ['https://city.example', 'https://staff.city.example'],
      requestTimeoutMs: 15_000,
      authRateLimitPerMinute: 12,
      feedbackRateLimitPerHour: 20,
      idleTimeoutMs: 5_000,
      metricsToken: 'scrape-token-0123456789',
      discipline: { windowDays: 60, suspensionDays: [0, 3, 30] },
      mapTileUrl: 'https://tiles.city.example/{z}/{x}/{y}.png',
    });
  });

  it('refuses a webhook URL without the secret its signatures need', () => {
    expectRefused({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.cn/tidal' }, 'NOTIFY_WEBHOOK_SECRET');
  });

  it('resolves a relative DATABASE_PATH and keeps generated secrets next to it', () => {
    const config = loadConfig({ DATABASE_PATH: 'var/db/tidal.sqlite' });
    expect(config.database).toEqual({ kind: 'sqlite', path: resolve('var/db/tidal.sqlite') });
    expect(config.dataDir).toBe(resolve('var/db'));
  });

  it.each(['postgres://tidal:pw@db.internal:5432/tidal', 'postgresql://tidal@localhost/tidal'])(
    'uses PostgreSQL when DATABASE_URL=%s',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url, DATABASE_PATH: '/tmp/ignored.sqlite' }).database).toEqual({ kind: 'postgres', url });
    },
  );

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['PORT', '3000abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'postgres://'],
    ['DATABASE_URL', 'not a url'],
    ['JWT_SECRET', 'short'],
    ['JWT_SECRET', 'x'.repeat(31)],
    ['JWT_TTL_SECONDS', '10'],
    ['JWT_TTL_SECONDS', 'forever'],
    ['ADMIN_USERNAME', 'ab'],
    ['ADMIN_PASSWORD', 'short'],
    ['LOG_LEVEL', 'verbose'],
    ['NOTIFY_WEBHOOK_URL', 'ftp://hooks.example.cn'],
    ['NOTIFY_WEBHOOK_SECRET', 'short'],
    ['MAP_TILE_URL', 'https://tiles.city.example/tile.png'],
    ['MAP_TILE_URL', 'https://tiles.city.example/{z}/{x}.png'],
    ['MAP_TILE_URL', 'ftp://tiles.city.example/{z}/{x}/{y}.png'],
    ['MAP_TILE_URL', 'https://tiles.city.example/{z}/{x}/{y}.png" onerror="x'],
  ])('refuses %s=%s with a one-line ConfigError naming the variable', (variable, value) => {
    expectRefused({ [variable]: value }, variable);
  });

  it('names the bad variable even when the others are good', () => {
    expectRefused({ PORT: '8080', JWT_SECRET: 'too-short', DATABASE_PATH: '/tmp/x.sqlite' }, 'JWT_SECRET');
  });

  it('accepts the boundary values', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    // 0 asks the OS for a free port; the start-up line prints the one it got.
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toBe('x'.repeat(32));
  });
});
