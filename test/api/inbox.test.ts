import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countStats } from '../../src/repositories/stats.repository.js';
import { anonymous, signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { ingestFixture } from './inbox-fixtures.js';

describe.each(dialects)('Inbox on %s', (dialect) => {
  let api: TestApi;
  let operator: Client;
  let admin: Client;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    [operator, admin] = await Promise.all([signIn(api, 'operator'), signIn(api, 'admin')]);
  });
  afterEach(async () => api.close());

  const db = () => api.database.db;

  it('lists messages linked to no job, newest first, as InboxItems in the list envelope', async () => {
    const first = await ingestFixture(api, 'gcOk');
    const second = await ingestFixture(api, 'unparsed');
    const response = await operator.get('/api/v1/inbox');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([second.messageId, first.messageId]);
    expect(body.items[1]).toEqual({
      id: first.messageId, from: 'root@pbs01.acme.example', subject: "Garbage Collect Datastore 'store1' successful", receivedAt: expect.any(String),
      backupSoftware: 'Proxmox Backup Server', backupType: 'Garbage Collection', jobName: 'store1', host: 'pbs01.acme.example', status: 'success',
      parseState: 'parsed', parser: 'proxmox-backup-server', informational: false, tooLarge: false,
    });
  });

  it('pages the Inbox with page and pageSize', async () => {
    for (const name of ['gcOk', 'gcFailed', 'pruneOk'] as const) await ingestFixture(api, name);
    const body = (await operator.get('/api/v1/inbox?page=2&pageSize=2')).json();
    expect(body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(body.items).toHaveLength(1);
    expect((await operator.get('/api/v1/inbox?pageSize=501')).statusCode).toBe(400);
  });

  it('shows one Inbox message with its objects, trace, job key and whether it can be approved', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const unparsed = await ingestFixture(api, 'unparsed');
    const detail = (await operator.get(`/api/v1/inbox/${ok.messageId}`)).json();
    expect(detail).toMatchObject({ id: ok.messageId, canApprove: true, parseError: null, jobKey: expect.stringContaining('store1'), objects: expect.any(Array) });
    expect(detail.trace.join('\n')).toMatch(/claimed the mail/);
    expect((await operator.get(`/api/v1/inbox/${unparsed.messageId}`)).json()).toMatchObject({ canApprove: false, jobKey: null });
  });

  it('answers 404 for an id not in the Inbox and 400 for an id that is not a number', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await createJobFor(db(), ok.result);
    const linked = await ingestFixture(api, 'gcFailed');
    expect((await operator.get('/api/v1/inbox/9999')).statusCode).toBe(404);
    expect((await operator.get(`/api/v1/inbox/${linked.messageId}`)).statusCode).toBe(404);
    const bad = await operator.get('/api/v1/inbox/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.problems[0].path).toBe('params.id');
    expect((await operator.delete('/api/v1/inbox/abc')).statusCode).toBe(400);
  });

  it('soft-deletes a message: it leaves the Inbox, appears under Deleted mails with who deleted it, and is audited', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const response = await operator.delete(`/api/v1/inbox/${ok.messageId}`);
    expect(response.statusCode).toBe(204);
    expect((await operator.get('/api/v1/inbox')).json().total).toBe(0);
    expect((await operator.get(`/api/v1/inbox/${ok.messageId}`)).statusCode).toBe(404);
    expect((await operator.delete(`/api/v1/inbox/${ok.messageId}`)).statusCode).toBe(404);
    const deleted = (await admin.get('/api/v1/inbox/deleted')).json();
    expect(deleted).toMatchObject({ total: 1, items: [{ id: ok.messageId, deletedAt: expect.any(String), deletedBy: expect.stringMatching(/^user\d+$/), jobName: 'store1' }] });
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'inbox.delete').execute();
    expect(audit).toEqual([expect.objectContaining({ entity_type: 'message', entity_id: String(ok.messageId), user_id: operator.userId })]);
  });

  it('lets an Admin restore a deleted mail to the Inbox', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await operator.delete(`/api/v1/inbox/${ok.messageId}`);
    expect((await admin.post(`/api/v1/inbox/deleted/${ok.messageId}/restore`)).statusCode).toBe(204);
    expect((await operator.get('/api/v1/inbox')).json().items.map((i: { id: number }) => i.id)).toEqual([ok.messageId]);
    expect((await admin.get('/api/v1/inbox/deleted')).json().total).toBe(0);
    expect((await admin.post(`/api/v1/inbox/deleted/${ok.messageId}/restore`)).statusCode).toBe(404);
  });

  it('restores a deleted mail whose key got a job meanwhile as a run of that job, not into the Inbox', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await operator.delete(`/api/v1/inbox/${ok.messageId}`);
    const jobId = await createJobFor(db(), ok.result);
    expect((await admin.post(`/api/v1/inbox/deleted/${ok.messageId}/restore`)).statusCode).toBe(204);
    expect((await operator.get('/api/v1/inbox')).json().total).toBe(0);
    const run = await db().selectFrom('runs').selectAll().where('message_id', '=', ok.messageId).executeTakeFirstOrThrow();
    expect(run.job_id).toBe(jobId);
  });

  it('lets an Admin purge a deleted mail: the message and its raw mail are gone for good', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const kept = await ingestFixture(api, 'pruneOk');
    expect((await admin.delete(`/api/v1/inbox/deleted/${ok.messageId}`)).statusCode).toBe(404);
    await operator.delete(`/api/v1/inbox/${ok.messageId}`);
    expect((await admin.delete(`/api/v1/inbox/deleted/${ok.messageId}`)).statusCode).toBe(204);
    expect(await db().selectFrom('messages').select('id').execute()).toEqual([{ id: kept.messageId }]);
    expect(await db().selectFrom('message_raw').select('message_id').execute()).toEqual([{ message_id: kept.messageId }]);
    expect(await db().selectFrom('audit_events').select('action').where('entity_id', '=', String(ok.messageId)).orderBy('id').execute()).toEqual([
      { action: 'inbox.delete' },
      { action: 'inbox.purge' },
    ]);
  });

  it('does not let an Operator see, restore or purge Deleted mails (403)', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    await operator.delete(`/api/v1/inbox/${ok.messageId}`);
    expect((await operator.get('/api/v1/inbox/deleted')).statusCode).toBe(403);
    expect((await operator.post(`/api/v1/inbox/deleted/${ok.messageId}/restore`)).statusCode).toBe(403);
    expect((await operator.delete(`/api/v1/inbox/deleted/${ok.messageId}`)).statusCode).toBe(403);
    expect((await countStats(db())).messages).toBe(1);
  });

  it('lets a Viewer list and read the Inbox (200) but not approve, delete or re-parse (403)', async () => {
    const viewer = await signIn(api, 'viewer');
    const ok = await ingestFixture(api, 'gcOk');
    expect((await viewer.get('/api/v1/inbox')).statusCode).toBe(200);
    expect((await viewer.get(`/api/v1/inbox/${ok.messageId}`)).statusCode).toBe(200);
    expect((await viewer.post(`/api/v1/inbox/${ok.messageId}/approve`, { customerId: await createCustomer(db()) })).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/inbox/approve', { messageIds: [ok.messageId], customerId: 1 })).statusCode).toBe(403);
    expect((await viewer.delete(`/api/v1/inbox/${ok.messageId}`)).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/inbox/reparse', {})).statusCode).toBe(403);
    expect((await countStats(db())).inbox).toBe(1);
  });

  it('refuses a Reporter (403) and an anonymous caller (401)', async () => {
    const reporter = await signIn(api, 'reporter');
    expect((await reporter.get('/api/v1/inbox')).statusCode).toBe(403);
    expect((await anonymous(api).get('/api/v1/inbox')).statusCode).toBe(401);
    expect((await anonymous(api).post('/api/v1/inbox/approve', { nonsense: true })).statusCode).toBe(401);
  });
});
