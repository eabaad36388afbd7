import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import type { ReportStatus, Status } from '../../src/domain/status.js';
import { ingestMessage } from '../../src/ingest/pipeline.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { applyToNewRun, overridesFor } from '../../src/services/override-apply.service.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { buildMail } from '../support/mail.js';

let jobs = 0;
const vss = { type: 'contains', text: 'VSS writer' } as const;

for (const dialect of dialects) {
  describe(`overrides API on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let admin: Client;
    let operator: Client;
    let viewer: Client;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      viewer = await signIn(api, 'viewer');
    });
    afterAll(async () => api.close());

    const newJob = async () => createJobFor(db, { sender: `job${++jobs}@acme.example`, host: 'h', software: 'Veeam', type: 'Backup', jobName: `Job ${jobs}` });

    async function addRun(jobId: number, status: Status, objects: { name: string; status: ReportStatus; message: string | null }[], at: string, reviewed = false): Promise<number> {
      return insertRun(
        db,
        {
          job_id: jobId, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0, started_at: at, ended_at: null, received_at: at,
          reviewed_at: reviewed ? at : null, reviewed_by_user_id: null, created_at: at,
        },
        objects.map((o) => ({ ...o, type: 'VM' })),
      );
    }
    const runOf = (id: number) => db.selectFrom('runs').select(['status', 'original_status', 'overridden', 'override_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const objectsOf = (id: number) => db.selectFrom('run_objects').select(['name', 'overridden', 'override_id']).where('run_id', '=', id).orderBy('position').execute();
    const lastRunStatus = async (jobId: number) => (await db.selectFrom('jobs').select('last_run_status').where('id', '=', jobId).executeTakeFirstOrThrow()).last_run_status;

    it('creates, reads, lists, changes and deletes an override, each audited with before/after', async () => {
      const jobId = await newJob();
      const created = await operator.post('/api/v1/overrides', { scope: 'object', jobId, objectName: ' SQL01 ', statuses: ['failed', 'warning'], match: vss, comment: 'known' });
      expect(created.statusCode).toBe(201);
      const rule = created.json();
      expect(rule).toMatchObject({ id: expect.any(Number), scope: 'object', jobId, objectName: 'SQL01', statuses: ['warning', 'failed'], match: vss, validFrom: null, comment: 'known' });
      expect((await viewer.get(`/api/v1/overrides/${rule.id}`)).json()).toEqual(rule);

      const list = await viewer.get(`/api/v1/overrides?jobId=${jobId}`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [rule], total: 1, page: 1, pageSize: 50 });
      expect((await viewer.get(`/api/v1/overrides?jobId=${jobId}&scope=job`)).json().total).toBe(0);
      expect((await viewer.get('/api/v1/overrides?scope=nope')).statusCode).toBe(400);

      const changed = await operator.patch(`/api/v1/overrides/${rule.id}`, { comment: 'ticket 4711', validUntil: '2030-01-01T01:00:00+01:00' });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ id: rule.id, objectName: 'SQL01', comment: 'ticket 4711', validUntil: '2030-01-01T00:00:00.000Z' });

      expect((await operator.delete(`/api/v1/overrides/${rule.id}`)).statusCode).toBe(403);
      expect((await viewer.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: vss })).statusCode).toBe(403);
      expect((await admin.delete(`/api/v1/overrides/${rule.id}`)).statusCode).toBe(204);
      expect((await admin.get(`/api/v1/overrides/${rule.id}`)).statusCode).toBe(404);
      expect((await admin.delete(`/api/v1/overrides/${rule.id}`)).statusCode).toBe(404);
      expect((await admin.patch(`/api/v1/overrides/${rule.id}`, { comment: 'x' })).statusCode).toBe(404);

      const audit = await db.selectFrom('audit_events').select(['action', 'details', 'user_id']).where('entity_type', '=', 'override').where('entity_id', '=', String(rule.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['override.create', 'override.update', 'override.delete']);
      expect(JSON.parse(audit[1]!.details!)).toMatchObject({ before: { comment: 'known' }, after: { comment: 'ticket 4711' } });
      expect(JSON.parse(audit[2]!.details!)).toMatchObject({ before: { id: rule.id } });
      expect(audit[2]!.user_id).toBe(admin.userId);
    });

    it('refuses invalid overrides with every bad field as a JSON path', async () => {
      const jobId = await newJob();
      const bad = await operator.post('/api/v1/overrides', { scope: 'object', jobId, statuses: [], match: { type: 'regex', text: '(?=x)' }, validFrom: 'tomorrow' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(['$.match.text', '$.objectName', '$.statuses', '$.validFrom']);
      const noJob = await operator.post('/api/v1/overrides', { scope: 'job', jobId: 999999, statuses: ['failed'], match: vss });
      expect(noJob.statusCode).toBe(400);
      expect(noJob.json().error.details.problems).toEqual([{ path: '$.jobId', message: expect.any(String) }]);
      expect((await operator.post('/api/v1/overrides', [])).statusCode).toBe(400);
      // A field it does not know is refused, not dropped (a typo such as "scop" would otherwise widen the rule).
      const unknown = await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: { ...vss, caseSensitive: true }, enabled: false });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(['$', '$.match']);
      // 400 (no such job) comes before 409 (confirm an empty-text rule).
      expect((await operator.post('/api/v1/overrides', { scope: 'job', jobId: 999999, statuses: ['failed'], match: { type: 'contains', text: '' } })).statusCode).toBe(400);
    });

    it('asks for confirmation before a regex that matches every message', async () => {
      const jobId = await newJob();
      for (const text of ['.*', '^', '(?s).*']) {
        const response = await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: { type: 'regex', text } });
        expect(response.statusCode, text).toBe(409);
        expect(response.json().error).toMatchObject({ code: 'confirmation_required', details: { reason: 'matches_everything' } });
      }
      expect((await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: { type: 'regex', text: '^VSS' } })).statusCode).toBe(201);
    });

    it('answers a change that changes nothing as it is, without an audit entry', async () => {
      const jobId = await newJob();
      const rule = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: vss })).json();
      expect(rule.jobLabel).toMatch(/^.+ · .+$/); // the job's customer and name, for the Overrides page
      expect((await operator.get(`/api/v1/overrides/${rule.id}`)).json()).toEqual(rule);
      const same = await operator.patch(`/api/v1/overrides/${rule.id}`, { statuses: ['failed'], match: vss });
      expect(same.json()).toEqual(rule);
      const entries = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'override').where('entity_id', '=', String(rule.id)).execute();
      expect(entries.map((e) => e.action)).toEqual(['override.create']);
      expect((await operator.patch(`/api/v1/overrides/${rule.id}`, { id: 99 })).statusCode).toBe(400);
      // 400 before 404: a bad body is refused before the rule is looked up.
      expect((await operator.patch('/api/v1/overrides/999999', { statuses: 'x' })).statusCode).toBe(400);
      expect((await operator.patch('/api/v1/overrides/999999', { comment: 'fine' })).statusCode).toBe(404);
    });

    it('asks for confirmation before a global or empty-text override (409 confirmation_required), then saves it', async () => {
      const jobId = await newJob();
      const global = await operator.post('/api/v1/overrides', { scope: 'global', statuses: ['warning'], match: vss });
      expect(global.statusCode).toBe(409);
      expect(global.json().error).toMatchObject({ code: 'confirmation_required', details: { reason: 'global' } });
      const empty = await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['warning'], match: { type: 'contains', text: ' ' } });
      expect(empty.json().error).toMatchObject({ code: 'confirmation_required', details: { reason: 'empty_text' } });
      expect(await db.selectFrom('overrides').select('id').where('job_id', '=', jobId).execute()).toEqual([]);

      const narrow = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['warning'], match: vss })).json();
      const widen = await operator.patch(`/api/v1/overrides/${narrow.id}`, { match: { type: 'contains', text: '' } });
      expect(widen.json().error.code).toBe('confirmation_required');
      expect((await operator.patch(`/api/v1/overrides/${narrow.id}`, { match: { type: 'contains', text: '' }, confirm: true })).statusCode).toBe(200);
      // Already confirmed: changing only its comment does not ask again.
      expect((await operator.patch(`/api/v1/overrides/${narrow.id}`, { comment: 'all warnings' })).statusCode).toBe(200);

      const saved = await operator.post('/api/v1/overrides', { scope: 'global', statuses: ['warning'], match: { type: 'exact', text: 'never matches anything here' }, confirm: true });
      expect(saved.statusCode).toBe(201);
      await admin.delete(`/api/v1/overrides/${saved.json().id}`);
    });

    it('re-applies to unreviewed runs: a matching failure becomes success (override), another stays failed, a reviewed run keeps its history', async () => {
      const jobId = await newJob();
      const reviewed = await addRun(jobId, 'failed', [], '2026-03-01T01:00:00.000Z', true);
      const other = await addRun(jobId, 'failed', [{ name: 'SQL01', status: 'failed', message: 'Disk full' }], '2026-03-02T01:00:00.000Z');
      const matching = await addRun(jobId, 'failed', [{ name: 'SQL01', status: 'failed', message: 'VSS writer timed out' }, { name: 'DC01', status: 'success', message: null }], '2026-03-03T01:00:00.000Z');
      await db.updateTable('runs').set({ status: 'failed' }).where('id', '=', reviewed).execute();
      expect(await lastRunStatus(jobId)).toBe('failed');

      const rule = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: vss })).json();
      expect(await runOf(matching)).toEqual({ status: 'success', original_status: 'failed', overridden: 1, override_id: rule.id });
      expect(await objectsOf(matching)).toEqual([{ name: 'SQL01', overridden: 1, override_id: rule.id }, { name: 'DC01', overridden: 0, override_id: null }]);
      expect(await runOf(other)).toEqual({ status: 'failed', original_status: 'failed', overridden: 0, override_id: null });
      expect(await runOf(reviewed)).toEqual({ status: 'failed', original_status: 'failed', overridden: 0, override_id: null });
      expect(await lastRunStatus(jobId)).toBe('success');
      // The run and its object name the rule that overrode them, for the blue "override" badge.
      const named = { id: rule.id, label: expect.stringMatching(new RegExp(`^#${rule.id} job override: `)) };
      expect((await admin.get(`/api/v1/runs/${matching}`)).json()).toMatchObject({
        status: 'success', overridden: true, overrideRule: named, objects: [{ name: 'SQL01', overridden: true, overrideRule: named }, { name: 'DC01', overridden: false, overrideRule: null }],
      });

      // Unreviewed by an Admin, a reviewed run is a run to check again, and the rules of today apply to it.
      const reviewedVss = await addRun(jobId, 'failed', [{ name: 'SQL01', status: 'failed', message: 'VSS writer timed out' }], '2026-02-01T01:00:00.000Z', true);
      expect(await runOf(reviewedVss)).toMatchObject({ status: 'failed', overridden: 0 });
      expect((await admin.post(`/api/v1/runs/${reviewedVss}/unreview`)).json()).toMatchObject({ status: 'success', overridden: true, overrideRule: named });

      await admin.delete(`/api/v1/overrides/${rule.id}`);
      expect(await runOf(matching)).toEqual({ status: 'failed', original_status: 'failed', overridden: 0, override_id: null });
      expect(await objectsOf(matching)).toEqual([{ name: 'SQL01', overridden: 0, override_id: null }, { name: 'DC01', overridden: 0, override_id: null }]);
      expect(await lastRunStatus(jobId)).toBe('failed');
    });

    it('matches a run without objects on its mail subject, and leaves other jobs alone', async () => {
      const customerId = await createCustomer(db);
      const from = `subject${++jobs}@acme.example`;
      const first = await ingestMessage(db, buildMail({ from, subject: 'Backup failed: repository offline' }), { source: 'cli' });
      const jobId = await createJobFor(db, first.result, { customerId });
      const second = await ingestMessage(db, buildMail({ from, subject: 'Backup failed: repository offline' }), { source: 'cli' });
      expect(second.jobId).toBe(jobId);
      const runId = second.runId!;
      const original = (await runOf(runId)).original_status;
      const otherJob = await newJob();
      const elsewhere = await addRun(otherJob, original as Status, [], '2026-03-05T01:00:00.000Z');
      await db.updateTable('runs').set({ original_status: 'failed', status: 'failed' }).where('id', 'in', [runId, elsewhere]).execute();

      const rule = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: { type: 'contains', text: 'repository offline' } })).json();
      expect(await runOf(runId)).toMatchObject({ status: 'success', overridden: 1, override_id: rule.id });
      expect(await runOf(elsewhere)).toMatchObject({ status: 'failed', overridden: 0 });
    });

    it('applies only inside the validity window, and re-applies when the window changes', async () => {
      const jobId = await newJob();
      const runId = await addRun(jobId, 'warning', [], '2026-03-01T01:00:00.000Z');
      await db.updateTable('runs').set({ message_id: null }).where('id', '=', runId).execute();
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const rule = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['warning'], match: { type: 'contains', text: '' }, validFrom: future, confirm: true })).json();
      expect(await runOf(runId)).toMatchObject({ status: 'warning', overridden: 0 });
      await operator.patch(`/api/v1/overrides/${rule.id}`, { validFrom: null });
      expect(await runOf(runId)).toMatchObject({ status: 'success', overridden: 1, override_id: rule.id });
      await operator.patch(`/api/v1/overrides/${rule.id}`, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' });
      expect(await runOf(runId)).toMatchObject({ status: 'warning', overridden: 0, override_id: null });
    });

    it('keeps a run marked as success by hand (overridden without a rule) when rules change', async () => {
      const jobId = await newJob();
      const runId = await addRun(jobId, 'failed', [], '2026-03-01T01:00:00.000Z');
      await db.updateTable('runs').set({ status: 'success', overridden: 1 }).where('id', '=', runId).execute();
      const rule = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['warning'], match: vss })).json();
      await admin.delete(`/api/v1/overrides/${rule.id}`);
      expect(await runOf(runId)).toEqual({ status: 'success', original_status: 'failed', overridden: 1, override_id: null });
    });

    it('gives the ingest pipeline the rules of a job (overridesFor) and the outcome for a new run (applyToNewRun)', async () => {
      const jobId = await newJob();
      const rule = (await operator.post('/api/v1/overrides', { scope: 'object', jobId, objectName: 'SQL01', statuses: ['failed'], match: vss })).json();
      await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: vss, validUntil: '2020-01-01T00:00:00Z' });
      const rules = await overridesFor(db, jobId, new Date());
      expect(rules.map((r) => r.id)).toEqual([rule.id]);
      const objects = [{ name: 'sql01 ', type: 'VM', status: 'failed' as const, message: 'VSS writer timed out' }];
      expect(applyToNewRun({ jobId, status: 'failed', subject: 'Backup failed', objects }, rules, new Date())).toEqual({
        run: { status: 'success', overridden: 1, override_id: rule.id },
        objects: [{ ...objects[0], overridden: true, overrideId: rule.id }],
      });
    });

    it('deletes a job’s job and object overrides with the job, counted in the preview, and keeps global ones', async () => {
      const jobId = await newJob();
      await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match: vss });
      await operator.post('/api/v1/overrides', { scope: 'object', jobId, objectName: 'SQL01', statuses: ['failed'], match: vss });
      const global = (await operator.post('/api/v1/overrides', { scope: 'global', statuses: ['failed'], match: { type: 'exact', text: 'zzz' }, confirm: true })).json();
      expect((await admin.get(`/api/v1/jobs/${jobId}/delete-preview`)).json()).toMatchObject({ overrides: 2 });
      expect((await admin.delete(`/api/v1/jobs/${jobId}`)).json()).toMatchObject({ deleted: { overrides: 2 } });
      expect(await db.selectFrom('overrides').select('id').where('job_id', '=', jobId).execute()).toEqual([]);
      expect((await admin.get(`/api/v1/overrides/${global.id}`)).statusCode).toBe(200);
      await admin.delete(`/api/v1/overrides/${global.id}`);
    });
  });
}
