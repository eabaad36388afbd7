import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestMessage } from '../src/ingest/pipeline.js';
import { getMessage, getRaw } from '../src/repositories/message.repository.js';
import { countStats } from '../src/repositories/stats.repository.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';
import { buildMail } from './support/mail.js';

const cli = { source: 'cli' as const };

describe.each(dialects)('ingestMessage on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('stores a new mail with its raw bytes compressed and recoverable exactly', async () => {
    const raw = buildMail({ subject: 'Nightly backup failed', body: 'Error: disk full' });
    const outcome = await ingestMessage(t.db, raw, cli);
    expect(outcome.outcome).toBe('stored');
    const stored = await getRaw(t.db, outcome.messageId);
    expect(stored?.compression).toBe('gzip');
    expect(Buffer.from(gunzipSync(stored!.data)).equals(raw)).toBe(true);
    const message = await getMessage(t.db, outcome.messageId);
    expect(message).toMatchObject({ status: 'failed', parser: 'generic', job_id: null, parse_state: 'parsed', source: 'cli' });
  });

  it('stores the same mail delivered twice once', async () => {
    const raw = buildMail();
    const first = await ingestMessage(t.db, raw, cli);
    const second = await ingestMessage(t.db, raw, { source: 'smtp' });
    expect(second).toMatchObject({ outcome: 'duplicate', messageId: first.messageId });
    expect((await countStats(t.db)).messages).toBe(1);
  });

  it('treats the same mail with transit headers added and CRLF turned to LF as a duplicate', async () => {
    const raw = buildMail({ messageId: null });
    const relayed = Buffer.from(
      'Return-Path: <backup@acme.example>\nDelivered-To: reports@msp.example\nReceived: from relay by mx; Mon, 15 Jan 2024 02:00:01 +0100\n' +
        raw.toString('latin1').replace(/\r\n/g, '\n'),
      'latin1',
    );
    await ingestMessage(t.db, raw, { source: 'smtp' });
    const second = await ingestMessage(t.db, relayed, { source: 'imap' });
    expect(second.outcome).toBe('duplicate');
  });

  it('keeps a mail whose Message-ID, sender and Date match a stored one but whose content differs, flagged', async () => {
    await ingestMessage(t.db, buildMail({ messageId: 'same@acme.example', body: 'first text' }), cli);
    const second = await ingestMessage(t.db, buildMail({ messageId: 'same@acme.example', body: 'other text' }), cli);
    expect(second).toMatchObject({ outcome: 'stored', identityConflict: true });
    expect((await getMessage(t.db, second.messageId))?.identity_conflict).toBe(1);
    expect((await countStats(t.db)).messages).toBe(2);
  });

  it('leaves a mail of an unknown job in the Inbox', async () => {
    await ingestMessage(t.db, buildMail(), cli);
    expect(await countStats(t.db)).toMatchObject({ messages: 1, inbox: 1, runs: 0 });
  });

  it('links a mail of an approved job as a new run without touching the Inbox', async () => {
    const first = await ingestMessage(t.db, buildMail({ subject: 'Nightly SQL dump completed' }), cli);
    const jobId = await createJobFor(t.db, first.result);
    const second = await ingestMessage(t.db, buildMail({ subject: 'Nightly SQL dump FAILED', body: 'error' }), cli);
    expect(second).toMatchObject({ jobId });
    const run = await t.db.selectFrom('runs').selectAll().where('id', '=', second.runId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job_id: jobId, status: 'failed', original_status: 'failed', kind: 'mail', reviewed_at: null });
    expect(run.started_at).toBe('2024-01-15T01:00:00.000Z');
    expect((await countStats(t.db)).inbox).toBe(1);
  });

  it('matches job keys ignoring case and spacing', async () => {
    const first = await ingestMessage(t.db, buildMail({ subject: 'Nightly  SQL dump completed' }), cli);
    const jobId = await createJobFor(t.db, first.result);
    const second = await ingestMessage(t.db, buildMail({ subject: 'NIGHTLY sql DUMP completed', from: 'BACKUP@ACME.EXAMPLE' }), cli);
    expect(second.jobId).toBe(jobId);
  });

  it('links mails of an archived job as runs already reviewed by the system', async () => {
    const first = await ingestMessage(t.db, buildMail(), cli);
    await createJobFor(t.db, first.result, { archived: true });
    const second = await ingestMessage(t.db, buildMail(), cli);
    const run = await t.db.selectFrom('runs').selectAll().where('id', '=', second.runId!).executeTakeFirstOrThrow();
    expect(run.reviewed_at).not.toBeNull();
    expect(run.reviewed_by_user_id).toBeNull();
  });

  it('links mails of an inactive customer quietly, like an archived job', async () => {
    const first = await ingestMessage(t.db, buildMail(), cli);
    await createJobFor(t.db, first.result, { customerId: await createCustomer(t.db, 'Gone Ltd', false) });
    const second = await ingestMessage(t.db, buildMail(), cli);
    const run = await t.db.selectFrom('runs').select('reviewed_at').where('id', '=', second.runId!).executeTakeFirstOrThrow();
    expect(run.reviewed_at).not.toBeNull();
  });

  it('stores a mail whose MIME body cannot be read with a parse error, its headers and its raw bytes', async () => {
    const raw = Buffer.from(`Subject: x\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n${'--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n'.repeat(300)}`);
    const outcome = await ingestMessage(t.db, raw, cli);
    expect(outcome.outcome).toBe('stored');
    const message = await getMessage(t.db, outcome.messageId);
    expect(message?.parse_state).toBe('error');
    expect(message?.parse_error).toMatch(/MIME structure could not be read/);
    // The body is unreadable, the top-level headers are not: the mail can still be shown and identified.
    expect(message?.subject).toBe('x');
    expect(await getRaw(t.db, outcome.messageId)).toBeDefined();
  });

  it('stores a mail that names no status as unrecognised, status unknown', async () => {
    const outcome = await ingestMessage(t.db, buildMail({ subject: 'Hello', body: 'Lunch on Friday?' }), cli);
    expect(await getMessage(t.db, outcome.messageId)).toMatchObject({ parse_state: 'unrecognised', status: 'unknown' });
  });

  it('records the source detail and the truncation of an over-size mail', async () => {
    const outcome = await ingestMessage(t.db, buildMail(), { source: 'smtp', detail: { peer: '127.0.0.1', helo: 'nas01' }, tooLarge: { originalBytes: 99_000_000 } });
    const message = await getMessage(t.db, outcome.messageId);
    expect(message).toMatchObject({ too_large: 1, size_bytes: 99_000_000 });
    expect(JSON.parse(message!.source_detail!)).toEqual({ peer: '127.0.0.1', helo: 'nas01' });
  });
});

describe.each(dialects)('ingest of a mail with NUL bytes on %s', (dialect) => {
  it('stores it (PostgreSQL text cannot hold NUL, so the decoded text drops them)', async () => {
    const t = await createTestDatabase(dialect);
    try {
      const raw = Buffer.from('From: a@acme.example\r\nSubject: nul\u0000 backup failed\r\nMessage-ID: <nul@acme.example>\r\n\r\nbody\u0000 error\r\n', 'latin1');
      const outcome = await ingestMessage(t.db, raw, { source: 'smtp' });
      expect(outcome.outcome).toBe('stored');
      expect((await getMessage(t.db, outcome.messageId))?.subject).toBe('nul backup failed');
    } finally {
      await t.drop();
    }
  });
});
