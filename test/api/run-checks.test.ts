import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { insertMissedRun, insertRun } from '../../src/repositories/run.repository.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';

let jobs = 0;
async function job(db: Db, customerId: number, jobName: string, archived = false): Promise<number> {
  const n = ++jobs;
  return createJobFor(db, { sender: `b${n}@example.com`, host: `h${n}`, software: 'Veeam', type: 'Backup Job', jobName }, { customerId, archived });
}

async function run(db: Db, jobId: number, status: string, receivedAt: string, extra: { overridden?: boolean; reviewedBy?: number; objects?: string[] } = {}): Promise<number> {
  return insertRun(
    db,
    {
      job_id: jobId, message_id: null, kind: 'mail', status: extra.overridden ? 'success' : status, original_status: status, overridden: extra.overridden ? 1 : 0,
      informational: 0, started_at: receivedAt, ended_at: null, received_at: receivedAt, reviewed_at: extra.reviewedBy ? receivedAt : null,
      reviewed_by_user_id: extra.reviewedBy ?? null, created_at: receivedAt,
    },
    (extra.objects ?? []).map((s, i) => ({ name: `vm${i}`, type: 'VM', status: s as 'success', message: s === 'success' ? null : `${s} text` })),
  );
}

async function missed(db: Db, jobId: number, slot: string, resolvedBy?: number): Promise<number> {
  await insertMissedRun(db, jobId, slot, slot);
  const row = await db.selectFrom('runs').select('id').where('job_id', '=', jobId).where('missed_slot', '=', slot).executeTakeFirstOrThrow();
  if (resolvedBy) await db.updateTable('runs').set({ resolved_by_run_id: resolvedBy }).where('id', '=', row.id).execute();
  return row.id;
}

