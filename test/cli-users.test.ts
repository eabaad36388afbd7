import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../src/db/connect.js';
import { buildHttpApp } from '../src/http/app.js';
import { runCli } from './support/cli.js';

const password = 'a long cli passphrase';

// Each command starts a Node process with tsx (about a second each), so these tests get more time.
describe('backupchecks users and tokens', { timeout: 90_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let passwordFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bc-users-'));
    env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
    passwordFile = join(dir, 'password.txt');
    writeFileSync(passwordFile, `${password}\n`);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The HTTP app on the database the CLI wrote, as a running server would see it. */
  async function withApp<T>(fn: (app: ReturnType<typeof buildHttpApp>, database: OpenDatabase) => Promise<T>): Promise<T> {
    const database = openDatabase(env.DATABASE_URL!);
    const app = buildHttpApp({ db: database.db, logger: pino({ level: 'silent' }), config: { trustProxy: false, publicUrl: 'http://localhost:3000', timeZone: 'UTC' } });
    try {
      await app.ready();
      return await fn(app, database);
    } finally {
      await app.close();
      await database.close();
    }
  }

  it('creates a user printing "<id> <name>", then a token printing only the token, which works against the API; both audited as cli', async () => {
    const created = await runCli(['users', 'create', '--username', 'Admin', '--password-file', passwordFile, '--roles', 'admin,operator'], env);
    expect(created).toMatchObject({ code: 0, stdout: '1 Admin\n' });
    const token = await runCli(['tokens', 'create', '--username', 'admin', '--role', 'operator', '--name', 'monitoring'], env);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^bct_[\w-]{43}\n$/);
    await withApp(async (app, database) => {
      const session = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(session.json()).toMatchObject({ user: { username: 'Admin', roles: ['admin', 'operator'] }, role: 'operator', via: 'token' });
      // The trailing newline of the file is not part of the password.
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password } });
      expect(login.statusCode).toBe(200);
      const audit = await database.db.selectFrom('audit_events').select(['action', 'actor_type']).where('actor_type', '=', 'cli').orderBy('id').execute();
      expect(audit).toEqual([{ action: 'user.create', actor_type: 'cli' }, { action: 'token.create', actor_type: 'cli' }]);
    });
  });

  it('resets a password from a file and revokes a token; the old password and the revoked token stop working', async () => {
    await runCli(['users', 'create', '--username', 'ops', '--password-file', passwordFile, '--roles', 'viewer'], env);
    const token = (await runCli(['tokens', 'create', '--username', 'ops', '--role', 'viewer'], env)).stdout.trim();
    const newFile = join(dir, 'new.txt');
    writeFileSync(newFile, 'the replaced passphrase');
    expect(await runCli(['users', 'reset-password', '--username', 'OPS', '--password-file', newFile], env)).toMatchObject({ code: 0, stdout: '1 ops\n' });
    expect(await runCli(['tokens', 'revoke', '--id', '1'], env)).toMatchObject({ code: 0, stderr: '' });
    await withApp(async (app) => {
      const login = (pw: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ops', password: pw } });
      expect((await login(password)).statusCode).toBe(401);
      expect((await login('the replaced passphrase')).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    });
  });

  it('fails with one line on stderr and exit 1 for an unknown role, a duplicate name, a role the user lacks, and an unknown user', async () => {
    const badRole = await runCli(['users', 'create', '--username', 'x', '--password-file', passwordFile, '--roles', 'Admin'], env);
    expect(badRole).toMatchObject({ code: 1, stdout: '' });
    expect(badRole.stderr).toMatch(/^error: --roles: unknown role Admin; roles are admin, operator, reporter, viewer\n$/);
    await runCli(['users', 'create', '--username', 'x', '--password-file', passwordFile, '--roles', 'viewer'], env);
    const duplicate = await runCli(['users', 'create', '--username', 'X', '--password-file', passwordFile, '--roles', 'viewer'], env);
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr.trim().split('\n')).toEqual([expect.stringContaining('already exists')]);
    const lacking = await runCli(['tokens', 'create', '--username', 'x', '--role', 'admin'], env);
    expect(lacking).toMatchObject({ code: 1, stdout: '' });
    expect(lacking.stderr).toContain('does not hold the admin role');
    const unknown = await runCli(['users', 'reset-password', '--username', 'nobody', '--password-file', passwordFile], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: user nobody not found\n' });
    const shortFile = join(dir, 'short.txt');
    writeFileSync(shortFile, 'short\n');
    const short = await runCli(['users', 'create', '--username', 'y', '--password-file', shortFile, '--roles', 'viewer'], env);
    expect(short).toMatchObject({ code: 1, stderr: 'error: password too short (--password: must have at least 10 characters)\n' });
  });
});
