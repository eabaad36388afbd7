import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseNetworks, type Network } from './networks.js';

/**
 * Infrastructure settings from environment variables (DESIGN §13), read once at start and frozen.
 * Every bad value is listed at once. A secret may come from a file named by `NAME_FILE`.
 */
export interface Config {
  port: number;
  host: string;
  smtpPort: number;
  smtpHost: string;
  smtpAllowedNetworks: Network[];
  smtpTlsCertFile: string | null;
  smtpTlsKeyFile: string | null;
  smtpMaxClients: number;
  dataDir: string;
  databaseUrl: string;
  maxMessageBytes: number;
  secretKey: string;
  publicUrl: string;
  trustProxy: boolean;
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const defaultAllowedNetworks = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Plain decimal digits only: `Number()` would also take "0x10", "1e3" and " 3000". */
const port = (name: string) =>
  z
    .string()
    .regex(/^\d{1,5}$/, `${name} must be a port number 0..65535`)
    .transform(Number)
    .refine((n) => n <= 65535, `${name} must be a port number 0..65535`);

const schema = z.object({
  PORT: port('PORT').default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SMTP_PORT: port('SMTP_PORT').default(2525),
  SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  SMTP_ALLOWED_NETWORKS: z.string().default(defaultAllowedNetworks),
  SMTP_TLS_CERT_FILE: z.string().min(1).optional(),
  SMTP_TLS_KEY_FILE: z.string().min(1).optional(),
  SMTP_MAX_CLIENTS: z.coerce.number({ error: 'SMTP_MAX_CLIENTS must be a number' }).int().min(1, 'SMTP_MAX_CLIENTS must be at least 1').default(20),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  MAX_MESSAGE_BYTES: z.coerce.number({ error: 'MAX_MESSAGE_BYTES must be a number' }).int().min(1024, 'MAX_MESSAGE_BYTES must be at least 1024').default(25 * 1024 * 1024),
  SECRET_KEY: z.string().min(32, 'SECRET_KEY must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ error: 'PUBLIC_URL must be an absolute URL' }).optional(),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0'], { error: 'TRUST_PROXY must be true or false' }).default('false'),
  TZ: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
});

const secretNames = ['SECRET_KEY', 'DATABASE_URL'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) values[key] = emptyToUndefined(env[key]);
  for (const name of secretNames) {
    const file = emptyToUndefined(env[`${name}_FILE`]);
    if (!file) continue;
    if (values[name]) problems.push(`${name} and ${name}_FILE are both set; set only one`);
    try {
      values[name] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      // Secrets are never echoed, not even a wrong one.
      const got = (secretNames as readonly string[]).includes(name) ? '' : ` (got ${JSON.stringify(values[name])})`;
      problems.push(`${issue.path.join('.')}: ${issue.message}${got}`);
    }
  }
  const timeZone = values.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) problems.push(`TZ: unknown time zone ${JSON.stringify(timeZone)}`);
  let networks: Network[] = [];
  try {
    networks = parseNetworks(values.SMTP_ALLOWED_NETWORKS ?? defaultAllowedNetworks);
  } catch (error) {
    problems.push(`SMTP_ALLOWED_NETWORKS: ${(error as Error).message}`);
  }
  const cert = values.SMTP_TLS_CERT_FILE;
  const key = values.SMTP_TLS_KEY_FILE;
  if (Boolean(cert) !== Boolean(key)) problems.push('SMTP_TLS_CERT_FILE and SMTP_TLS_KEY_FILE must be set together');
  for (const [name, file] of [['SMTP_TLS_CERT_FILE', cert], ['SMTP_TLS_KEY_FILE', key]] as const) {
    if (file && !existsSync(file)) problems.push(`${name}: file ${file} does not exist`);
  }
  const databaseUrl = values.DATABASE_URL;
  if (databaseUrl && !/^(postgres(ql)?:\/\/|sqlite:|file:)/.test(databaseUrl)) {
    problems.push('DATABASE_URL: must start with postgres://, postgresql://, sqlite: or file:');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const v = parsed.data;
  const dataDir = isAbsolute(v.DATA_DIR) ? v.DATA_DIR : resolve(cwd, v.DATA_DIR);
  // Kernel file systems take no data, and creating folders in /proc can block forever.
  if (/^\/(proc|sys|dev)(\/|$)/.test(dataDir)) throw new ConfigError([`DATA_DIR: ${dataDir} is inside /proc, /sys or /dev; choose a folder on a disk`]);
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    smtpPort: v.SMTP_PORT,
    smtpHost: v.SMTP_HOST,
    smtpAllowedNetworks: networks,
    smtpTlsCertFile: cert ?? null,
    smtpTlsKeyFile: key ?? null,
    smtpMaxClients: v.SMTP_MAX_CLIENTS,
    dataDir,
    databaseUrl: databaseUrl ?? `sqlite:${join(dataDir, 'backupchecks.sqlite')}`,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
    secretKey: v.SECRET_KEY ?? '',
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    trustProxy: v.TRUST_PROXY === 'true' || v.TRUST_PROXY === '1',
    timeZone,
    logLevel: v.LOG_LEVEL,
  });
}

/**
 * The secret key when none is configured: generated once into DATA_DIR so restarts keep it.
 * Separate from loadConfig so that reading configuration never writes files.
 */
export function ensureSecretKey(config: Config): Config {
  if (config.secretKey) return config;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Object.freeze({ ...config, secretKey: readFileSync(file, 'utf8').trim() });
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
