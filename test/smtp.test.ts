import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config/config.js';
import { startSmtpListener, type SmtpListener } from '../src/ingest/sources/smtp.js';
import type { Logger } from '../src/logger.js';
import { getMessage, getRaw } from '../src/repositories/message.repository.js';
import { countStats } from '../src/repositories/stats.repository.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { buildMail } from './support/mail.js';
import { SmtpSession } from './smtp-session.js';

const limit = 64 * 1024;
const envelope = { from: 'backup@acme.example', to: ['reports@msp.example'] };

function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', SMTP_ALLOWED_NETWORKS: '127.0.0.0/8', MAX_MESSAGE_BYTES: String(limit), SMTP_MAX_CLIENTS: '50', TZ: 'UTC', DATA_DIR: dataDir, ...env }, dataDir);
}

/** A logger that keeps its lines, to check what is logged per mail. */
function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }), lines };
}

function client(port: number, options: Record<string, unknown> = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'nas01.acme.example', ...options });
}

/** A mail of about `bytes` bytes, in 76-character lines like a real one. */
function bigMail(bytes: number): Buffer {
  const line = 'x'.repeat(74);
  return buildMail({ subject: 'Nightly backup log', body: Array.from({ length: Math.ceil(bytes / 76) }, () => line).join('\r\n') });
}

describe.each(dialects)('SMTP listener storing on %s', (dialect) => {
  let t: TestDatabase;
  let dataDir: string;
  let listener: SmtpListener;
  let log: ReturnType<typeof recordingLogger>;
  const spoolDir = () => join(dataDir, 'tmp', 'smtp');

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'bc-smtp-'));
    log = recordingLogger();
    listener = await startSmtpListener({ config: testConfig(dataDir), db: t.db, logger: log.logger, spoolThresholdBytes: 16 * 1024 });
  });
  afterEach(async () => {
    await listener.close();
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 250 once the mail is stored, and stores the same mail delivered twice once', async () => {
    const raw = buildMail({ subject: 'Nightly backup failed', body: 'Error: disk full' });
    const first = await client(listener.port).sendMail({ envelope, raw });
    expect(first.response).toMatch(/^250 OK: stored as message \d+/);
    const second = await client(listener.port).sendMail({ envelope, raw });
    expect(second.response).toMatch(/^250 OK: already stored as message \d+/);
    expect((await countStats(t.db)).messages).toBe(1);
    const messageId = Number(/message (\d+)/.exec(first.response)![1]);
    expect(Buffer.from(gunzipSync((await getRaw(t.db, messageId))!.data)).equals(raw)).toBe(true);
    expect((await getMessage(t.db, messageId))).toMatchObject({ source: 'smtp', status: 'failed' });
    const stored = log.lines.filter((l) => l.msg === 'smtp mail stored');
    expect(stored.map((l) => l.outcome)).toEqual(['stored', 'duplicate']);
    expect(stored[0]).toMatchObject({ messageId, peer: '127.0.0.1', spooled: false });
  });

  it('records the peer address, HELO name and envelope in the source detail', async () => {
    const info = await client(listener.port).sendMail({ envelope: { from: 'nas@acme.example', to: ['a@msp.example', 'b@msp.example'] }, raw: buildMail() });
    const message = await getMessage(t.db, Number(/message (\d+)/.exec(info.response)![1]));
    expect(JSON.parse(message!.source_detail!)).toEqual({ peer: '127.0.0.1', helo: 'nas01.acme.example', mailFrom: 'nas@acme.example', rcptTo: ['a@msp.example', 'b@msp.example'], tls: false });
  });

  it('announces the size limit and refuses a larger mail with 552 while it streams, storing nothing', async () => {
    const session = await SmtpSession.open(listener.port);
    const ehlo = await session.command('EHLO nas01.acme.example');
    expect(ehlo.lines).toContain(`SIZE ${limit}`);
    expect((await session.command(`MAIL FROM:<backup@acme.example> SIZE=${limit + 1}`)).code).toBe(552);
    // A sender that does not declare the size is stopped by the count while the mail streams.
    expect((await session.command('MAIL FROM:<backup@acme.example>')).code).toBe(250);
    expect((await session.command('RCPT TO:<reports@msp.example>')).code).toBe(250);
    const reply = await session.data(bigMail(limit * 2));
    expect(reply.code).toBe(552);
    expect(reply.text).toMatch(/5\.3\.4 Message too big: \d+ bytes, the limit is 65536 bytes \(MAX_MESSAGE_BYTES\); nothing was stored/);
    expect((await countStats(t.db)).messages).toBe(0);
    expect(readdirSync(spoolDir())).toEqual([]);
    // The session goes on: the next mail is taken.
    await session.command('MAIL FROM:<backup@acme.example>');
    await session.command('RCPT TO:<reports@msp.example>');
    expect((await session.data(buildMail())).code).toBe(250);
    await session.command('QUIT');
    await session.close();
    expect((await countStats(t.db)).messages).toBe(1);
  });

  it('spools a large mail to a temp file in DATA_DIR, stores it byte for byte and removes the file', async () => {
    const raw = bigMail(40 * 1024);
    const info = await client(listener.port).sendMail({ envelope, raw });
    const messageId = Number(/message (\d+)/.exec(info.response)![1]);
    expect(Buffer.from(gunzipSync((await getRaw(t.db, messageId))!.data)).equals(raw)).toBe(true);
    expect(log.lines.find((l) => l.msg === 'smtp mail stored')).toMatchObject({ messageId, spooled: true, bytes: raw.length });
    expect(readdirSync(spoolDir())).toEqual([]);
  });

  it('keeps nothing, on disk or in the database, of a mail whose sender disconnects during DATA', async () => {
    const session = await SmtpSession.open(listener.port);
    await session.command('EHLO nas01.acme.example');
    await session.command('MAIL FROM:<backup@acme.example>');
    await session.command('RCPT TO:<reports@msp.example>');
    await session.dropDuringData(bigMail(60 * 1024), 40 * 1024);
    await expect.poll(() => log.lines.some((l) => l.msg === 'smtp mail not received')).toBe(true);
    // The partial file is removed right after that line is logged.
    await expect.poll(() => readdirSync(spoolDir())).toEqual([]);
    expect((await countStats(t.db)).messages).toBe(0);
    expect((await client(listener.port).sendMail({ envelope, raw: buildMail() })).response).toMatch(/^250 /);
  });

  it('answers 451 4.3.0 when storing fails, so that the sender retries, and stores nothing', async () => {
    // The raw mail is written inside the message's transaction: without its table the whole commit fails.
    await t.db.schema.dropTable('message_raw').execute();
    const error = await client(listener.port).sendMail({ envelope, raw: buildMail() }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(error).toMatchObject({ responseCode: 451 });
    expect(error.response).toMatch(/^451 4\.3\.0 Storage failed, nothing was stored; please retry later/);
    expect((await countStats(t.db)).messages).toBe(0);
    expect(log.lines.find((l) => l.msg === 'smtp mail not stored: storage failed')).toMatchObject({ peer: '127.0.0.1' });
  });

  it('takes many concurrent clients, answers each 250 and stores every mail', async () => {
    const mails = Array.from({ length: 30 }, (_, i) => buildMail({ subject: `Backup of server ${i} succeeded` }));
    const replies = await Promise.all(mails.map((raw) => client(listener.port).sendMail({ envelope, raw })));
    expect(replies.every((r) => r.response.startsWith('250 OK: stored as message'))).toBe(true);
    expect((await countStats(t.db)).messages).toBe(30);
  });
});

