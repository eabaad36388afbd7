import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { ingestMessage } from '../../src/ingest/pipeline.js';
import { insertMissedRun, insertRun } from '../../src/repositories/run.repository.js';
import { signIn, type Client, startTestApi, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { buildMail } from '../support/mail.js';

const hour = 3_600_000;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();
/** Noon UTC of the day `n` days ago: the test API's zone is UTC, so this is inside that local day. */
const noonDaysAgo = (n: number) => Date.parse(`${new Date(Date.now() - n * day).toISOString().slice(0, 10)}T12:00:00.000Z`);

async function run(db: Db, jobId: number, status: string, at: number, overridden = false): Promise<number> {
  return insertRun(
    db,
    {
      job_id: jobId, message_id: null, kind: 'mail', status: overridden ? 'success' : status, original_status: status, overridden: overridden ? 1 : 0, informational: 0,
      started_at: iso(at), ended_at: null, received_at: iso(at), reviewed_at: null, reviewed_by_user_id: null, created_at: iso(at),
    },
    [],
  );
}

for (const dialect of dialects) {
  describe(`Dashboard API on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    const clients = {} as Record<'admin' | 'operator' | 'reporter' | 'viewer', Client>;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      for (const role of ['admin', 'operator', 'reporter', 'viewer'] as const) clients[role] = await signIn(api, role);
      const customerId = await createCustomer(db, 'Acme');
      const jobId = await createJobFor(db, { sender: 'dash@example.com', host: 'h', software: 'Veeam', type: 'Backup Job', jobName: 'Dash' }, { customerId });
      // Waiting in Run Checks: 2 failed (one 3 days ago, one today), 1 warning, 1 success, 1 overridden.
      await run(db, jobId, 'failed', noonDaysAgo(3));
      await run(db, jobId, 'failed', Date.now() - 60_000);
      await run(db, jobId, 'warning', noonDaysAgo(1));
      await run(db, jobId, 'success', noonDaysAgo(1));
      await run(db, jobId, 'failed', noonDaysAgo(2), true);
      // A failure 20 days ago is outside the chart; a Missed run today counts as missed today.
      await run(db, jobId, 'failed', noonDaysAgo(20));
      const todaySlot = Math.min(Date.now() - 1000, Date.parse(`${new Date().toISOString().slice(0, 10)}T00:30:00.000Z`));
      await insertMissedRun(db, jobId, iso(todaySlot), iso(Date.now()));
      // Two mails in the Inbox: by SMTP two days ago, and from an IMAP mailbox now; one mailbox never delivered.
      await ingestMessage(db, buildMail({ subject: 'unknown one' }), { source: 'smtp', detail: { peer: '10.0.0.1' } }, new Date(Date.now() - 2 * day));
      const mailbox = async (name: string) =>
        (await db.insertInto('mailboxes').values({
          name, host: 'imap.example', port: 993, tls: 'implicit', username: 'u', password_enc: 'x', folders: '["INBOX"]', processed_folder: null, start_date: null,
          enabled: 1, created_at: iso(Date.now() - 3 * day), last_polled_at: null, last_error: name === 'quiet' ? 'authentication failed' : null, failures: 0, next_poll_at: null,
        }).returning('id').executeTakeFirstOrThrow()).id;
      const busy = await mailbox('busy');
      await mailbox('quiet');
      await ingestMessage(db, buildMail({ subject: 'unknown two' }), { source: 'imap', detail: { mailboxId: busy, mailbox: 'busy', folder: 'INBOX', uid: 1 } });
    });
    afterAll(async () => api.close());

    it('gives Admins and Operators the waiting runs by status, Missed today, Inbox size, sources and 14 days of failures', async () => {
      const response = await clients.operator.get('/api/v1/dashboard');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ date: new Date().toISOString().slice(0, 10), zone: 'UTC', silenceHours: 24 });
      expect(body.unreviewed).toEqual({ success: 1, warning: 1, failed: 3, missed: 1, unknown: 0, overridden: 1, total: 7, jobs: 1 });
      expect(body.missedToday).toBe(1);
      expect(body.inbox).toEqual({ count: 2 });
      expect(body.sources).toEqual([
        { source: 'imap', label: 'busy', lastReceivedAt: expect.any(String), silent: false, lastError: null },
        { source: 'imap', label: 'quiet', lastReceivedAt: null, silent: true, lastError: 'authentication failed' },
        { source: 'smtp', label: 'smtp', lastReceivedAt: iso(Date.parse(body.sources[2].lastReceivedAt)), silent: true, lastError: null },
      ]);
      expect(body.failures).toHaveLength(14);
      expect(body.failures[13]).toEqual({ date: body.date, failed: 1, missed: 1 });
      expect(body.failures[10]).toMatchObject({ failed: 1, missed: 0 });
      expect(body.failures[11]).toMatchObject({ failed: 0 });
      expect(body.failures.reduce((n: number, d: { failed: number }) => n + d.failed, 0)).toBe(2);
    });

    it('shows each role only its parts: Viewers no Run Checks counts, Reporters only the failures chart', async () => {
      const viewer = (await clients.viewer.get('/api/v1/dashboard')).json();
      expect(viewer).not.toHaveProperty('unreviewed');
      expect(viewer).toMatchObject({ missedToday: 1, inbox: { count: 2 } });
      const reporter = (await clients.reporter.get('/api/v1/dashboard')).json();
      expect(Object.keys(reporter).sort()).toEqual(['date', 'failures', 'silenceHours', 'zone']);
    });

    it('lets an Admin change the silence threshold (audited, 0 turns the warning off) and refuses a bad value', async () => {
      expect((await clients.admin.request('PUT', '/api/v1/settings/dashboard', { sourceSilenceHours: 721 })).statusCode).toBe(400);
      expect((await clients.admin.request('PUT', '/api/v1/settings/dashboard', { sourceSilenceHours: '5' })).statusCode).toBe(400);
      expect((await clients.operator.request('PUT', '/api/v1/settings/dashboard', { sourceSilenceHours: 0 })).statusCode).toBe(403);
      const changed = await clients.admin.request('PUT', '/api/v1/settings/dashboard', { sourceSilenceHours: 0 });
      expect(changed.json()).toEqual({ sourceSilenceHours: 0 });
      expect((await clients.viewer.get('/api/v1/settings/dashboard')).json()).toEqual({ sourceSilenceHours: 0 });
      const body = (await clients.operator.get('/api/v1/dashboard')).json();
      expect(body.sources.map((s: { silent: boolean }) => s.silent)).toEqual([false, false, false]);
      const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'settings.dashboard').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details!)).toEqual({ before: { sourceSilenceHours: 24 }, after: { sourceSilenceHours: 0 } });
      await clients.admin.request('PUT', '/api/v1/settings/dashboard', { sourceSilenceHours: 24 });
    });
  });
}