const day = (d: number, h = 23) => `2026-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

for (const dialect of dialects) {
  describe(`Run Checks API on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let admin: Client;
    let operator: Client;
    const ids = {} as Record<'green' | 'failing' | 'nightly' | 'missing' | 'warn' | 'resolved' | 'archived' | 'inactive' | 'reviewed', number>;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      const acme = await createCustomer(db, 'Acme');
      const beta = await createCustomer(db, 'Beta');
      const gone = await createCustomer(db, 'Gone', false);
      ids.green = await job(db, acme, 'Green');
      await run(db, ids.green, 'success', day(1));
      await run(db, ids.green, 'failed', day(2), { overridden: true });
      ids.failing = await job(db, beta, 'Failing');
      await run(db, ids.failing, 'success', day(1));
      await run(db, ids.failing, 'failed', day(2), { objects: ['success', 'failed'] });
      ids.nightly = await job(db, acme, 'nightly');
      for (const d of [1, 2, 3]) await run(db, ids.nightly, 'failed', day(d));
      ids.missing = await job(db, acme, 'Missing');
      await missed(db, ids.missing, day(1, 22));
      await run(db, ids.missing, 'warning', day(2));
      ids.warn = await job(db, acme, 'Warn');
      await run(db, ids.warn, 'unknown', day(1));
      await run(db, ids.warn, 'success', day(2), { reviewedBy: admin.userId });
      ids.resolved = await job(db, acme, 'Resolved');
      const late = await run(db, ids.resolved, 'success', day(3), { reviewedBy: admin.userId });
      await missed(db, ids.resolved, day(2, 22), late);
      ids.archived = await job(db, acme, 'Archived', true);
      await run(db, ids.archived, 'failed', day(1));
      ids.inactive = await job(db, gone, 'Inactive');
      await run(db, ids.inactive, 'failed', day(1));
      ids.reviewed = await job(db, beta, 'All reviewed');
      await run(db, ids.reviewed, 'failed', day(1), { reviewedBy: admin.userId });
    });
    afterAll(async () => api.close());

    it('lists jobs with runs to review, worst first, then most unreviewed, customer, job name, with counts', async () => {
      const before = Date.now();
      const response = await operator.get('/api/v1/run-checks');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Date.parse(body.seenAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
      expect(body.items.map((i: { jobName: string }) => i.jobName)).toEqual(['nightly', 'Failing', 'Missing', 'Warn', 'Green']);
      expect(body.items[1]).toEqual({
        jobId: ids.failing, customerId: expect.any(Number), customerName: 'Beta', backupSoftware: 'Veeam', backupType: 'Backup Job', jobName: 'Failing',
        counts: { success: 1, warning: 0, failed: 1, missed: 0, unknown: 0, overridden: 0 }, unreviewed: 2, worstStatus: 'failed', lastReceivedAt: day(2),
        tickets: [], remarks: [],
      });
      expect(body.items[0]).toMatchObject({ unreviewed: 3, worstStatus: 'failed' });
      expect(body.items[2]).toMatchObject({ counts: { missed: 1, warning: 1, success: 0 }, worstStatus: 'missed' });
      expect(body.items[3]).toMatchObject({ counts: { unknown: 1, success: 0 }, unreviewed: 1, worstStatus: 'unknown' });
      expect(body.items[4]).toMatchObject({ counts: { success: 1, overridden: 1, failed: 0 }, unreviewed: 2, worstStatus: 'success' });
      const page2 = (await operator.get('/api/v1/run-checks?page=2&pageSize=2')).json();
      expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(page2.items.map((i: { jobName: string }) => i.jobName)).toEqual(['Missing', 'Warn']);
      expect((await operator.get('/api/v1/run-checks?page=9')).json()).toMatchObject({ items: [], total: 5 });
    });

    it('includeReviewed is for Admins: 403 for an Operator; Admins see reviewed runs in the counts', async () => {
      expect((await operator.get('/api/v1/run-checks?includeReviewed=true')).statusCode).toBe(403);
      expect((await operator.get(`/api/v1/run-checks/${ids.warn}?includeReviewed=true`)).statusCode).toBe(403);
      expect((await operator.get('/api/v1/run-checks?includeReviewed=false')).statusCode).toBe(200);
      expect((await admin.get('/api/v1/run-checks?includeReviewed=yes')).statusCode).toBe(400);
      const body = (await admin.get('/api/v1/run-checks?includeReviewed=true')).json();
      const names = body.items.map((i: { jobName: string }) => i.jobName);
      expect(names).toContain('All reviewed');
      expect(names).not.toContain('Archived');
      expect(names).not.toContain('Inactive');
      expect(body.items.find((i: { jobName: string }) => i.jobName === 'Warn')).toMatchObject({ unreviewed: 1, counts: { unknown: 1, success: 1 } });
      const detail = (await admin.get(`/api/v1/run-checks/${ids.warn}?includeReviewed=true`)).json();
      expect(detail.items.map((r: { reviewedBy: string | null }) => r.reviewedBy)).toEqual([expect.any(String), null]);
    });

    it("shows a job's runs to review newest first, with objects and the mail's messageId", async () => {
      const body = (await operator.get(`/api/v1/run-checks/${ids.failing}`)).json();
      expect(body).toMatchObject({ total: 2, job: { jobId: ids.failing, customerName: 'Beta', jobName: 'Failing', archived: false }, seenAt: expect.any(String) });
      expect(body.items.map((r: { status: string }) => r.status)).toEqual(['failed', 'success']);
      expect(body.items[0]).toMatchObject({ messageId: null, reviewedAt: null, objectCounts: { success: 1, failed: 1, total: 2 }, trace: [] });
      expect(body.items[0].objects).toEqual([
        { name: 'vm0', type: 'VM', status: 'success', message: null, overridden: false, overrideRule: null },
        { name: 'vm1', type: 'VM', status: 'failed', message: 'failed text', overridden: false, overrideRule: null },
      ]);
      expect(body.items[0]).not.toHaveProperty('reviewedBy');
      expect((await operator.get(`/api/v1/run-checks/${ids.resolved}`)).json()).toMatchObject({ items: [], total: 0 });
      expect((await operator.get('/api/v1/run-checks/999999')).statusCode).toBe(404);
    });

    it('Mark as success keeps the original status, sets overridden, does not review, and is audited', async () => {
      const [failed] = await db.selectFrom('runs').select('id').where('job_id', '=', ids.failing).where('status', '=', 'failed').execute();
      expect((await operator.post(`/api/v1/runs/${failed!.id}/mark-success`, { override: { scope: 'job' } })).statusCode).toBe(400);
      expect((await operator.post('/api/v1/runs/999999/mark-success', {})).statusCode).toBe(404);
      const response = await operator.post(`/api/v1/runs/${failed!.id}/mark-success`, {});
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: failed!.id, status: 'success', originalStatus: 'failed', overridden: true, reviewedAt: null });
      const jobRow = await db.selectFrom('jobs').select(['last_run_status', 'last_run_id']).where('id', '=', ids.failing).executeTakeFirstOrThrow();
      expect(jobRow).toEqual({ last_run_status: 'success', last_run_id: failed!.id });
      const item = (await operator.get('/api/v1/run-checks')).json().items.find((i: { jobId: number }) => i.jobId === ids.failing);
      expect(item).toMatchObject({ unreviewed: 2, worstStatus: 'success', counts: { success: 1, overridden: 1, failed: 0 } });
      const audit = (await admin.get(`/api/v1/audit?action=run.mark-success&entityId=${failed!.id}`)).json();
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ entityType: 'run', details: { before: { status: 'failed', overridden: false }, after: { status: 'success', overridden: true } } });
      await operator.post(`/api/v1/runs/${failed!.id}/mark-success`);
      expect((await admin.get(`/api/v1/audit?action=run.mark-success&entityId=${failed!.id}`)).json().total).toBe(1);
    });

    it('reviews only the runs received up to seenUntil; a run that arrived after the page loaded stays unreviewed', async () => {
      const { seenAt } = (await operator.get(`/api/v1/run-checks/${ids.nightly}`)).json();
      const later = await run(db, ids.nightly, 'failed', new Date(Date.parse(seenAt) + 1).toISOString());
      expect((await operator.post('/api/v1/run-checks/review', { jobIds: [] })).statusCode).toBe(400);
      expect((await operator.post('/api/v1/run-checks/review', { jobIds: [ids.nightly], seenUntil: 'yesterday' })).statusCode).toBe(400);
      const response = await operator.post('/api/v1/run-checks/review', { jobIds: [ids.nightly, ids.nightly, 999999], seenUntil: seenAt });
      expect(response.json()).toEqual({ reviewed: 3 });
      const left = (await operator.get(`/api/v1/run-checks/${ids.nightly}`)).json();
      expect(left.items.map((r: { id: number }) => r.id)).toEqual([later]);
      const reviewed = await db.selectFrom('runs').select(['reviewed_at', 'reviewed_by_user_id']).where('job_id', '=', ids.nightly).where('id', '!=', later).execute();
      expect(reviewed.every((r) => r.reviewed_at !== null && r.reviewed_by_user_id === operator.userId)).toBe(true);
      const audit = (await admin.get(`/api/v1/audit?action=run.review&entityId=${ids.nightly}`)).json();
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ entityType: 'job', userId: operator.userId, details: { runIds: expect.any(Array), job: { jobName: 'nightly', customer: 'Acme' } } });
      expect(audit.items[0].details.runIds).toHaveLength(3);
    });

    it('review-green reviews only jobs whose runs to review are all success or overridden', async () => {
      const seenUntil = new Date().toISOString();
      expect((await operator.post('/api/v1/run-checks/review-green', {})).statusCode).toBe(400);
      const response = await operator.post('/api/v1/run-checks/review-green', { seenUntil });
      // Green (success + overridden) and Failing (its failed run was marked success); not Missing, Warn, nightly (a failed run left).
      expect(response.json()).toEqual({ jobs: 2, reviewed: 4 });
      const names = (await operator.get('/api/v1/run-checks')).json().items.map((i: { jobName: string }) => i.jobName);
      expect(names).toEqual(['nightly', 'Missing', 'Warn']);
      const archived = await db.selectFrom('runs').select('reviewed_at').where('job_id', '=', ids.archived).executeTakeFirstOrThrow();
      expect(archived.reviewed_at).toBeNull();
      expect((await admin.get('/api/v1/audit?action=run.review')).json().items[0].details).toMatchObject({ allGreen: true });
    });

    it('unreview is for Admins and puts a run back into Run Checks, audited', async () => {
      const row = await db.selectFrom('runs').select('id').where('job_id', '=', ids.reviewed).executeTakeFirstOrThrow();
      expect((await operator.post(`/api/v1/runs/${row.id}/unreview`)).statusCode).toBe(403);
      const response = await admin.post(`/api/v1/runs/${row.id}/unreview`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: row.id, reviewedAt: null, reviewedBy: null });
      const listed = (await operator.get('/api/v1/run-checks')).json().items;
      expect(listed.find((i: { jobId: number }) => i.jobId === ids.reviewed)).toMatchObject({ unreviewed: 1, worstStatus: 'failed' });
      const audit = (await admin.get(`/api/v1/audit?action=run.unreview&entityId=${row.id}`)).json();
      expect(audit.items[0]).toMatchObject({ entityType: 'run', details: { before: { reviewedBy: expect.any(String) } } });
      await admin.post(`/api/v1/runs/${row.id}/unreview`);
      expect((await admin.get(`/api/v1/audit?action=run.unreview&entityId=${row.id}`)).json().total).toBe(1);
      expect((await admin.post('/api/v1/runs/999999/unreview')).statusCode).toBe(404);
    });

    it('answers 403 to Viewers and Reporters on every Run Checks route', async () => {
      for (const role of ['viewer', 'reporter'] as const) {
        const client = await signIn(api, role);
        expect((await client.get('/api/v1/run-checks')).statusCode).toBe(403);
        expect((await client.get(`/api/v1/run-checks/${ids.warn}`)).statusCode).toBe(403);
        expect((await client.post('/api/v1/run-checks/review', { jobIds: [ids.warn] })).statusCode).toBe(403);
        expect((await client.post('/api/v1/run-checks/review-green', { seenUntil: new Date().toISOString() })).statusCode).toBe(403);
        expect((await client.post(`/api/v1/runs/${ids.warn}/mark-success`, {})).statusCode).toBe(403);
        expect((await client.post(`/api/v1/runs/${ids.warn}/unreview`)).statusCode).toBe(403);
      }
    });
  });
}