describe('SMTP listener safety', () => {
  let t: TestDatabase;
  let dataDir: string;
  let listener: SmtpListener | null;
  const start = async (env: Record<string, string> = {}) => {
    listener = await startSmtpListener({ config: testConfig(dataDir, env), db: t.db, logger: pino({ level: 'silent' }) });
    return listener.port;
  };

  beforeEach(async () => {
    t = await createTestDatabase('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'bc-smtp-'));
    listener = null;
  });
  afterEach(async () => {
    await listener?.close();
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a connection from an address outside SMTP_ALLOWED_NETWORKS at connect', async () => {
    const session = await SmtpSession.open(await start({ SMTP_ALLOWED_NETWORKS: '10.0.0.0/8' }));
    expect(session.greeting.code).toBe(554);
    expect(session.greeting.text).toMatch(/connection from 127\.0\.0\.1 not allowed/);
    await session.close();
    await expect(client(listener!.port).sendMail({ envelope, raw: buildMail() })).rejects.toMatchObject({ responseCode: 554 });
    expect((await countStats(t.db)).messages).toBe(0);
  });

  it('offers neither STARTTLS nor AUTH without a certificate, and refuses AUTH', async () => {
    const session = await SmtpSession.open(await start());
    const ehlo = await session.command('EHLO nas01.acme.example');
    expect(ehlo.lines.some((l) => /^(STARTTLS|AUTH)\b/.test(l))).toBe(false);
    expect((await session.command(`AUTH PLAIN ${Buffer.from('\0nas01\0secret').toString('base64')}`)).code).toBeGreaterThanOrEqual(500);
    expect((await session.command('STARTTLS')).code).toBeGreaterThanOrEqual(500);
    await session.close();
  });

  it('offers STARTTLS with a certificate, refuses AUTH before TLS and takes mail with AUTH over TLS', async () => {
    const cert = join(dataDir, 'cert.pem');
    const key = join(dataDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const port = await start({ SMTP_TLS_CERT_FILE: cert, SMTP_TLS_KEY_FILE: key });

    const session = await SmtpSession.open(port);
    const plain = await session.command('EHLO nas01.acme.example');
    expect(plain.lines).toContain('STARTTLS');
    expect(plain.lines.some((l) => l.startsWith('AUTH'))).toBe(false);
    expect((await session.command(`AUTH PLAIN ${Buffer.from('\0nas01\0secret').toString('base64')}`)).code).toBeGreaterThanOrEqual(500);
    expect((await session.startTls()).code).toBe(220);
    const secure = await session.command('EHLO nas01.acme.example');
    expect(secure.lines).toContain('AUTH LOGIN PLAIN');
    expect((await session.command(`AUTH PLAIN ${Buffer.from('\0nas01\0secret').toString('base64')}`)).code).toBe(235);
    await session.command('QUIT');
    await session.close();

    const info = await client(port, { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false }, auth: { user: 'nas01', pass: 'secret' } }).sendMail({ envelope, raw: buildMail() });
    expect(info.response).toMatch(/^250 /);
    const message = await getMessage(t.db, Number(/message (\d+)/.exec(info.response)![1]));
    expect(JSON.parse(message!.source_detail!)).toMatchObject({ tls: true, authUser: 'nas01', helo: 'nas01.acme.example' });
    expect(message!.source_detail).not.toContain('secret');
  });

  it('answers 421 to a client over SMTP_MAX_CLIENTS', async () => {
    const port = await start({ SMTP_MAX_CLIENTS: '1' });
    const first = await SmtpSession.open(port);
    const second = await SmtpSession.open(port);
    expect(first.greeting.code).toBe(220);
    expect(second.greeting.code).toBe(421);
    await second.close();
    await first.close();
  });
});
