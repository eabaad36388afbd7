import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { evaluateMissedRuns } from '../../src/services/missed-runs.service.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { createScheduledJob } from '../support/schedule-fixtures.js';

let jobs = 0;
async function job(db: Db, customerId: number, jobName = `Job ${jobs + 1}`): Promise<number> {
  const n = ++jobs;
  return createJobFor(db, { sender: `n${n}@example.com`, host: `nh${n}`, software: 'Veeam', type: 'Backup Job', jobName }, { customerId });
}

async function run(db: Db, jobId: number, receivedAt: string, objects: string[] = [], status = 'failed'): Promise<number> {
  return insertRun(
    db,
    {
      job_id: jobId, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0, started_at: receivedAt, ended_at: null,
      received_at: receivedAt, reviewed_at: null, reviewed_by_user_id: null, created_at: receivedAt,
    },
    objects.map((name) => ({ name, type: 'VM', status: 'failed' as const, message: 'disk full' })),
  );
}

async function linkedNotes(db: Db, runId: number): Promise<number[]> {
  return (await db.selectFrom('note_runs').select('note_id').where('run_id', '=', runId).orderBy('note_id').execute()).map((r) => r.note_id);
}

const since = '2026-01-01T00:00:00.000Z';

for (const dialect of dialects) {
  describe(`Tickets and remarks API on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let operator: Client;
    let viewer: Client;
    let acme: number;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      operator = await signIn(api, 'operator');
      viewer = await signIn(api, 'viewer');
      acme = await createCustomer(db, 'Acme');
    });
    afterAll(async () => api.close());

    it('creates a ticket (201 with id and scopes), audits it, and refuses a second one with the same code in any case', async () => {
      const jobId = await job(db, acme);
      const created = await operator.post('/api/v1/tickets', { code: 'INC-1001', description: 'Vendor case for the NAS', activeFrom: since, scopes: [{ type: 'job', jobId }] });
      expect(created.statusCode).toBe(201);
      const ticket = created.json();
      expect(ticket).toMatchObject({ id: expect.any(Number), kind: 'ticket', code: 'INC-1001', description: 'Vendor case for the NAS', activeFrom: since, resolvedAt: null, scopes: [{ type: 'job', jobId }], linkedRuns: 0 });
      expect((await viewer.get(`/api/v1/tickets/${ticket.id}`)).json()).toEqual(ticket);

      const again = await operator.post('/api/v1/tickets', { code: ' inc-1001 ', scopes: [{ type: 'job', jobId }] });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('duplicate_code');
      const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'ticket.create').where('entity_id', '=', String(ticket.id)).executeTakeFirstOrThrow();
      expect(audit.user_id).toBe(operator.userId);
      expect(JSON.parse(audit.details!).after).toMatchObject({ code: 'INC-1001', scopes: [{ type: 'job', jobId }] });
    });

    it('refuses bad bodies with every problem by path and writes nothing', async () => {
      const before = (await db.selectFrom('notes').select('id').execute()).length;
      const cases: [unknown, string][] = [
        [{ code: 'X-1', scopes: [] }, '$.scopes'],
        [{ code: '', scopes: [{ type: 'customer', customerId: acme }] }, '$.code'],
        [{ code: 'X-2', scopes: [{ type: 'customer', customerId: 999_999 }] }, '$.scopes[0].customerId'],
        [{ code: 'X-3', scopes: [{ type: 'job', jobId: acme }, { type: 'job', jobId: 999_999 }] }, '$.scopes[1].jobId'],
        [{ code: 'X-4', scopes: [{ type: 'object', jobId: 1 }] }, '$.scopes[0].objectName'],
        [{ code: 'X-5', scopes: [{ type: 'planet', id: 1 }] }, '$.scopes[0].type'],
        [{ code: 'X-6', activeFrom: 'tomorrow', scopes: [{ type: 'customer', customerId: acme }] }, '$.activeFrom'],
        [{ code: 'X-7', colour: 'red', scopes: [{ type: 'customer', customerId: acme }] }, '$'],
      ];
      for (const [body, path] of cases) {
        const response = await operator.post('/api/v1/tickets', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error.details.problems.map((p: { path: string }) => p.path), JSON.stringify(body)).toContain(path);
      }
      const remark = await operator.post('/api/v1/remarks', { body: '   ', scopes: [{ type: 'customer', customerId: acme }] });
      expect(remark.statusCode).toBe(400);
      expect(remark.json().error.details.problems[0].path).toBe('$.body');
      expect(await db.selectFrom('notes').select('id').execute()).toHaveLength(before);
    });

    it('links an open ticket to each new run in scope: its job, its customer, or its object by name in any case and spacing', async () => {
      const beta = await createCustomer(db, 'Beta');
      const [a, b, other] = [await job(db, beta), await job(db, beta), await job(db, acme)];
      const byJob = (await operator.post('/api/v1/tickets', { code: 'J-1', activeFrom: since, scopes: [{ type: 'job', jobId: a }] })).json().id;
      const byCustomer = (await operator.post('/api/v1/remarks', { body: 'Beta is moving racks this week', activeFrom: since, scopes: [{ type: 'customer', customerId: beta }] })).json().id;
      const byObject = (await operator.post('/api/v1/tickets', { code: 'O-1', activeFrom: since, scopes: [{ type: 'object', jobId: b, objectName: 'SQL01' }] })).json().id;

      expect(await linkedNotes(db, await run(db, a, '2026-03-01T02:00:00.000Z'))).toEqual([byJob, byCustomer]);
      expect(await linkedNotes(db, await run(db, b, '2026-03-01T02:00:00.000Z', [' sql01 ', 'web01']))).toEqual([byCustomer, byObject]);
      expect(await linkedNotes(db, await run(db, b, '2026-03-02T02:00:00.000Z', ['web01']))).toEqual([byCustomer]);
      expect(await linkedNotes(db, await run(db, other, '2026-03-01T02:00:00.000Z'))).toEqual([]);
      expect((await viewer.get(`/api/v1/remarks/${byCustomer}`)).json().linkedRuns).toBe(3);
    });

    it('does not link before active-from, stops linking once resolved, and keeps the links it has', async () => {
      const jobId = await job(db, acme);
      const ticket = (await operator.post('/api/v1/tickets', { code: 'R-1', activeFrom: '2026-04-01T00:00:00.000Z', scopes: [{ type: 'job', jobId }] })).json();
      const early = await run(db, jobId, '2026-03-31T23:59:00.000Z');
      const inside = await run(db, jobId, '2026-04-01T00:00:00.000Z');
      expect(await linkedNotes(db, early)).toEqual([]);
      expect(await linkedNotes(db, inside)).toEqual([ticket.id]);

      const resolved = await operator.post(`/api/v1/tickets/${ticket.id}/resolve`);
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json().resolvedAt).toEqual(expect.any(String));
      expect(await linkedNotes(db, await run(db, jobId, '2026-04-02T00:00:00.000Z'))).toEqual([]);
      expect(await linkedNotes(db, inside)).toEqual([ticket.id]);
      expect((await operator.post(`/api/v1/tickets/${ticket.id}/resolve`)).json().resolvedAt).toBe(resolved.json().resolvedAt);

      const runs = (await viewer.get(`/api/v1/tickets/${ticket.id}/runs`)).json();
      expect(runs).toMatchObject({ total: 1, items: [{ id: inside, tickets: [{ id: ticket.id, code: 'R-1' }] }] });
      const open = (await viewer.get('/api/v1/tickets?status=open&pageSize=500')).json().items.map((t: { id: number }) => t.id);
      const done = (await viewer.get('/api/v1/tickets?status=resolved')).json().items.map((t: { id: number }) => t.id);
      expect(open).not.toContain(ticket.id);
      expect(done).toContain(ticket.id);
      const actions = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'ticket').where('entity_id', '=', String(ticket.id)).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['ticket.create', 'ticket.resolve']);

      // The run keeps its badge, marked resolved; reopened, the ticket links itself to new runs again.
      expect((await viewer.get(`/api/v1/runs/${inside}`)).json().tickets).toEqual([{ id: ticket.id, code: 'R-1', resolved: true }]);
      const reopened = await operator.post(`/api/v1/tickets/${ticket.id}/reopen`);
      expect(reopened.json()).toMatchObject({ id: ticket.id, resolvedAt: null });
      expect(await linkedNotes(db, await run(db, jobId, '2026-04-03T00:00:00.000Z'))).toEqual([ticket.id]);
      expect((await viewer.get(`/api/v1/runs/${inside}`)).json().tickets).toEqual([{ id: ticket.id, code: 'R-1', resolved: false }]);
      expect((await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'ticket').where('entity_id', '=', String(ticket.id)).orderBy('id').execute()).at(-1)).toEqual({ action: 'ticket.reopen' });
    });

    it('a ticket made for a waiting run links to it at once, and its badges show in Run Checks, the job history and the run detail', async () => {
      const jobId = await job(db, acme, 'Badge job');
      const waiting = await run(db, jobId, '2026-05-01T02:00:00.000Z', ['vm1']);
      const ticket = (await operator.post('/api/v1/tickets', { code: 'B-1', description: 'Disk replaced Friday', scopes: [{ type: 'object', jobId, objectName: 'VM1' }] })).json();
      const remark = (await operator.post('/api/v1/remarks', { body: 'Known: the share is full until the move', scopes: [{ type: 'job', jobId }] })).json();
      expect(ticket.linkedRuns).toBe(1);
      expect(remark.linkedRuns).toBe(1);
      const badges = { tickets: [{ id: ticket.id, code: 'B-1' }], remarks: [{ id: remark.id, body: 'Known: the share is full until the move' }] };

      const list = (await operator.get('/api/v1/run-checks?pageSize=500')).json().items.find((i: { jobId: number }) => i.jobId === jobId);
      expect(list).toMatchObject(badges);
      expect((await operator.get(`/api/v1/run-checks/${jobId}`)).json().items[0]).toMatchObject({ id: waiting, ...badges });
      expect((await viewer.get(`/api/v1/jobs/${jobId}/runs`)).json().items[0]).toMatchObject({ id: waiting, ...badges });
      expect((await viewer.get(`/api/v1/runs/${waiting}`)).json()).toMatchObject(badges);
      // Reviewed, the run leaves Run Checks and so do its badges there; the history keeps them.
      await operator.post('/api/v1/run-checks/review', { jobIds: [jobId] });
      expect((await viewer.get(`/api/v1/jobs/${jobId}/runs`)).json().items[0]).toMatchObject(badges);
    });

    it('links an open ticket to a Missed run the background task creates', async () => {
      const customerId = await createCustomer(db, 'Scheduled');
      const jobId = await createScheduledJob(db, { kind: 'daily', time: '02:00', toleranceMinutes: 30, typicalDurationMinutes: 0, graceMinutes: 120 }, { customerId, storedAt: '2026-06-09T12:00:00Z' });
      const ticket = (await operator.post('/api/v1/tickets', { code: 'M-1', description: 'Server off for repair', activeFrom: '2026-06-01T00:00:00.000Z', scopes: [{ type: 'customer', customerId }] })).json();
      const remark = (await operator.post('/api/v1/remarks', { body: 'Only on vm9', activeFrom: '2026-06-01T00:00:00.000Z', scopes: [{ type: 'object', jobId, objectName: 'vm9' }] })).json();
      const result = await evaluateMissedRuns(db, { defaultZone: 'UTC', now: new Date('2026-06-10T05:00:00Z') });
      expect(result.created).toBeGreaterThanOrEqual(1);
      const missed = await db.selectFrom('runs').select('id').where('job_id', '=', jobId).where('kind', '=', 'missed').executeTakeFirstOrThrow();
      expect(await linkedNotes(db, missed.id)).toEqual([ticket.id]);
      expect(remark.linkedRuns).toBe(0);
      // Daily Jobs shows the slot as Missed with the ticket's badge.
      const daily = (await viewer.get('/api/v1/daily-jobs?date=2026-06-10&pageSize=500')).json().items.find((i: { jobId: number }) => i.jobId === jobId);
      expect(daily).toMatchObject({ status: 'missed', runId: missed.id, overridden: false, tickets: [{ id: ticket.id, code: 'M-1' }], remarks: [] });
    });

    it('changes a ticket: code, description and scopes replaced; a taken code is 409; audited with before and after', async () => {
      const jobId = await job(db, acme);
      const otherJob = await job(db, acme);
      const waiting = await run(db, otherJob, '2026-07-01T00:00:00.000Z');
      const ticket = (await operator.post('/api/v1/tickets', { code: 'C-1', scopes: [{ type: 'job', jobId }] })).json();
      expect((await operator.patch(`/api/v1/tickets/${ticket.id}`, { code: 'INC-1001' })).statusCode).toBe(409);
      const changed = await operator.patch(`/api/v1/tickets/${ticket.id}`, { code: 'C-2', description: 'moved', scopes: [{ type: 'job', jobId: otherJob }] });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ code: 'C-2', description: 'moved', scopes: [{ type: 'job', jobId: otherJob }], linkedRuns: 1 });
      expect(await linkedNotes(db, waiting)).toEqual([ticket.id]);
      const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'ticket.update').where('entity_id', '=', String(ticket.id)).executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details!)).toMatchObject({ before: { code: 'C-1' }, after: { code: 'C-2' } });
      expect((await operator.patch(`/api/v1/tickets/${ticket.id}`, { body: 'remarks have a body, tickets a description' })).statusCode).toBe(400);
    });

    it('treats codes typed two ways as one, refuses invisible characters, and drops repeated scopes', async () => {
      const jobId = await job(db, acme);
      expect((await operator.post('/api/v1/tickets', { code: 'Caf\u00e9-1', scopes: [{ type: 'job', jobId }] })).statusCode).toBe(201);
      const decomposed = await operator.post('/api/v1/tickets', { code: 'Cafe\u0301-1', scopes: [{ type: 'job', jobId }] });
      expect(decomposed.statusCode).toBe(409);
      for (const code of ['INC\u200b-7', 'INC-\u202e7']) {
        const response = await operator.post('/api/v1/tickets', { code, scopes: [{ type: 'job', jobId }] });
        expect(response.statusCode, code).toBe(400);
        expect(response.json().error.details.problems).toEqual([{ path: '$.code', message: expect.stringContaining('invisible') }]);
      }
      expect((await operator.post('/api/v1/tickets', { code: '   ', scopes: [{ type: 'job', jobId }] })).json().error.details.problems).toEqual([{ path: '$.code', message: 'must not be empty' }]);
      const repeated = await operator.post('/api/v1/tickets', {
        code: 'REP-1', scopes: [{ type: 'job', jobId }, { type: 'job', jobId }, { type: 'object', jobId, objectName: 'HOST02' }, { type: 'object', jobId, objectName: ' host02 ' }],
      });
      expect(repeated.json().scopes).toEqual([
        { type: 'job', jobId, label: expect.stringMatching(/^Acme · /) },
        { type: 'object', jobId, objectName: 'HOST02', label: expect.stringMatching(/^HOST02 \(Acme · .+\)$/) },
      ]);
    });

    it('refuses an active-from beyond the year 9999, and answers a change that changes nothing without an audit entry', async () => {
      const jobId = await job(db, acme);
      const far = await operator.post('/api/v1/tickets', { code: 'FAR-1', activeFrom: '9999-12-31T23:59:59-14:00', scopes: [{ type: 'job', jobId }] });
      expect(far.json().error.details.problems).toEqual([{ path: '$.activeFrom', message: expect.stringContaining('9999') }]);
      const ticket = (await operator.post('/api/v1/tickets', { code: 'SAME-1', description: 'x', scopes: [{ type: 'job', jobId }] })).json();
      expect((await operator.patch(`/api/v1/tickets/${ticket.id}`, {})).json()).toEqual(ticket);
      expect((await operator.patch(`/api/v1/tickets/${ticket.id}`, { description: 'x', scopes: [{ type: 'job', jobId }] })).json()).toEqual(ticket);
      const entries = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'ticket').where('entity_id', '=', String(ticket.id)).execute();
      expect(entries.map((e) => e.action)).toEqual(['ticket.create']);
      // A scope naming nothing is a 400 even for a ticket that does not exist (400 before 404).
      expect((await operator.patch('/api/v1/tickets/999999', { scopes: [{ type: 'job', jobId: 424242 }] })).statusCode).toBe(400);
      expect((await operator.patch('/api/v1/tickets/999999', { description: 'y' })).statusCode).toBe(404);
    });

    it('keeps tickets and remarks apart, finds them by text, and answers 404 for the wrong kind', async () => {
      const customerId = await createCustomer(db, 'Gamma');
      const remark = (await operator.post('/api/v1/remarks', { body: 'Tape drive cleaning on Mondays', scopes: [{ type: 'customer', customerId }] })).json();
      expect(remark).toMatchObject({ kind: 'remark', body: 'Tape drive cleaning on Mondays' });
      expect(remark).not.toHaveProperty('code');
      expect((await viewer.get(`/api/v1/tickets/${remark.id}`)).statusCode).toBe(404);
      const found = (await viewer.get('/api/v1/remarks?q=TAPE%20drive')).json();
      expect(found.items.map((r: { id: number }) => r.id)).toEqual([remark.id]);
      expect((await viewer.get(`/api/v1/remarks?customerId=${customerId}`)).json().total).toBe(1);
      // Also by the name of a customer or job in its scope.
      expect((await viewer.get('/api/v1/remarks?q=gAmM')).json().items.map((r: { id: number }) => r.id)).toEqual([remark.id]);
      expect((await viewer.get('/api/v1/tickets?q=50%25')).json().total).toBe(0);
      // Search folds case beyond ASCII (SQLite's lower() would not).
      const umlaut = (await operator.post('/api/v1/remarks', { body: 'ÄRGER mit dem Überlauf', scopes: [{ type: 'customer', customerId }] })).json();
      for (const q of ['ärger', 'ÄRGER', 'überlauf']) expect((await viewer.get(`/api/v1/remarks?q=${encodeURIComponent(q)}`)).json().items.map((r: { id: number }) => r.id), q).toEqual([umlaut.id]);
      expect((await viewer.get('/api/v1/tickets?status=closed')).statusCode).toBe(400);
      expect((await viewer.post('/api/v1/remarks', { body: 'x', scopes: [{ type: 'customer', customerId }] })).statusCode).toBe(403);
    });
  });
}
