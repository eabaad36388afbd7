import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { startImapPoller } from '../src/ingest/sources/imap.js';
import { createLogger } from '../src/logger.js';
import { mailboxPasswordBox } from '../src/services/secret-box.js';
import { startDovecot, type DovecotServer } from './support/dovecot.js';
import { buildMail } from './support/mail.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const password = 'S3cret-imap-pässword';
let dovecot: DovecotServer;

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

// Each command starts a Node process with tsx (about a second each), so these tests get more time.
describe('backupchecks mailboxes', { timeout: 90_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bc-mailboxes-'));
    env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'info' };
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], stdin?: string) => runCli(['mailboxes', ...args], env, stdin);
  const addArgs = (name: string) => ['add', '--name', name, '--host', dovecot.host, '--port', String(dovecot.port), '--tls', 'none', '--username', dovecot.user];

  it('adds, lists and removes a mailbox without ever printing its password', async () => {
    const file = join(dir, 'password.txt');
    writeFileSync(file, `${password}\n`);
    const added = await cli([...addArgs('Reports'), '--password-file', file, '--folder', 'INBOX', '--folder', 'Backups', '--processed-folder', 'Done', '--since', '2024-01-01']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^added mailbox 1 "Reports"/);

    const listed = await cli(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Reports');
    const json = await cli(['list', '--json']);
    const [view] = JSON.parse(json.stdout);
    expect(view).toMatchObject({ id: 1, name: 'Reports', host: dovecot.host, port: dovecot.port, tls: 'none', folders: ['INBOX', 'Backups'], processedFolder: 'Done', since: '2024-01-01', enabled: true });
    expect(Object.keys(view).some((key) => /pass/i.test(key))).toBe(false);

    for (const out of [added, listed, json]) expect(out.stdout + out.stderr).not.toContain(password);
    const database = openDatabase(env.DATABASE_URL!);
    try {
      const row = await database.db.selectFrom('mailboxes').select('password_enc').executeTakeFirstOrThrow();
      expect(row.password_enc).not.toContain(password);
      // The trailing newline of the file is not part of the password; the key is the one generated into DATA_DIR.
      expect(mailboxPasswordBox(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).open(row.password_enc)).toBe(password);
      const audit = await database.db.selectFrom('audit_events').select(['action', 'details']).execute();
      expect(audit.map((a) => a.action)).toEqual(['mailbox.create']);
      expect(JSON.stringify(audit)).not.toContain(password);
    } finally {
      await database.close();
    }

    expect(await cli(['remove', 'Reports'])).toMatchObject({ code: 0, stdout: 'removed mailbox 1 "Reports"\n' });
    expect((await cli(['list'])).stdout).toBe('no mailboxes\n');
    expect(await cli(['list', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('reads the password from stdin, and the poller logs in with it', async () => {
    const added = await cli([...addArgs('Stdin box'), '--password-stdin'], `${dovecot.password}\n`);
    expect(added.code).toBe(0);
    expect(added.stdout + added.stderr).not.toContain(dovecot.password);
    await dovecot.append('INBOX', buildMail({ subject: 'Report for the CLI mailbox' }));
    // The server reads the same SECRET_KEY file from DATA_DIR that the CLI generated.
    const database = openDatabase(env.DATABASE_URL!);
    const secretKey = readFileSync(join(dir, 'secret.key'), 'utf8').trim();
    const poller = startImapPoller({ db: database.db, config: { secretKey, maxMessageBytes: 1_000_000 }, logger: createLogger('silent'), autoPoll: false });
    try {
      // Dovecot accepts only the exact password, so a login proves it went through stdin and back intact.
      const summary = await poller.pollOnce();
      const row = await database.db.selectFrom('mailboxes').select(['last_error']).executeTakeFirstOrThrow();
      expect(row.last_error).toBeNull();
      expect(summary).toMatchObject({ mailboxes: 1, failed: 0 });
      expect(summary.stored).toBeGreaterThanOrEqual(1);
    } finally {
      await poller.stop();
      await database.close();
    }
  });

  it('removes a mailbox by id', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, password);
    await cli([...addArgs('First'), '--password-file', file]);
    await cli([...addArgs('Second'), '--password-file', file]);
    expect(await cli(['remove', '2'])).toMatchObject({ code: 0, stdout: 'removed mailbox 2 "Second"\n' });
    expect(JSON.parse((await cli(['list', '--json'])).stdout).map((m: { name: string }) => m.name)).toEqual(['First']);
  });

  it('refuses a mailbox without a password, with a bad setting or a taken name, listing the problems on stderr', async () => {
    const none = await cli(addArgs('No password'));
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/exactly one of --password-file FILE or --password-stdin/);

    const file = join(dir, 'pw');
    writeFileSync(file, password);
    const bad = await cli([...addArgs('Loop'), '--password-file', file, '--folder', 'INBOX', '--processed-folder', 'inbox', '--since', '2024-02-30']);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/processed folder "inbox" must not be one of the polled folders/);
    expect(bad.stderr).toMatch(/since "2024-02-30" must be a date/);

    const control = await cli([...addArgs('a\nb\tc'), '--password-file', file]);
    expect(control).toMatchObject({ code: 1, stderr: expect.stringMatching(/name must not contain control characters/) });

    expect((await cli([...addArgs('Taken'), '--password-file', file])).code).toBe(0);
    const taken = await cli([...addArgs('Taken'), '--password-file', file]);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toMatch(/already exists/);
    for (const out of [none, bad, taken]) expect(out.stderr).not.toContain(password);

    expect(await cli(['remove', 'Nope'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no mailbox named or numbered "Nope"/) });
  });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `backupchecks` from the sources, with stdin given (the shared test/support/cli.ts ignores stdin). */
function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
