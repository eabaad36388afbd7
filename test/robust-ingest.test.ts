import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeMessage } from '../src/ingest/mime/decode.js';
import { ingestMessage } from '../src/ingest/pipeline.js';
import { truncateOversize } from '../src/ingest/oversize.js';
import { getMessage, getRaw } from '../src/repositories/message.repository.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';

/** Hostile and broken mails: each is stored with a clear state, nothing is thrown away, nothing crashes. */
describe('ingest of broken and unusual mails', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await t.drop();
  });
  const mail = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

  it('stores a truncated MIME message (cut inside a base64 part) with what could be read', async () => {
    const raw = mail([
      'From: nas@acme.example', 'Subject: Backup job failed', 'Date: Mon, 15 Jan 2024 02:00:00 +0100', 'Message-ID: <cut@acme.example>',
      'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '',
      'The job failed with errors.', '--b1', 'Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQKJcfs',
    ]);
    const outcome = await ingestMessage(t.db, raw, { source: 'cli' });
    expect(outcome.outcome).toBe('stored');
    expect(await getMessage(t.db, outcome.messageId)).toMatchObject({ status: 'failed', parse_state: 'parsed', subject: 'Backup job failed' });
  });

  it('reads a mail labelled UTF-8 whose body is Windows-1252 without losing its accents', async () => {
    const body = Buffer.from('Sauvegarde terminée avec succès\r\n', 'latin1');
    const raw = Buffer.concat([
      mail(['From: nas@acme.example', 'Subject: Rapport', 'Message-ID: <cs1@acme.example>', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', '']),
      body,
    ]);
    const decoded = await decodeMessage(raw);
    expect(decoded.text).toContain('terminée avec succès');
    expect(decoded.problems.join()).toMatch(/windows-1252/);
    const outcome = await ingestMessage(t.db, raw, { source: 'cli' });
    expect(outcome.result.status).toBe('success');
    expect(outcome.result.trace.join('\n')).toMatch(/decode: charset/);
  });

  it('reads UTF-8 text labelled ISO-8859-1 as UTF-8', async () => {
    const raw = Buffer.concat([
      mail(['From: nas@acme.example', 'Subject: Bericht', 'Content-Type: text/plain; charset=iso-8859-1', '', '']),
      Buffer.from('Sicherung für Büro erfolgreich\r\n', 'utf8'),
    ]);
    expect((await decodeMessage(raw)).text).toContain('für Büro');
  });

  it('decodes an RFC 2047 subject folded over several lines', async () => {
    const raw = mail([
      'From: nas@acme.example', 'Message-ID: <fold@acme.example>',
      'Subject: =?UTF-8?Q?Datensicherung_=C3=BCber_WebDAV?=', ' =?UTF-8?B?IGZlaGxnZXNjaGxhZ2Vu?=', '\tauf DiskStation',
      'Content-Type: text/plain', '', 'body',
    ]);
    const outcome = await ingestMessage(t.db, raw, { source: 'cli' });
    expect((await getMessage(t.db, outcome.messageId))?.subject).toBe('Datensicherung über WebDAV fehlgeschlagen auf DiskStation');
    expect(outcome.result.status).toBe('failed');
  });

  it('parses an HTML-only mail from its HTML turned into text', async () => {
    const raw = mail([
      'From: nas@acme.example', 'Subject: Report', 'Message-ID: <html@acme.example>', 'Content-Type: text/html; charset=utf-8', '',
      '<html><body><table><tr><td>Job</td><td>Nightly</td></tr><tr><td>Result</td><td><b>Failed</b></td></tr></table></body></html>',
    ]);
    const decoded = await decodeMessage(raw);
    expect(decoded.text).toContain('Result\tFailed');
    const outcome = await ingestMessage(t.db, raw, { source: 'cli' });
    expect(outcome.result.status).toBe('failed');
  });

  it('identifies a mail without Message-ID by its content, so a second copy is a duplicate', async () => {
    const raw = mail(['From: nas@acme.example', 'Subject: Backup OK', 'Content-Type: text/plain', '', 'done']);
    const first = await ingestMessage(t.db, raw, { source: 'cli' });
    const second = await ingestMessage(t.db, raw, { source: 'cli' });
    expect(second).toMatchObject({ outcome: 'duplicate', messageId: first.messageId });
    expect((await getMessage(t.db, first.messageId))?.identity_key).toMatch(/^content:/);
  });

  it('stores a mail over the size limit as its headers and the start of its body, flagged too large', async () => {
    const big = Buffer.concat([mail(['From: nas@acme.example', 'Subject: Huge backup log failed', 'Message-ID: <big@acme.example>', '', '']), Buffer.alloc(3_000_000, 'x')]);
    const { raw, tooLarge } = truncateOversize(big, 1_000_000);
    expect(raw.byteLength).toBeLessThan(100_000);
    const outcome = await ingestMessage(t.db, raw, { source: 'imap', tooLarge });
    const message = await getMessage(t.db, outcome.messageId);
    expect(message).toMatchObject({ too_large: 1, size_bytes: big.byteLength, status: 'failed' });
    expect(await getRaw(t.db, outcome.messageId)).toBeDefined();
  });

  it('stores empty input and binary garbage as unrecognised or undecodable, never throwing', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from([0, 255, 0, 13, 10, 13, 10, 7])]) {
      const outcome = await ingestMessage(t.db, raw, { source: 'cli' });
      expect(outcome.outcome).toBe('stored');
      expect(['unrecognised', 'error']).toContain(outcome.parseState);
    }
  });
});

describe('decoding of very large and deeply nested HTML', () => {
  it('reads a 17 MB HTML table mail, only its first 4 MB, and says so', async () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `<tr><td>vm${i}</td><td>Success</td></tr>`).join('\r\n');
    const decoded = await decodeMessage(Buffer.from(`Subject: x\r\nContent-Type: text/html\r\n\r\n<table>${rows}</table>`));
    expect(decoded.problems.join()).toMatch(/only the first 4 MB of the HTML/);
    expect(decoded.text.startsWith('vm0\tSuccess\nvm1\tSuccess')).toBe(true);
  });

  it('reads 5,000 nested <div> elements without overflowing the stack', async () => {
    const decoded = await decodeMessage(Buffer.from(`Subject: x\r\nContent-Type: text/html\r\n\r\n${'<div>'.repeat(5000)}backup failed${'</div>'.repeat(5000)}`));
    expect(decoded.text).toBe('backup failed');
  });
});
