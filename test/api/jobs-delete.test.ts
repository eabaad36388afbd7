import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { ingestMessage } from '../../src/ingest/pipeline.js';
import { insertJobKey } from '../../src/repositories/job.repository.js';
import { insertOverride } from '../../src/repositories/override.repository.js';
import { insertNote, replaceScopes } from '../../src/repositories/note.repository.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { buildMail } from '../support/mail.js';

const count = async (db: Db, table: 'runs' | 'run_objects' | 'messages' | 'message_raw' | 'job_keys' | 'jobs' | 'customers') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of dialects) {
  describe(`deleting a job on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let admin: Client;
    let operator: Client;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
    });
    afterAll(async () => api.close());

    /** A job with two mails (runs with their messages), one run without a mail but with objects, an alias and an object override (and a global one, which stays). */
    async function jobWithHistory(from: string): Promise<{ jobId: number; customerId: number }> {
      const customerId = await createCustomer(db);
      const first = await ingestMessage(db, buildMail({ from, subject: 'Nightly backup succeeded' }), { source: 'cli' });
      const jobId = await createJobFor(db, first.result, { customerId });
      await db.updateTable('messages').set({ job_id: jobId }).where('id', '=', first.messageId).execute();
      await ingestMessage(db, buildMail({ from, subject: 'Nightly backup succeeded' }), { source: 'cli' });
      await ingestMessage(db, buildMail({ from, subject: 'Nightly backup succeeded' }), { source: 'cli' });
      const at = new Date().toISOString();
      const ticketId = await insertNote(db, 'ticket', { code: `T-${from}`, body: 'vendor case', activeFrom: at }, at, null);
      await replaceScopes(db, ticketId, [{ type: 'job', jobId }, { type: 'object', jobId, objectName: 'vm1' }]);
      await insertRun(
        db,
        { job_id: jobId, message_id: null, kind: 'mail', status: 'failed', original_status: 'failed', overridden: 0, informational: 0, started_at: at, ended_at: null, received_at: at, reviewed_at: null, reviewed_by_user_id: null, created_at: at },
        [
          { name: 'vm1', type: 'VM', status: 'failed', message: 'disk full' },
          { name: 'vm2', type: 'VM', status: 'success', message: null },
        ],
      );
      await insertJobKey(db, `["${from}","","old","name","x"]`, jobId, true, at);
      const rule = { objectName: null, statuses: ['failed' as const], match: { type: 'contains' as const, text: 'disk full' }, validFrom: null, validUntil: null, comment: null };
      await insertOverride(db, { ...rule, scope: 'object', jobId, objectName: 'vm1' }, at, null);
      await insertOverride(db, { ...rule, scope: 'global', jobId: null, match: { type: 'exact', text: `${from} only` } }, at, null);
      return { jobId, customerId };
    }

    it('previews what deleting would remove, then deletes exactly that in one go, keeping the customer and other jobs', async () => {
      const { jobId, customerId } = await jobWithHistory('doomed@acme.example');
      const other = await jobWithHistory('kept@acme.example');
      const before = { runs: await count(db, 'runs'), objects: await count(db, 'run_objects'), messages: await count(db, 'messages'), raw: await count(db, 'message_raw') };

      const preview = await admin.get(`/api/v1/jobs/${jobId}/delete-preview`);
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toEqual({ runs: 3, objects: 2, messages: 3, aliases: 1, overrides: 1, noteScopes: 2 });

      const deleted = await admin.delete(`/api/v1/jobs/${jobId}`);
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json()).toEqual({ deleted: preview.json() });

      expect(await count(db, 'runs')).toBe(before.runs - 3);
      expect(await count(db, 'run_objects')).toBe(before.objects - 2);
      expect(await count(db, 'messages')).toBe(before.messages - 3);
      expect(await count(db, 'message_raw')).toBe(before.raw - 3);
      expect(await db.selectFrom('job_keys').select('key').where('job_id', '=', jobId).execute()).toEqual([]);
      expect(await db.selectFrom('overrides').select('id').where('job_id', '=', jobId).execute()).toEqual([]);
      expect(await db.selectFrom('overrides').select('id').where('scope', '=', 'global').execute()).toHaveLength(2);
      // The ticket stays (it may name other jobs); its scopes on the job and its links to the job's runs go.
      const ticket = await db.selectFrom('notes').select('id').where('code', '=', 'T-doomed@acme.example').executeTakeFirstOrThrow();
      expect(await db.selectFrom('note_scopes').select('id').where('note_id', '=', ticket.id).execute()).toEqual([]);
      expect(await db.selectFrom('note_runs').select('run_id').where('note_id', '=', ticket.id).execute()).toEqual([]);
      const kept = await db.selectFrom('notes').select('id').where('code', '=', 'T-kept@acme.example').executeTakeFirstOrThrow();
      expect(await db.selectFrom('note_runs').select('run_id').where('note_id', '=', kept.id).execute()).toHaveLength(1);
      expect((await admin.get(`/api/v1/jobs/${jobId}`)).statusCode).toBe(404);
      expect((await admin.get(`/api/v1/customers/${customerId}`)).json()).toMatchObject({ id: customerId, jobCount: 0 });
      expect((await admin.get(`/api/v1/jobs/${other.jobId}/delete-preview`)).json()).toEqual({ runs: 3, objects: 2, messages: 3, aliases: 1, overrides: 1, noteScopes: 2 });

      const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'job.delete').where('entity_id', '=', String(jobId)).executeTakeFirstOrThrow();
      expect(audit.user_id).toBe(admin.userId);
      expect(JSON.parse(audit.details!)).toMatchObject({ deleted: { runs: 3, objects: 2, messages: 3, aliases: 1, overrides: 1, noteScopes: 2 }, job: { jobName: expect.any(String) } });
    });

    it('lets the customer be deleted once its last job is gone', async () => {
      const { jobId, customerId } = await jobWithHistory('last@acme.example');
      expect((await admin.delete(`/api/v1/customers/${customerId}`)).statusCode).toBe(409);
      await admin.delete(`/api/v1/jobs/${jobId}`);
      expect((await admin.delete(`/api/v1/customers/${customerId}`)).statusCode).toBe(204);
    });

    it('deletes an archived job, and a later mail of it lands in the Inbox again', async () => {
      const { jobId } = await jobWithHistory('archived@acme.example');
      await admin.post(`/api/v1/jobs/${jobId}/archive`);
      expect((await admin.delete(`/api/v1/jobs/${jobId}`)).statusCode).toBe(200);
      const later = await ingestMessage(db, buildMail({ from: 'archived@acme.example', subject: 'Nightly backup succeeded' }), { source: 'cli' });
      expect(later).toMatchObject({ outcome: 'stored', jobId: null, runId: null });
    });

    it('is for Admins only: Operators get 403 for the preview and the delete, and nothing is removed', async () => {
      const { jobId } = await jobWithHistory('guarded@acme.example');
      expect((await operator.get(`/api/v1/jobs/${jobId}/delete-preview`)).statusCode).toBe(403);
      expect((await operator.delete(`/api/v1/jobs/${jobId}`)).statusCode).toBe(403);
      expect((await admin.get(`/api/v1/jobs/${jobId}`)).statusCode).toBe(200);
      expect((await admin.delete('/api/v1/jobs/999999')).statusCode).toBe(404);
      expect((await admin.get('/api/v1/jobs/999999/delete-preview')).statusCode).toBe(404);
    });
  });
}
