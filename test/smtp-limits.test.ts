import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { maxRecipients, startSmtpListener, type SmtpListener } from '../src/ingest/sources/smtp.js';
import { countStats } from '../src/repositories/stats.repository.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { SmtpSession } from './smtp-session.js';

/** Limits that keep one client from exhausting the listener: session time and recipients. */
describe('SMTP listener limits', () => {
  let t: TestDatabase;
  let dataDir: string;
  let listener: SmtpListener;
  beforeEach(async () => {
    t = await createTestDatabase('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'bc-smtp-limits-'));
    const config = loadConfig({ SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', TZ: 'UTC', DATA_DIR: dataDir }, dataDir);
    listener = await startSmtpListener({ config, db: t.db, logger: pino({ level: 'silent' }), maxSessionMs: 1000 });
  });
  afterEach(async () => {
    await listener.close();
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`refuses recipients beyond ${maxRecipients} with 452`, async () => {
    const session = await SmtpSession.open(listener.port);
    await session.command('EHLO nas01');
    await session.command('MAIL FROM:<a@acme.example>');
    for (let i = 0; i < maxRecipients; i++) expect((await session.command(`RCPT TO:<r${i}@msp.example>`)).code).toBe(250);
    const over = await session.command('RCPT TO:<one-too-many@msp.example>');
    expect(over.code).toBe(452);
    expect(over.text).toMatch(/Too many recipients/);
    await session.close();
  });

  it('closes a session that drips its DATA past the session time limit with 421, storing nothing', async () => {
    const socket = connect({ port: listener.port, host: '127.0.0.1' });
    let received = '';
    socket.on('data', (d) => (received += d));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const waitFor = async (pattern: RegExp) => {
      while (!pattern.test(received)) await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor(/^220 /m);
    socket.write('EHLO nas01\r\n');
    await waitFor(/^250 /m);
    socket.write('MAIL FROM:<a@acme.example>\r\nRCPT TO:<r@msp.example>\r\nDATA\r\n');
    await waitFor(/^354 /m);
    const drip = setInterval(() => socket.writable && socket.write('x'), 100);
    await closed;
    clearInterval(drip);
    expect(received).toMatch(/421 4\.4\.2 Session time limit reached/);
    expect((await countStats(t.db)).messages).toBe(0);
  });
});
