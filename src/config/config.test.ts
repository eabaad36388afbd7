import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ TZ: 'UTC', ...env }, '/tmp');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('takes the defaults of DESIGN §13', () => {
    const config = loadConfig({ TZ: 'UTC' }, '/srv/bc');
    expect(config).toMatchObject({ port: 3000, smtpPort: 2525, dataDir: '/srv/bc/data', maxMessageBytes: 25 * 1024 * 1024, logLevel: 'info' });
    expect(config.databaseUrl).toBe('sqlite:/srv/bc/data/backupchecks.sqlite');
  });

  it('lists every bad value at once', () => {
    const problems = problemsOf({ PORT: 'abc', SMTP_PORT: '70000', LOG_LEVEL: 'loud', TZ: 'Mars/Olympus', DATABASE_URL: 'mysql://x', SMTP_ALLOWED_NETWORKS: '10.0.0.0/99' });
    for (const name of ['PORT', 'SMTP_PORT', 'LOG_LEVEL', 'TZ', 'DATABASE_URL', 'SMTP_ALLOWED_NETWORKS']) expect(problems.join('\n')).toContain(name);
  });

  it.each(['0x10', '1e3', '30.5', '-1'])('refuses the port "%s" that is not plain digits', (value) => {
    expect(problemsOf({ PORT: value }).join()).toMatch(/PORT must be a port number/);
  });

  it('accepts SMTP_PORT=0 to turn the listener off', () => {
    expect(loadConfig({ TZ: 'UTC', SMTP_PORT: '0' }, '/tmp').smtpPort).toBe(0);
  });

  it('reads a secret from NAME_FILE and never echoes a wrong one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-config-'));
    writeFileSync(join(dir, 'key'), 'short-secret-value\n');
    const problems = problemsOf({ SECRET_KEY_FILE: join(dir, 'key') });
    expect(problems.join()).toMatch(/SECRET_KEY must be at least 32 characters/);
    expect(problems.join()).not.toContain('short-secret-value');
    writeFileSync(join(dir, 'key'), 'x'.repeat(40));
    expect(loadConfig({ TZ: 'UTC', SECRET_KEY_FILE: join(dir, 'key') }, '/tmp').secretKey).toBe('x'.repeat(40));
  });
});

describe('DATA_DIR', () => {
  it('refuses a folder inside /proc, where creating folders can hang', () => {
    expect(problemsOf({ DATA_DIR: '/proc/foo' }).join()).toMatch(/DATA_DIR: \/proc\/foo is inside \/proc/);
  });
});
