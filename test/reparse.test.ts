import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { getMessage } from '../src/repositories/message.repository.js';
import { ingestFixture } from './api/inbox-fixtures.js';
import { signIn, startTestApi, type Client, type TestApi } from './support/api.js';
import { runCli } from './support/cli.js';
import { dialects } from './support/databases.js';
import { createJobFor } from './support/factories.js';

/** What an older parser left: the mail unrecognised, no job name, so no job key. */
async function asIfParsedByAnOlderParser(db: Db, messageId: number): Promise<void> {
  await db
    .updateTable('messages')
    .set({ parse_state: 'unrecognised', parser: 'generic', software: null, backup_type: null, job_name: null, status: 'unknown', job_key: null, parse_result: '{"objects":[],"trace":[]}' })
    .where('id', '=', messageId)
    .execute();
}

describe.each(dialects)('re-parse of Inbox messages on %s', (dialect) => {
  let api: TestApi;
  let operator: Client;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    operator = await signIn(api, 'operator');
  });
  afterEach(async () => api.close());

  const db = () => api.database.db;

  it('rewrites the parse fields from the stored raw mail and links the message once a job exists for its new key', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await asIfParsedByAnOlderParser(db(), ok.messageId);
    const jobId = await createJobFor(db(), ok.result);

    const response = await operator.post('/api/v1/inbox/reparse', { messageIds: [ok.messageId] });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reparsed: 1, changed: 1, linked: 1 });
    const message = await getMessage(db(), ok.messageId);
    expect(message).toMatchObject({ parse_state: 'parsed', job_name: 'store1', job_id: jobId, job_key: expect.stringContaining('store1') });
    const run = await db().selectFrom('runs').selectAll().where('message_id', '=', ok.messageId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job_id: jobId, status: 'success', reviewed_at: null });
    expect((await operator.get('/api/v1/inbox')).json().total).toBe(0);
  });

  it('re-parses the whole Inbox when no ids are given, counting unchanged messages as not changed', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await ingestFixture(api, 'unparsed');
    await asIfParsedByAnOlderParser(db(), ok.messageId);

    const response = await operator.post('/api/v1/inbox/reparse');

    expect(response.json()).toEqual({ reparsed: 2, changed: 1, linked: 0 });
    expect((await getMessage(db(), ok.messageId))?.job_name).toBe('store1');
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'inbox.reparse').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ reparsed: 2, changed: 1, messageIds: 'all' });
  });

  it('answers 404 for ids that are not in the Inbox and re-parses nothing then', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await asIfParsedByAnOlderParser(db(), ok.messageId);
    const response = await operator.post('/api/v1/inbox/reparse', { messageIds: [ok.messageId, 9999] });
    expect(response.statusCode).toBe(404);
    expect((await getMessage(db(), ok.messageId))?.job_name).toBeNull();
    expect((await operator.post('/api/v1/inbox/reparse', { messageIds: [] })).statusCode).toBe(400);
  });
});

describe('backupchecks reparse', () => {
  let api: TestApi;
  let dataDir: string;
  beforeEach(async () => {
    api = await startTestApi('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'bc-reparse-'));
  });
  afterEach(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('re-parses the messages named by --id, links them, and prints a summary line', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await asIfParsedByAnOlderParser(api.database.db, ok.messageId);
    const jobId = await createJobFor(api.database.db, ok.result);
    const env = { DATABASE_URL: api.database.url, DATA_DIR: dataDir };

    const result = await runCli(['reparse', '--id', String(ok.messageId)], env);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('reparse: 1 re-parsed, 1 changed, 1 linked to jobs\n');
    expect((await getMessage(api.database.db, ok.messageId))?.job_id).toBe(jobId);
    const all = await runCli(['reparse', '--all-unlinked', '--json'], env);
    expect(JSON.parse(all.stdout)).toEqual({ reparsed: 0, changed: 0, linked: 0 });
  });

  it('refuses to run without --all-unlinked or --id', async () => {
    const result = await runCli(['reparse'], { DATABASE_URL: api.database.url, DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--all-unlinked or --id/);
  });
});
