import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countStats } from '../../src/repositories/stats.repository.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { ingestFixture } from './inbox-fixtures.js';

describe.each(dialects)('Inbox approval on %s', (dialect) => {
  let api: TestApi;
  let operator: Client;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    operator = await signIn(api, 'operator');
  });
  afterEach(async () => api.close());

  const db = () => api.database.db;
  const inboxIds = async () => (await operator.get('/api/v1/inbox')).json().items.map((i: { id: number }) => i.id);

  it('creates the job from the parse result, makes the message its first run and links the other Inbox mails of its key', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const failed = await ingestFixture(api, 'gcFailed');
    const other = await ingestFixture(api, 'omv');
    const customerId = await createCustomer(db(), 'Acme');

    const response = await operator.post(`/api/v1/inbox/${ok.messageId}/approve`, { customerId });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.job).toMatchObject({
      id: expect.any(Number), customerId, customerName: 'Acme', sender: 'root@pbs01.acme.example', host: 'pbs01.acme.example',
      backupSoftware: 'Proxmox Backup Server', backupType: 'Garbage Collection', jobName: 'store1', archived: false, aliases: [],
    });
    expect(body.job.createdBy).toMatch(/^user\d+$/);
    expect(body.linkedMessages).toBe(2);
    const runs = await db().selectFrom('runs').selectAll().orderBy('id').execute();
    expect(runs.map((r) => [r.job_id, r.message_id, r.status, r.reviewed_at])).toEqual([
      [body.job.id, ok.messageId, 'success', null],
      [body.job.id, failed.messageId, 'failed', null],
    ]);
    expect(body.runIds).toEqual(runs.map((r) => r.id));
    expect(await inboxIds()).toEqual([other.messageId]);
    const keys = await db().selectFrom('job_keys').selectAll().execute();
    expect(keys).toEqual([expect.objectContaining({ job_id: body.job.id, is_alias: 0, key: (await db().selectFrom('messages').select('job_key').where('id', '=', ok.messageId).executeTakeFirstOrThrow()).job_key })]);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'inbox.approve').execute();
    expect(audit).toEqual([expect.objectContaining({ entity_type: 'job', entity_id: String(body.job.id), actor_type: 'user', user_id: operator.userId })]);
  });

  it('links a later mail of the approved job as a run without it entering the Inbox', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const { job } = (await operator.post(`/api/v1/inbox/${ok.messageId}/approve`, { customerId: await createCustomer(db()) })).json();
    const later = await ingestFixture(api, 'gcFailed');
    expect(later.jobId).toBe(job.id);
    expect(later.runId).not.toBeNull();
    expect(await inboxIds()).toEqual([]);
  });

  it('refuses a key that already belongs to a job with 409 job_key_taken and writes nothing', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const jobId = await createJobFor(db(), ok.result);
    const before = await countStats(db());

    const response = await operator.post(`/api/v1/inbox/${ok.messageId}/approve`, { customerId: await createCustomer(db()) });

    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'job_key_taken', details: { jobId } });
    expect(await countStats(db())).toEqual({ ...before, customers: before.customers + 1 });
    expect(await inboxIds()).toEqual([ok.messageId]);
  });

  it('refuses a device key when a job for any host of the same report already exists', async () => {
    const ok = await ingestFixture(api, 'gcOk');
    const jobId = await createJobFor(db(), ok.result, { anyHost: true });
    const response = await operator.post(`/api/v1/inbox/${ok.messageId}/approve`, { customerId: await createCustomer(db()) });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details.jobId).toBe(jobId);
  });

  it('bulk-approves one new job per distinct key and links every Inbox mail of those keys', async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const gcFailed = await ingestFixture(api, 'gcFailed');
    const pruneOk = await ingestFixture(api, 'pruneOk');
    await ingestFixture(api, 'pruneFailed');
    const other = await ingestFixture(api, 'omv');

    const response = await operator.post('/api/v1/inbox/approve', { messageIds: [gcOk.messageId, gcFailed.messageId, pruneOk.messageId], customerId: await createCustomer(db()) });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.jobs.map((j: { jobName: string }) => j.jobName)).toEqual(['store1', 'daily-prune']);
    expect(body.linkedMessages).toBe(4);
    expect(await inboxIds()).toEqual([other.messageId]);
    expect((await countStats(db())).runs).toBe(4);
  });

  it('bulk approval is all or nothing: one taken key refuses the whole request and lists the key', async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const pruneOk = await ingestFixture(api, 'pruneOk');
    const pruneJob = await createJobFor(db(), pruneOk.result);

    const response = await operator.post('/api/v1/inbox/approve', { messageIds: [gcOk.messageId, pruneOk.messageId], customerId: await createCustomer(db()) });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('job_key_taken');
    expect(response.json().error.details.taken).toEqual([{ key: expect.stringContaining('daily-prune'), jobId: pruneJob }]);
    expect(await countStats(db())).toMatchObject({ jobs: 1, runs: 0, inbox: 2 });
    expect(await db().selectFrom('audit_events').selectAll().where('action', '=', 'inbox.approve').execute()).toEqual([]);
  });

  it('bulk approval answers 404 naming the ids that are not in the Inbox', async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const response = await operator.post('/api/v1/inbox/approve', { messageIds: [gcOk.messageId, 9999], customerId: await createCustomer(db()) });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('9999');
    expect((await countStats(db())).jobs).toBe(0);
  });

  it('approves a renamed job as a continuation: the key becomes an alias and later mails with it join the old job', async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const { job } = (await operator.post(`/api/v1/inbox/${gcOk.messageId}/approve`, { customerId: await createCustomer(db()) })).json();
    const renamed = await ingestFixture(api, 'pruneOk');

    const response = await operator.post(`/api/v1/inbox/${renamed.messageId}/approve`, { continuationOfJobId: job.id });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ job: { id: job.id, jobName: 'store1' }, linkedMessages: 1 });
    expect(response.json().job.aliases).toEqual([expect.stringContaining('daily-prune')]);
    const alias = await db().selectFrom('job_keys').selectAll().where('is_alias', '=', 1).executeTakeFirstOrThrow();
    expect(alias.job_id).toBe(job.id);
    const later = await ingestFixture(api, 'pruneFailed');
    expect(later.jobId).toBe(job.id);
    const audit = await db().selectFrom('audit_events').select('action').where('entity_id', '=', String(job.id)).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['inbox.approve', 'inbox.approve-continuation']);
  });

  it('links mails approved as a continuation of an archived job as runs already reviewed by the system', async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const archived = await createJobFor(db(), gcOk.result, { archived: true });
    const renamed = await ingestFixture(api, 'pruneOk');
    const response = await operator.post(`/api/v1/inbox/${renamed.messageId}/approve`, { continuationOfJobId: archived });
    expect(response.statusCode).toBe(200);
    const run = await db().selectFrom('runs').selectAll().where('message_id', '=', renamed.messageId).executeTakeFirstOrThrow();
    expect(run.reviewed_at).not.toBeNull();
    expect(run.reviewed_by_user_id).toBeNull();
  });

  it("approves for an inactive customer, linking the new job's runs quietly", async () => {
    const gcOk = await ingestFixture(api, 'gcOk');
    const response = await operator.post(`/api/v1/inbox/${gcOk.messageId}/approve`, { customerId: await createCustomer(db(), 'Former Ltd', false) });
    expect(response.statusCode).toBe(201);
    const run = await db().selectFrom('runs').selectAll().executeTakeFirstOrThrow();
    expect(run.reviewed_at).not.toBeNull();
  });

  it('refuses an unparsed mail (400), an unknown customer or job (404), and a body naming both or neither target (400)', async () => {
    const unparsed = await ingestFixture(api, 'unparsed');
    const gcOk = await ingestFixture(api, 'gcOk');
    const customerId = await createCustomer(db());
    const url = `/api/v1/inbox/${gcOk.messageId}/approve`;

    expect((await operator.post(`/api/v1/inbox/${unparsed.messageId}/approve`, { customerId })).statusCode).toBe(400);
    expect((await operator.post(url, { customerId: 9999 })).statusCode).toBe(404);
    expect((await operator.post(url, { continuationOfJobId: 9999 })).statusCode).toBe(404);
    expect((await operator.post('/api/v1/inbox/9999/approve', { customerId })).statusCode).toBe(404);
    const neither = await operator.post(url, {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.details.problems[0].path).toBe('$');
    expect((await operator.post(url, { customerId, continuationOfJobId: 1 })).statusCode).toBe(400);
    expect((await countStats(db())).jobs).toBe(0);
  });
});
