import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { withOverrides } from '../../src/services/override-apply.service.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { createCustomer, createJobFor } from '../support/factories.js';

let jobs = 0;
async function job(db: Db, customerId: number): Promise<number> {
  const n = ++jobs;
  return createJobFor(db, { sender: `m${n}@example.com`, host: `h${n}`, software: 'Veeam', type: 'Backup Job', jobName: `job ${n}` }, { customerId });
}

/** A failed run whose status came from its objects ([name, status, message]), stored as ingest stores it: overrides applied. */
async function failedRun(db: Db, jobId: number, objects: [string, string, string | null][], at = new Date().toISOString()): Promise<number> {
  const run = { job_id: jobId, message_id: null, kind: 'mail', status: 'failed', original_status: 'failed', overridden: 0, informational: 0, started_at: at, ended_at: null, received_at: at, reviewed_at: null, reviewed_by_user_id: null, created_at: at };
  const stored = await withOverrides(db, run, null, objects.map(([name, status, message]) => ({ name, type: 'VM', status: status as 'failed', message })), new Date());
  return insertRun(db, stored.run, stored.objects);
}

describe('Mark as success with an override for future runs (API, SQLite)', () => {
  let api: TestApi;
  let db: Db;
  let admin: Client;
  let operator: Client;
  let viewer: Client;
  let customer: number;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    db = api.database.db;
    admin = await signIn(api, 'admin');
    operator = await signIn(api, 'operator');
    viewer = await signIn(api, 'viewer');
    customer = await createCustomer(db, 'Acme');
  });
  afterAll(async () => api.close());

  const runRow = (id: number) => db.selectFrom('runs').select(['status', 'original_status', 'overridden', 'override_id', 'reviewed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const overrideCount = async () => Number((await db.selectFrom('overrides').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('proposes one narrow object rule per failing object, from the run’s own texts', async () => {
    const jobId = await job(db, customer);
    const id = await failedRun(db, jobId, [['vm-a', 'success', null], ['vm-b', 'failed', 'Disk full on datastore1'], ['vm-c', 'warning', 'Snapshot older than 3 days']]);
    const response = await operator.get(`/api/v1/runs/${id}/override-proposal`);
    expect(response.statusCode).toBe(200);
    expect(response.json().proposals).toEqual([
      { scope: 'object', jobId, objectName: 'vm-b', statuses: ['failed'], match: { type: 'contains', text: 'Disk full on datastore1' }, validFrom: null, validUntil: null, comment: null, needsConfirmation: false },
      { scope: 'object', jobId, objectName: 'vm-c', statuses: ['warning'], match: { type: 'contains', text: 'Snapshot older than 3 days' }, validFrom: null, validUntil: null, comment: null, needsConfirmation: false },
    ]);
    expect((await viewer.get(`/api/v1/runs/${id}/override-proposal`)).statusCode).toBe(403);
    expect((await operator.get('/api/v1/runs/999999/override-proposal')).statusCode).toBe(404);
  });

  it('createOverride without rules stores the proposal with the marking, and it overrides the next identical failure but not a different one', async () => {
    const jobId = await job(db, customer);
    const first = await failedRun(db, jobId, [['vm-b', 'failed', 'Disk full on datastore1']]);
    const response = await operator.post(`/api/v1/runs/${first}/mark-success`, { createOverride: true });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: first, status: 'success', originalStatus: 'failed', overridden: true, reviewedAt: null });
    expect(body.createdOverrides).toHaveLength(1);
    expect(body.createdOverrides[0]).toMatchObject({ scope: 'object', jobId, objectName: 'vm-b', statuses: ['failed'], match: { type: 'contains', text: 'Disk full on datastore1' } });

    const same = await failedRun(db, jobId, [['VM-B', 'failed', 'Job failed: disk full on datastore1 (error 28)']]);
    const other = await failedRun(db, jobId, [['vm-b', 'failed', 'Network path not found']]);
    expect(await runRow(same)).toMatchObject({ status: 'success', original_status: 'failed', overridden: 1, override_id: body.createdOverrides[0].id });
    expect(await runRow(other)).toMatchObject({ status: 'failed', overridden: 0, override_id: null });

    const audit = (await admin.get(`/api/v1/audit?action=override.create&entityId=${body.createdOverrides[0].id}`)).json();
    expect(audit.items[0]).toMatchObject({ userId: operator.userId, details: { fromRunId: first } });
    expect((await admin.get(`/api/v1/audit?action=run.mark-success&entityId=${first}`)).json().total).toBe(1);
  });

  it('re-applies the new rule to the job’s other unreviewed runs at once', async () => {
    const jobId = await job(db, customer);
    const older = await failedRun(db, jobId, [['db01', 'failed', 'VSS writer timed out']], '2026-01-01T22:00:00.000Z');
    const marked = await failedRun(db, jobId, [['db01', 'failed', 'VSS writer timed out']], '2026-01-02T22:00:00.000Z');
    await operator.post(`/api/v1/runs/${marked}/mark-success`, { createOverride: true });
    expect(await runRow(older)).toMatchObject({ status: 'success', overridden: 1, reviewed_at: null });
  });

  it('takes the rules from the request (one or a list), edited by the operator', async () => {
    const jobId = await job(db, customer);
    const id = await failedRun(db, jobId, [['fs01', 'failed', 'Access denied: \\\\fs01\\share']]);
    const rule = { scope: 'job', jobId, statuses: ['failed'], match: { type: 'startsWith', text: 'Access denied' }, comment: 'known ACL issue, ticket 4711' };
    const response = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: rule });
    expect(response.statusCode).toBe(200);
    expect(response.json().createdOverrides).toEqual([expect.objectContaining({ scope: 'job', match: { type: 'startsWith', text: 'Access denied' }, comment: 'known ACL issue, ticket 4711' })]);
    const id2 = await failedRun(db, jobId, [['fs02', 'failed', 'x']]);
    const list = await operator.post(`/api/v1/runs/${id2}/mark-success`, { createOverride: true, override: [rule, { ...rule, match: { type: 'exact', text: 'x' } }] });
    expect(list.json().createdOverrides).toHaveLength(2);
  });

  it('refuses a broad rule without confirmation and a bad rule with its path, marking nothing', async () => {
    const jobId = await job(db, customer);
    const id = await failedRun(db, jobId, [['vm', 'failed', 'boom']]);
    const before = await overrideCount();
    const global = { scope: 'global', statuses: ['failed'], match: { type: 'contains', text: 'boom' } };
    const broad = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: global });
    expect(broad.statusCode).toBe(409);
    expect(broad.json().error.code).toBe('confirmation_required');
    const bad = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: [{ ...global, confirm: true }, { scope: 'job', jobId, statuses: ['failed'], match: { type: 'glob', text: '*' } }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.problems.map((p: { path: string }) => p.path)).toContain('$.override[1].match.type');
    const slow = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: { scope: 'job', jobId: 999999, statuses: ['failed'], match: { type: 'contains', text: 'boom' } } });
    expect(slow.statusCode).toBe(400);
    expect(slow.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual(['$.override.jobId']);
    // In a list, the path names the rule; and 400 comes before 404 (no such run) before 409 (confirm).
    const second = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: [{ ...global, confirm: true }, { scope: 'job', jobId: 999999, statuses: ['failed'], match: { type: 'contains', text: 'boom' } }] });
    expect(second.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual(['$.override[1].jobId']);
    expect((await operator.post('/api/v1/runs/999999/mark-success', { createOverride: true, override: global })).statusCode).toBe(404);
    const unknownField = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: { scope: 'job', jobId, statuses: ['failed'], match: { type: 'contains', text: 'boom' }, enabled: false } });
    expect(unknownField.statusCode).toBe(400);
    expect(await overrideCount()).toBe(before);
    expect(await runRow(id)).toMatchObject({ status: 'failed', overridden: 0 });

    const confirmed = await operator.post(`/api/v1/runs/${id}/mark-success`, { createOverride: true, override: global, confirm: true });
    expect(confirmed.statusCode).toBe(200);
    expect(await overrideCount()).toBe(before + 1);
    await admin.request('DELETE', `/api/v1/overrides/${confirmed.json().createdOverrides[0].id}`);
  });

  it('refuses an override for a run with nothing to override, and override without createOverride', async () => {
    const jobId = await job(db, customer);
    const id = await failedRun(db, jobId, [['vm', 'failed', 'boom']]);
    await operator.post(`/api/v1/runs/${id}/mark-success`, {});
    // Already success: the proposal comes from the original status, so it is still offered.
    expect((await operator.get(`/api/v1/runs/${id}/override-proposal`)).json().proposals).toHaveLength(1);
    const missedSlot = '2026-02-01T22:00:00.000Z';
    const { insertMissedRun } = await import('../../src/repositories/run.repository.js');
    await insertMissedRun(db, jobId, missedSlot, missedSlot);
    const missed = await db.selectFrom('runs').select('id').where('job_id', '=', jobId).where('kind', '=', 'missed').executeTakeFirstOrThrow();
    expect((await operator.get(`/api/v1/runs/${missed.id}/override-proposal`)).json()).toEqual({ proposals: [] });
    const refused = await operator.post(`/api/v1/runs/${missed.id}/mark-success`, { createOverride: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.problems[0].path).toBe('$.createOverride');
    expect((await operator.post(`/api/v1/runs/${id}/mark-success`, { override: { scope: 'job' } })).statusCode).toBe(400);
  });
});
