import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { dirname, resolve } from 'node:path';

/** The environment as the operator writes it; every variable is optional. */
class EnvironmentVariables {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATABASE_PATH?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(64)
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_TTL_SECONDS?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'NOTIFY_WEBHOOK_SECRET must be at least 16 characters' })
  NOTIFY_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Matches(/^[\w.:/,\s-]+$/, { message: 'TRUSTED_PROXIES must be a comma-separated list of addresses or CIDR ranges' })
  TRUSTED_PROXIES?: string;

  @IsOptional()
  @Matches(/^(https?:\/\/[^,\s]+)(\s*,\s*https?:\/\/[^,\s]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  AUTH_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  FEEDBACK_RATE_LIMIT_PER_HOUR?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  IDLE_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  VIOLATION_WINDOW_DAYS?: number;

  @IsOptional()
  @Matches(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, {
    message: 'VIOLATION_LADDER must list days of suspension for the 1st, 2nd, 3rd… violation, e.g. 0,7,90 (0: a warning)',
  })
  VIOLATION_LADDER?: string;

  @IsOptional()
  @Matches(/^https?:\/\/(?=.*\{z\})(?=.*\{x\})(?=.*\{y\})[^\s"'<>]+$/, {
    message: 'MAP_TILE_URL must be an http(s) tile URL template with {z}, {x} and {y}',
  })
  MAP_TILE_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s) origin, optionally with a path, e.g. https://market.example.gov.cn',
  })
  PUBLIC_BASE_URL?: string;
}

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  host: string;
  /** Where generated secrets live: the SQLite file's folder. */
  dataDir: string;
  database: DatabaseConfig;
  admin: { username: string; password?: string };
  jwt: { secret?: string; ttlSeconds: number };
  logLevel: string;
  /** Where vendor notifications are POSTed, and the key of their HMAC signature; nothing is sent without a URL. */
  notifications: { webhookUrl?: string; webhookSecret?: string };
  /** Addresses whose X-Forwarded-For is believed; nobody's by default. */
  trustedProxies: string[];
  /** Origins allowed by CORS; none by default (CORS closed). */
  corsOrigins: string[];
  requestTimeoutMs: number;
  /** Login and registration attempts per client address per minute. */
  authRateLimitPerMinute: number;
  /** Residents' feedback per client address per hour. */
  feedbackRateLimitPerHour: number;
  /** A connection with no traffic for this long is closed (idle keep-alive, or one that never sends a request). */
  idleTimeoutMs: number;
  /** Bearer token that GET /metrics requires; open when unset. */
  metricsToken?: string;
  /**
   * The escalation of upheld violations: those in the last `windowDays`
   * (the new one included) are counted, and the n-th gets
   * `suspensionDays[n-1]` days of suspension (the last step repeats; 0 is a warning).
   */
  discipline: { windowDays: number; suspensionDays: number[] };
  /** Tile URL template (`https://tiles.example/{z}/{x}/{y}.png`) for the residents' map; no map when unset. */
  mapTileUrl?: string;
  /** Where residents reach the service (stall signs' QR codes point at <publicBaseUrl>/s/<stallId>); from the request when unset. */
  publicBaseUrl?: string;
}

export class ConfigError extends Error {}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Validates the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in KEYS && value !== undefined && value !== ''));
  const parsed = plainToInstance(EnvironmentVariables, present);
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    const first = errors[0];
    const text = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = SECRETS.has(first.property) ? '' : `=${JSON.stringify(env[first.property])}`;
    throw new ConfigError(`Invalid configuration: ${first.property}${shown}: ${text}`);
  }
  if (parsed.NOTIFY_WEBHOOK_URL && !parsed.NOTIFY_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Invalid configuration: NOTIFY_WEBHOOK_SECRET: must be set when NOTIFY_WEBHOOK_URL is (receivers check the signature with it)',
    );
  }
  const databasePath = resolve(parsed.DATABASE_PATH ?? './data/tidal-market.sqlite');
  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '0.0.0.0',
    dataDir: dirname(databasePath),
    database: parsed.DATABASE_URL ? { kind: 'postgres', url: parsed.DATABASE_URL } : { kind: 'sqlite', path: databasePath },
    admin: { username: parsed.ADMIN_USERNAME ?? 'admin', password: parsed.ADMIN_PASSWORD },
    jwt: { secret: parsed.JWT_SECRET, ttlSeconds: parsed.JWT_TTL_SECONDS ?? 12 * 3600 },
    logLevel: parsed.LOG_LEVEL ?? 'info',
    notifications: { webhookUrl: parsed.NOTIFY_WEBHOOK_URL, webhookSecret: parsed.NOTIFY_WEBHOOK_SECRET },
    trustedProxies: list(parsed.TRUSTED_PROXIES),
    corsOrigins: list(parsed.CORS_ORIGINS),
    requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS ?? 30_000,
    authRateLimitPerMinute: parsed.AUTH_RATE_LIMIT_PER_MINUTE ?? 30,
    feedbackRateLimitPerHour: parsed.FEEDBACK_RATE_LIMIT_PER_HOUR ?? 10,
    idleTimeoutMs: parsed.IDLE_TIMEOUT_MS ?? 30_000,
    metricsToken: parsed.METRICS_TOKEN,
    discipline: {
      windowDays: parsed.VIOLATION_WINDOW_DAYS ?? 90,
      suspensionDays: parsed.VIOLATION_LADDER ? list(parsed.VIOLATION_LADDER).map(Number) : [0, 7, 90],
    },
    mapTileUrl: parsed.MAP_TILE_URL,
    publicBaseUrl: parsed.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
  };
}

/** Never echoed in an error line: they end up in logs. */
const SECRETS = new Set(['ADMIN_PASSWORD', 'JWT_SECRET', 'DATABASE_URL', 'METRICS_TOKEN', 'NOTIFY_WEBHOOK_SECRET']);

const KEYS: Record<keyof EnvironmentVariables, true> = {
  PORT: true,
  HOST: true,
  DATABASE_PATH: true,
  DATABASE_URL: true,
  ADMIN_USERNAME: true,
  ADMIN_PASSWORD: true,
  JWT_SECRET: true,
  JWT_TTL_SECONDS: true,
  LOG_LEVEL: true,
  NOTIFY_WEBHOOK_URL: true,
  NOTIFY_WEBHOOK_SECRET: true,
  TRUSTED_PROXIES: true,
  CORS_ORIGINS: true,
  REQUEST_TIMEOUT_MS: true,
  AUTH_RATE_LIMIT_PER_MINUTE: true,
  FEEDBACK_RATE_LIMIT_PER_HOUR: true,
  IDLE_TIMEOUT_MS: true,
  METRICS_TOKEN: true,
  VIOLATION_WINDOW_DAYS: true,
  VIOLATION_LADDER: true,
  MAP_TILE_URL: true,
  PUBLIC_BASE_URL: true,
};
