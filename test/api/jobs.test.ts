import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import * as backfill from '../../src/db/migrations/20261204_0005_job_last_run_backfill.js';
import { ingestMessage } from '../../src/ingest/pipeline.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { anonymous, signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { buildMail } from '../support/mail.js';

interface RunInput {
  status?: 'success' | 'warning' | 'failed' | 'unknown';
  startedAt?: string | null;
  receivedAt: string;
  objects?: ('success' | 'warning' | 'failed' | 'unknown')[];
  reviewedBy?: number;
}

function addRun(db: Db, jobId: number, run: RunInput): Promise<number> {
  const status = run.status ?? 'success';
  return insertRun(
    db,
    {
      job_id: jobId, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0,
      started_at: run.startedAt ?? null, ended_at: null, received_at: run.receivedAt,
      reviewed_at: run.reviewedBy ? run.receivedAt : null, reviewed_by_user_id: run.reviewedBy ?? null, created_at: run.receivedAt,
    },
    (run.objects ?? []).map((s, i) => ({ name: `object ${i}`, type: 'VM', status: s, message: null })),
  );
}

const names = (body: { items: { jobName: string }[] }) => body.items.map((j) => j.jobName);

for (const dialect of dialects) {
  describe(`jobs API on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let admin: Client;
    let operator: Client;
    let viewer: Client;
    const ids = {} as { daily: number; sql: number; files: number; old: number; retired: number };
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      viewer = await signIn(api, 'viewer');
      const acme = await createCustomer(db, 'Acme');
      const beta = await createCustomer(db, 'Beta Corp');
      const gone = await createCustomer(db, 'Gone Ltd', false);
      const veeam = { sender: 'veeam@acme.example', host: 'vbr01.acme.example', software: 'Veeam Backup & Replication', type: 'Backup Job' };
      ids.daily = await createJobFor(db, { ...veeam, jobName: 'Daily VMs' }, { customerId: acme });
      ids.sql = await createJobFor(db, { sender: 'cron@db.acme.example', host: 'db01', software: 'Generic', type: 'Script', jobName: 'SQL dump' }, { customerId: acme });
      ids.files = await createJobFor(db, { sender: 'nas@beta.example', host: 'nas', software: 'Synology', type: 'Hyper Backup', jobName: 'files' }, { customerId: beta });
      ids.old = await createJobFor(db, { ...veeam, jobName: 'Old' }, { customerId: gone });
      ids.retired = await createJobFor(db, { ...veeam, jobName: 'Retired' }, { customerId: acme, archived: true });
      await addRun(db, ids.daily, { status: 'success', startedAt: '2026-12-01T22:00:00.000Z', receivedAt: '2026-12-01T23:00:00.000Z' });
      await addRun(db, ids.daily, { status: 'failed', startedAt: '2026-12-02T22:00:00.000Z', receivedAt: '2026-12-02T23:00:00.000Z' });
      await addRun(db, ids.sql, { status: 'success', startedAt: '2026-12-02T01:00:00.000Z', receivedAt: '2026-12-02T01:05:00.000Z' });
    });
    afterAll(async () => api.close());

    it('lists only active jobs of active customers, by customer name then job name, with the last run', async () => {
      const list = (await viewer.get('/api/v1/jobs')).json();
      expect(list).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      expect(names(list)).toEqual(['Daily VMs', 'SQL dump', 'files']);
      const daily = list.items[0];
      expect(daily).toMatchObject({ id: ids.daily, customerName: 'Acme', backupSoftware: 'Veeam Backup & Replication', archived: false, archivedAt: null, aliases: [], schedule: null });
      expect(daily.lastRun).toEqual({ id: expect.any(Number), status: 'failed', startedAt: '2026-12-02T22:00:00.000Z', receivedAt: '2026-12-02T23:00:00.000Z' });
      expect(list.items[2].lastRun).toBeNull();
    });

    it('searches customer, job name, software, type, sender and host, any case, wildcards literally', async () => {
      expect(names((await viewer.get('/api/v1/jobs?q=BETA')).json())).toEqual(['files']);
      expect(names((await viewer.get('/api/v1/jobs?q=replication')).json())).toEqual(['Daily VMs']);
      expect(names((await viewer.get('/api/v1/jobs?q=hyper')).json())).toEqual(['files']);
      expect(names((await viewer.get('/api/v1/jobs?q=cron@')).json())).toEqual(['SQL dump']);
      expect(names((await viewer.get('/api/v1/jobs?q=vbr01')).json())).toEqual(['Daily VMs']);
      expect((await viewer.get('/api/v1/jobs?q=_')).json().total).toBe(0);
    });

    it('filters by software, by type, by the last run status (none: never ran) and by customer', async () => {
      expect(names((await viewer.get('/api/v1/jobs?software=Synology')).json())).toEqual(['files']);
      expect(names((await viewer.get('/api/v1/jobs?type=Script')).json())).toEqual(['SQL dump']);
      expect(names((await viewer.get('/api/v1/jobs?status=failed')).json())).toEqual(['Daily VMs']);
      expect(names((await viewer.get('/api/v1/jobs?status=success')).json())).toEqual(['SQL dump']);
      expect(names((await viewer.get('/api/v1/jobs?status=none')).json())).toEqual(['files']);
      const acme = (await viewer.get('/api/v1/jobs')).json().items[0].customerId;
      expect(names((await viewer.get(`/api/v1/jobs?customerId=${acme}`)).json())).toEqual(['Daily VMs', 'SQL dump']);
      const bad = await viewer.get('/api/v1/jobs?status=great&sort=colour');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(['query.sort', 'query.status']);
    });

    it('sorts by job name, software, type and last run in both directions, never-run jobs last', async () => {
      expect(names((await viewer.get('/api/v1/jobs?sort=jobName')).json())).toEqual(['Daily VMs', 'files', 'SQL dump']);
      expect(names((await viewer.get('/api/v1/jobs?sort=jobName&order=desc')).json())).toEqual(['SQL dump', 'files', 'Daily VMs']);
      expect(names((await viewer.get('/api/v1/jobs?sort=software')).json())).toEqual(['SQL dump', 'files', 'Daily VMs']);
      expect(names((await viewer.get('/api/v1/jobs?sort=type&order=desc')).json())).toEqual(['SQL dump', 'files', 'Daily VMs']);
      expect(names((await viewer.get('/api/v1/jobs?sort=lastRun&order=desc')).json())).toEqual(['Daily VMs', 'SQL dump', 'files']);
      expect(names((await viewer.get('/api/v1/jobs?sort=lastRun')).json())).toEqual(['SQL dump', 'Daily VMs', 'files']);
      expect(names((await viewer.get('/api/v1/jobs?pageSize=1&page=3')).json())).toEqual(['files']);
    });

    it('keeps the last run when a late mail about an older backup arrives, and moves it for a newer one', async () => {
      const jobId = await createJobFor(db, { sender: 'x@late.example', host: null, software: 'Late', type: 'Backup', jobName: 'Late job' });
      const newest = await addRun(db, jobId, { status: 'warning', startedAt: '2026-12-03T10:00:00.000Z', receivedAt: '2026-12-03T10:05:00.000Z' });
      await addRun(db, jobId, { status: 'failed', startedAt: '2026-12-01T10:00:00.000Z', receivedAt: '2026-12-03T11:00:00.000Z' });
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().lastRun).toMatchObject({ id: newest, status: 'warning' });
      // Same time as the last run: the later run (higher id) is the newer one, as in the history order.
      const tie = await addRun(db, jobId, { status: 'success', startedAt: '2026-12-03T10:00:00.000Z', receivedAt: '2026-12-03T12:00:00.000Z' });
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().lastRun).toMatchObject({ id: tie, status: 'success' });
    });

    it('answers distinct software and types of the listed jobs for the filters', async () => {
      const facets = (await viewer.get('/api/v1/jobs/facets')).json();
      expect(facets.software).toEqual(expect.arrayContaining(['Generic', 'Synology', 'Veeam Backup & Replication']));
      expect(facets.types).toEqual(expect.arrayContaining(['Backup Job', 'Hyper Backup', 'Script']));
      expect(new Set(facets.software).size).toBe(facets.software.length);
    });

    it('shows one job with customer, aliases, creator and last run; 404 for an unknown job, 400 for a bad id', async () => {
      await db.insertInto('job_keys').values({ key: '["a","","b","c","old name"]', job_id: ids.sql, is_alias: 1, created_at: new Date().toISOString() }).execute();
      const job = (await viewer.get(`/api/v1/jobs/${ids.sql}`)).json();
      expect(job).toMatchObject({ id: ids.sql, customerName: 'Acme', jobName: 'SQL dump', host: 'db01', sender: 'cron@db.acme.example', createdBy: null, aliases: ['["a","","b","c","old name"]'] });
      expect(job.lastRun.status).toBe('success');
      expect((await viewer.get('/api/v1/jobs/999999')).statusCode).toBe(404);
      expect((await viewer.get('/api/v1/jobs/x')).statusCode).toBe(400);
    });

    it('lists the job history newest first by start time, else receipt time, then id, with object counts', async () => {
      const jobId = await createJobFor(db, { sender: 'h@history.example', host: 'h', software: 'History', type: 'Backup', jobName: 'History job' });
      const a = await addRun(db, jobId, { startedAt: '2026-12-01T10:00:00.000Z', receivedAt: '2026-12-01T10:30:00.000Z', objects: ['success', 'failed', 'warning', 'unknown', 'success'] });
      const b = await addRun(db, jobId, { startedAt: null, receivedAt: '2026-12-01T11:00:00.000Z' });
      const c = await addRun(db, jobId, { startedAt: '2026-12-01T09:00:00.000Z', receivedAt: '2026-12-01T12:00:00.000Z' });
      const d = await addRun(db, jobId, { startedAt: '2026-12-01T10:00:00.000Z', receivedAt: '2026-12-01T13:00:00.000Z' });
      const all = (await viewer.get(`/api/v1/jobs/${jobId}/runs`)).json();
      expect(all.items.map((r: { id: number }) => r.id)).toEqual([b, d, a, c]);
      expect(all.items[2].objectCounts).toEqual({ success: 2, warning: 1, failed: 1, unknown: 1, total: 5 });
      expect(all.items[0]).toMatchObject({ jobId, kind: 'mail', status: 'success', originalStatus: 'success', overridden: false, informational: false, messageId: null, reviewedAt: null });
      const page2 = (await viewer.get(`/api/v1/jobs/${jobId}/runs?pageSize=2&page=2`)).json();
      expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 2 });
      expect(page2.items.map((r: { id: number }) => r.id)).toEqual([a, c]);
      expect((await viewer.get('/api/v1/jobs/999999/runs')).statusCode).toBe(404);
    });

    it('shows who reviewed a run to Admins only; for other roles the key is absent', async () => {
      const jobId = await createJobFor(db, { sender: 'r@review.example', host: 'r', software: 'Review', type: 'Backup', jobName: 'Reviewed job' });
      const runId = await addRun(db, jobId, { receivedAt: '2026-12-01T10:00:00.000Z', reviewedBy: admin.userId });
      const adminUser = await db.selectFrom('users').select('username').where('id', '=', admin.userId).executeTakeFirstOrThrow();
      const asAdmin = (await admin.get(`/api/v1/jobs/${jobId}/runs`)).json().items[0];
      expect(asAdmin).toMatchObject({ reviewedBy: adminUser.username, reviewedAt: '2026-12-01T10:00:00.000Z' });
      expect((await admin.get(`/api/v1/runs/${runId}`)).json().reviewedBy).toBe(adminUser.username);
      for (const client of [operator, viewer]) {
        const item = (await client.get(`/api/v1/jobs/${jobId}/runs`)).json().items[0];
        expect(item.reviewedAt).toBe('2026-12-01T10:00:00.000Z');
        expect('reviewedBy' in item).toBe(false);
        expect('reviewedBy' in (await client.get(`/api/v1/runs/${runId}`)).json()).toBe(false);
      }
    });

    it('shows a run with its objects and the subject, sender and parse trace of its mail', async () => {
      const first = await ingestMessage(db, buildMail({ from: 'detail@acme.example', subject: 'Detail backup succeeded' }), { source: 'cli' });
      await createJobFor(db, first.result);
      const linked = await ingestMessage(db, buildMail({ from: 'detail@acme.example', subject: 'Detail backup succeeded' }), { source: 'cli' });
      const run = (await viewer.get(`/api/v1/runs/${linked.runId}`)).json();
      expect(run).toMatchObject({ id: linked.runId, messageId: linked.messageId, subject: 'Detail backup succeeded', sender: 'detail@acme.example', objects: expect.any(Array) });
      expect(run.trace.length).toBeGreaterThan(0);
      const missed = await addRun(db, ids.daily, { receivedAt: '2026-11-01T00:00:00.000Z', objects: ['failed'] });
      expect((await viewer.get(`/api/v1/runs/${missed}`)).json()).toMatchObject({ subject: null, sender: null, trace: [], objects: [{ name: 'object 0', type: 'VM', status: 'failed', message: null }] });
      expect((await viewer.get('/api/v1/runs/999999')).statusCode).toBe(404);
    });

    it('archives a job (Operator): gone from the list, still readable with archived true; only Admins list archived jobs and unarchive', async () => {
      const jobId = await createJobFor(db, { sender: 'a@archive.example', host: 'a', software: 'Archive', type: 'Backup', jobName: 'Archive me' });
      expect((await viewer.post(`/api/v1/jobs/${jobId}/archive`)).statusCode).toBe(403);
      const archived = await operator.post(`/api/v1/jobs/${jobId}/archive`);
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ id: jobId, archived: true, archivedAt: expect.any(String) });
      expect((await viewer.get('/api/v1/jobs?q=archive')).json().total).toBe(0);
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().archived).toBe(true);

      expect((await operator.get('/api/v1/jobs/archived')).statusCode).toBe(403);
      expect((await operator.post(`/api/v1/jobs/${jobId}/unarchive`)).statusCode).toBe(403);
      const archivedList = (await admin.get('/api/v1/jobs/archived')).json();
      expect(names(archivedList)).toEqual(expect.arrayContaining(['Archive me', 'Retired']));
      expect(names(archivedList)).not.toContain('Daily VMs');

      const back = await admin.post(`/api/v1/jobs/${jobId}/unarchive`);
      expect(back.json()).toMatchObject({ archived: false, archivedAt: null });
      expect(names((await viewer.get('/api/v1/jobs?q=archive')).json())).toEqual(['Archive me']);
      const actions = await db.selectFrom('audit_events').select(['action', 'user_id']).where('entity_type', '=', 'job').where('entity_id', '=', String(jobId)).orderBy('id').execute();
      expect(actions).toEqual([
        { action: 'job.archive', user_id: operator.userId },
        { action: 'job.unarchive', user_id: admin.userId },
      ]);
    });

    it('unarchives without leaving unreviewed runs from the mails that arrived while archived', async () => {
      const first = await ingestMessage(db, buildMail({ from: 'quiet@acme.example', subject: 'Quiet backup succeeded' }), { source: 'cli' });
      const jobId = await createJobFor(db, first.result);
      await admin.post(`/api/v1/jobs/${jobId}/archive`);
      const during = await ingestMessage(db, buildMail({ from: 'quiet@acme.example', subject: 'Quiet backup succeeded' }), { source: 'cli' });
      expect(during.jobId).toBe(jobId);
      await admin.post(`/api/v1/jobs/${jobId}/unarchive`);
      const unreviewed = await db.selectFrom('runs').select('id').where('job_id', '=', jobId).where('reviewed_at', 'is', null).execute();
      expect(unreviewed).toEqual([]);
    });

    it('refuses the Jobs pages to Reporters and anonymous callers', async () => {
      const reporter = await signIn(api, 'reporter');
      for (const url of ['/api/v1/jobs', `/api/v1/jobs/${ids.daily}`, `/api/v1/jobs/${ids.daily}/runs`, '/api/v1/jobs/facets']) {
        expect((await reporter.get(url)).statusCode).toBe(403);
        expect((await anonymous(api).get(url)).statusCode).toBe(401);
      }
    });

    it('fills the last run of jobs whose runs were stored before the columns existed (backfill migration)', async () => {
      const lastRuns = async () => (await admin.get('/api/v1/jobs?pageSize=500')).json().items.map((j: { id: number; lastRun: unknown }) => [j.id, j.lastRun]);
      const before = await lastRuns();
      await db.updateTable('jobs').set({ last_run_id: null, last_run_status: null, last_run_at: null }).execute();
      await backfill.up(db);
      expect(await lastRuns()).toEqual(before);
      expect((await viewer.get(`/api/v1/jobs/${ids.daily}`)).json().lastRun).toMatchObject({ status: 'failed', startedAt: '2026-12-02T22:00:00.000Z' });
      expect(names((await viewer.get('/api/v1/jobs?status=failed')).json())).toEqual(['Daily VMs']);
    });
  });
}
