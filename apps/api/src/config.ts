// The API's environment, parsed once with zod. Nothing else in the app reads process.env.
// A bad value stops start-up with a message naming the variable.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseKeyring } from './infra/credentials';

const csv = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** postgres://… for a Postgres server; unset means the embedded database in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** The embedded database's folder; `memory://` keeps it in memory (tests). */
  DATA_DIR: z.string().default('.data'),
  /** Uploaded files (product photos). Several API processes must share it. */
  BLOB_DIR: z.string().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** Signs access tokens. Required in production; a random one is made per process otherwise. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Keys that seal marketplace credentials: `id:base64-32-bytes`, comma-separated, the current
   * one first (older ones open what they sealed until credentials:rotate re-seals them). Unset:
   * a key file in DATA_DIR (the demo's default); required in production.
   */
  CREDENTIAL_KEYS: z
    .string()
    .optional()
    .superRefine((spec, ctx) => {
      if (spec === undefined) return;
      try {
        parseKeyring(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  CORS_ORIGINS: csv.default(['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:5174']),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Where links in mails point, e.g. the password reset page. */
  STOREFRONT_URL: z.url().default('http://localhost:5173'),
  /**
   * Where browsers and payment providers reach this API: the simulated cashier pages and the
   * payment notification URL are made from it. Defaults to http://localhost:PORT.
   */
  PUBLIC_API_URL: z.url().optional(),
  /** Shared secrets with the (simulated) payment providers; derived from AUTH_SECRET if unset. */
  ALIPAY_SECRET: z.string().min(16).optional(),
  WECHAT_PAY_SECRET: z.string().min(16).optional(),
  /** Seconds between the simulated carriers' tracking events (a parcel's journey takes ~7 steps). */
  /** simulated: marketplace connectors call the simulators on this API; live: the platforms. */
  MARKETPLACES: z.enum(['simulated', 'live']).default('simulated'),
  CARRIER_SIM_STEP_SECONDS: z.coerce.number().min(0.1).max(86_400).default(30),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Crossdock <no-reply@crossdock.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * `inline`: the API process also runs background jobs (event relay, mail, schedules).
   * `off`: it only enqueues them, and `worker.ts` runs them in processes of their own.
   */
  JOBS: z.enum(['inline', 'off']).default('inline'),
  /**
   * The longest a procedure may take before the client is told SERVICE_UNAVAILABLE. Above the
   * database's statement timeout (30 s), so that one reports first; the last resort when a
   * dependency leaves a call hanging.
   */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(45_000),
  /** Behind a load balancer: trust X-Forwarded-For for client IPs. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** A postgres:// URL or a PGlite data folder. */
  database: string;
  redisUrl: string | null;
  blobDir: string;
  authSecret: string;
  authSecretIsEphemeral: boolean;
  /** CREDENTIAL_KEYS as given, or null: the key file below (null too for memory://: a key per process). */
  credentialKeys: string | null;
  credentialKeyFile: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  corsOrigins: string[];
  bodyLimitBytes: number;
  storefrontUrl: string;
  publicApiUrl: string;
  carrierStepMs: number;
  marketplaces: 'simulated' | 'live';
  /** null: derived from the auth secret (see infra/payment-providers). */
  providerSecrets: { alipay: string | null; wechat_pay: string | null };
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  runJobsInline: boolean;
  requestTimeoutMs: number;
}

export class ConfigError extends Error {}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
    throw new ConfigError('Invalid environment:\n  AUTH_SECRET: required in production');
  }
  if (env.NODE_ENV === 'production' && !env.CREDENTIAL_KEYS) {
    throw new ConfigError('Invalid environment:\n  CREDENTIAL_KEYS: required in production');
  }
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database:
      env.DATABASE_URL ??
      (env.DATA_DIR === 'memory://' ? 'memory://' : `${env.DATA_DIR.replace(/\/$/, '')}/db`),
    redisUrl: env.REDIS_URL ?? null,
    blobDir:
      env.BLOB_DIR ??
      (env.DATA_DIR === 'memory://'
        ? join(tmpdir(), `crossdock-blobs-${process.pid}`)
        : join(env.DATA_DIR, 'blobs')),
    authSecret: env.AUTH_SECRET ?? crypto.randomUUID() + crypto.randomUUID(),
    authSecretIsEphemeral: !env.AUTH_SECRET,
    credentialKeys: env.CREDENTIAL_KEYS ?? null,
    credentialKeyFile:
      env.CREDENTIAL_KEYS || env.DATA_DIR === 'memory://' ? null : join(env.DATA_DIR, 'credential.key'),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    corsOrigins: env.CORS_ORIGINS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    storefrontUrl: env.STOREFRONT_URL,
    publicApiUrl: (env.PUBLIC_API_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    carrierStepMs: env.CARRIER_SIM_STEP_SECONDS * 1000,
    marketplaces: env.MARKETPLACES,
    providerSecrets: {
      alipay: env.ALIPAY_SECRET ?? null,
      wechat_pay: env.WECHAT_PAY_SECRET ?? null,
    },
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    runJobsInline: env.JOBS === 'inline',
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
  };
}

/** The only read of process.env in the API. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
