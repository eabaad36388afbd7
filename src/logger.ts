import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stderr, so that CLI output on stdout stays machine-readable. Secrets are redacted by
 * key wherever they appear in logged objects.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: ['password', '*.password', 'secretKey', '*.secretKey', 'databaseUrl', '*.databaseUrl', 'authorization', '*.authorization'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
