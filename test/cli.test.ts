import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { countStats } from '../src/repositories/stats.repository.js';
import { runCli, spawnCli } from './support/cli.js';
import { allFixtureFiles } from './support/fixtures.js';
import { buildMail } from './support/mail.js';

const fixtureFiles = allFixtureFiles();

const contractKeys = ['file', 'parser', 'software', 'type', 'jobName', 'host', 'status', 'informational', 'startedAt', 'endedAt', 'sender', 'subject', 'objects', 'confidence', 'trace'];

describe('backupchecks CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bc-cli-'));
    env = { DATA_DIR: join(dir, 'data') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parse --json prints exactly one contract line per fixture and exits 0', async () => {
    const result = await runCli(['parse', '--json', ...fixtureFiles]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(fixtureFiles.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line);
      expect(Object.keys(parsed).sort()).toEqual([...contractKeys].sort());
      expect(parsed.file).toBe(fixtureFiles[i]);
      expect(['success', 'warning', 'failed', 'unknown']).toContain(parsed.status);
      for (const time of [parsed.startedAt, parsed.endedAt]) if (time !== null) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    });
  });

  it('parse --json answers for a file that is not a mail, and --explain prints the trace', async () => {
    const junk = join(dir, 'junk.eml');
    writeFileSync(junk, Buffer.from([0, 1, 2, 255, 254, 10, 10, 0]));
    const json = await runCli(['parse', '--json', junk]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ file: junk, status: 'unknown' });
    const explained = await runCli(['parse', '--explain', fixtureFiles[0]!]);
    expect(explained.stdout).toMatch(/trace:\n\s+parser \S+ claimed the mail/);
  });

  it('ingests .eml files, mbox files and folders, skipping other files, and a second run finds only duplicates', async () => {
    const input = join(dir, 'in');
    mkdirSync(join(input, 'nested'), { recursive: true });
    writeFileSync(join(input, 'a.eml'), buildMail({ subject: 'Job A completed' }));
    writeFileSync(join(input, 'nested', 'b.eml'), buildMail({ subject: 'Hello', body: 'no status here' }));
    const mbox = [buildMail({ subject: 'Job C failed' }), buildMail({ subject: 'Job D ok', body: 'From the start\nall good' })]
      .map((m) => `From backup@acme.example Mon Jan 15 02:00:00 2024\n${m.toString('latin1').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}\n`)
      .join('');
    writeFileSync(join(input, 'archive.mbox'), mbox, 'latin1');
    writeFileSync(join(input, 'notes.txt'), 'not a mail');
    const first = await runCli(['ingest', '--json', input], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ new: 3, duplicate: 0, unrecognised: 1, skipped: 1, failed: 0 });
    const second = await runCli(['ingest', '--json', input], env);
    expect(JSON.parse(second.stdout)).toEqual({ new: 0, duplicate: 4, unrecognised: 0, skipped: 1, failed: 0 });
    const stats = await runCli(['stats', '--json'], env);
    expect(JSON.parse(stats.stdout)).toEqual({ messages: 4, inbox: 4, customers: 0, jobs: 0, runs: 0 });
  });

  it('ends with exactly 1,000 messages when an ingest of 1,000 mails is killed midway and run again', async () => {
    const input = join(dir, 'thousand');
    mkdirSync(input);
    for (let i = 0; i < 1000; i++) writeFileSync(join(input, `${String(i).padStart(4, '0')}.eml`), buildMail({ subject: `Job ${i} completed` }));
    const dbPath = join(dir, 'data', 'backupchecks.sqlite');
    const child = spawnCli(['ingest', '--no-progress', input], env);
    // Kill once part of the mails are stored, so the kill lands in the middle of the import.
    const deadline = Date.now() + 60_000;
    let stored = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const opened = openDatabase(`sqlite:${dbPath}`);
        stored = (await countStats(opened.db)).messages;
        await opened.close();
      } catch {
        stored = 0;
      }
      if (stored >= 50) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(stored).toBeGreaterThanOrEqual(50);
    const rerun = await runCli(['ingest', '--json', '--no-progress', input], env);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.new + summary.duplicate).toBe(1000);
    expect(summary.duplicate).toBeGreaterThanOrEqual(50);
    expect(JSON.parse((await runCli(['stats', '--json'], env)).stdout).messages).toBe(1000);
  }, 180_000);

  it('backup writes a consistent copy of the SQLite database that opens with the same counts', async () => {
    const input = join(dir, 'a.eml');
    writeFileSync(input, buildMail());
    await runCli(['ingest', input], env);
    const copy = join(dir, 'copy.sqlite');
    const result = await runCli(['backup', copy], env);
    expect(result.code).toBe(0);
    // Both hold every mail: readable by their owner only.
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'backupchecks.sqlite')).mode & 0o777).toBe(0o600);
    const opened = openDatabase(`sqlite:${copy}`);
    expect((await countStats(opened.db)).messages).toBe(1);
    await opened.close();
    const again = await runCli(['backup', copy], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('lists every bad setting at once and exits 2', async () => {
    const result = await runCli(['stats'], { PORT: 'abc', SMTP_ALLOWED_NETWORKS: '10.0.0.0/99', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/SMTP_ALLOWED_NETWORKS/);
    expect(result.stderr).toMatch(/LOG_LEVEL/);
  });

  it('parsers --json prints one line per parser in order, the generic fallback last', async () => {
    const result = await runCli(['parsers', '--json']);
    const rows = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.at(-1)).toMatchObject({ id: 'generic', order: rows.length });
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'software', 'types', 'order', 'informational']));
  });
});

describe('backupchecks CLI errors', () => {
  it('counts a path that does not exist as failed and exits 1, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-cli-'));
    try {
      const result = await runCli(['ingest', '--json', join(dir, 'typo.eml')], { DATA_DIR: join(dir, 'data') });
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({ failed: 1, skipped: 0 });
      expect(result.stderr).toContain('typo.eml: cannot read (ENOENT)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in one line, without a stack trace, that the port is taken, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-cli-'));
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    try {
      const port = String((busy.address() as { port: number }).port);
      const result = await runCli(['serve'], { DATA_DIR: join(dir, 'data'), PORT: port, HOST: '127.0.0.1', SMTP_PORT: '0' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`backupchecks: address 127\\.0\\.0\\.1:${port} is already in use`));
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
