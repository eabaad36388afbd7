import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { jobKey } from '../src/domain/job-key.js';
import { ValidationError } from '../src/domain/errors.js';
import { insertJobKey } from '../src/repositories/job.repository.js';
import { exportJobs, type JobsExport } from '../src/services/jobs-export.service.js';
import { importJobs } from '../src/services/jobs-import.service.js';
import { appVersion } from '../src/version.js';
import { signIn, startTestApi, type TestApi } from './support/api.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';

const now = new Date('2026-12-03T09:00:00.000Z');
const veeam = { sender: 'veeam@acme.example', host: 'vbr01.acme.example', software: 'Veeam Backup & Replication', type: 'Backup Job' };

/** Customers (one without jobs, one inactive), jobs for any host and one host, an archived job and an alias. */
async function seed(db: Db): Promise<void> {
  const zeta = await createCustomer(db, 'Zeta', false);
  const acme = await createCustomer(db, 'Acme');
  await createCustomer(db, 'Empty Co');
  const daily = await createJobFor(db, { ...veeam, jobName: 'Daily VMs' }, { customerId: acme });
  await createJobFor(db, { ...veeam, jobName: 'Any host' }, { customerId: acme, anyHost: true });
  await createJobFor(db, { ...veeam, jobName: 'Retired' }, { customerId: acme, archived: true });
  await createJobFor(db, { sender: 'nas@zeta.example', host: 'nas', software: 'Synology', type: 'Hyper Backup', jobName: 'Files' }, { customerId: zeta });
  await insertJobKey(db, jobKey({ ...veeam, jobName: 'Daily VM backup' }), daily, true, now.toISOString());
}

const withoutTime = (doc: JobsExport) => ({ ...doc, exportedAt: undefined });
const counts = async (db: Db) => ({
  customers: Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  jobs: Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  keys: Number((await db.selectFrom('job_keys').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});

async function problemsOf(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

for (const dialect of dialects) {
  describe(`jobs export and import on ${dialect}`, () => {
    let source: TestDatabase;
    let target: TestDatabase;
    beforeEach(async () => {
      source = await createTestDatabase(dialect);
      target = await createTestDatabase(dialect);
      await seed(source.db);
    });
    afterEach(async () => {
      await source.drop();
      await target.drop();
    });

    it('exports approved_jobs_export_v1 with customers by name, jobs by customer then job key, aliases as stored', async () => {
      const doc = await exportJobs(source.db, now);
      expect(doc).toMatchObject({ schema: 'approved_jobs_export_v1', exportedAt: '2026-12-03T09:00:00.000Z', appVersion });
      expect(doc.customers).toEqual([
        { name: 'Acme', active: true },
        { name: 'Empty Co', active: true },
        { name: 'Zeta', active: false },
      ]);
      expect(doc.jobs.map((j) => `${j.customer}/${j.jobName}`)).toEqual(['Acme/Any host', 'Acme/Daily VMs', 'Acme/Retired', 'Zeta/Files']);
      expect(doc.jobs[0]).toMatchObject({ host: null, archived: false, aliases: [], schedule: null, createdAt: expect.any(String) });
      expect(doc.jobs[1]!.aliases).toEqual([jobKey({ ...veeam, jobName: 'Daily VM backup' })]);
      expect(doc.jobs[2]!.archived).toBe(true);
    });

    it('imports into an empty instance so that its export equals the original except exportedAt', async () => {
      const original = await exportJobs(source.db, now);
      const summary = await importJobs(target.db, 'cli', JSON.parse(JSON.stringify(original)), new Date());
      expect(summary).toEqual({ customers: { created: 3, updated: 0, unchanged: 0 }, jobs: { created: 4, updated: 0, unchanged: 0 } });
      const copy = await exportJobs(target.db, new Date('2027-01-01T00:00:00.000Z'));
      expect(withoutTime(copy)).toEqual(withoutTime(original));
      expect(JSON.stringify({ ...copy, exportedAt: null })).toBe(JSON.stringify({ ...original, exportedAt: null }));
    });

    it('changes nothing when the same file is imported twice', async () => {
      const doc = await exportJobs(source.db, now);
      await importJobs(target.db, 'cli', doc, now);
      const before = await counts(target.db);
      const again = await importJobs(target.db, 'cli', doc, now);
      expect(again).toEqual({ customers: { created: 0, updated: 0, unchanged: 3 }, jobs: { created: 0, updated: 0, unchanged: 4 } });
      expect(await counts(target.db)).toEqual(before);
      expect(await importJobs(source.db, 'cli', doc, now)).toEqual(again);
    });

    it('updates customers and jobs from the file (active, archived, customer, new aliases) and never deletes', async () => {
      const doc = await exportJobs(source.db, now);
      const edited: JobsExport = {
        ...doc,
        customers: [{ name: 'ZETA', active: true }, ...doc.customers.filter((c) => c.name !== 'Zeta'), { name: 'New Customer', active: true }],
        jobs: [
          { ...doc.jobs[0]!, archived: true },
          { ...doc.jobs[3]!, customer: 'new customer', aliases: [jobKey({ sender: 'nas@zeta.example', host: 'nas', software: 'Synology', type: 'Hyper Backup', jobName: 'Old files' })] },
          { ...doc.jobs[1]!, jobName: 'Brand new job', aliases: [], createdAt: '2025-05-05T05:05:05Z' },
        ],
      };
      const summary = await importJobs(source.db, 'cli', edited, now);
      expect(summary).toEqual({ customers: { created: 1, updated: 1, unchanged: 2 }, jobs: { created: 1, updated: 2, unchanged: 0 } });
      const after = await exportJobs(source.db, now);
      expect(after.customers).toContainEqual({ name: 'ZETA', active: true });
      expect(after.jobs.find((j) => j.jobName === 'Any host')!.archived).toBe(true);
      expect(after.jobs.find((j) => j.jobName === 'Files')).toMatchObject({ customer: 'New Customer', aliases: [expect.stringContaining('old files')] });
      expect(after.jobs.find((j) => j.jobName === 'Brand new job')!.createdAt).toBe('2025-05-05T05:05:05.000Z');
      // Jobs left out of the file stay.
      expect(after.jobs.map((j) => j.jobName)).toEqual(expect.arrayContaining(['Daily VMs', 'Retired']));
    });

    it('reports every problem of a broken file with its JSON path and writes nothing', async () => {
      const doc = await exportJobs(source.db, now);
      await importJobs(target.db, 'cli', { ...doc, jobs: [doc.jobs[3]] }, now);
      const before = await counts(target.db);
      const broken = {
        schema: 'approved_jobs_export_v0',
        customers: [{ name: 'Acme' }, { name: ' acme ' }, { active: true }, { name: 'Fresh', active: 'yes' }],
        jobs: [
          { ...doc.jobs[0], customer: 'Nobody Ltd' },
          { ...doc.jobs[1], jobName: 42 },
          { ...doc.jobs[2] },
          { ...doc.jobs[2], customer: 'ACME' },
          { ...doc.jobs[0], jobName: 'Own alias', aliases: [doc.jobs[3]!.aliases[0] ?? jobKey({ sender: 'nas@zeta.example', host: 'nas', software: 'Synology', type: 'Hyper Backup', jobName: 'Files' }), 'not a key'] },
          { customer: 'Ghost Ltd', sender: 'x@y', createdAt: 'yesterday', aliases: ['bad'] },
          'a string',
        ],
        someFutureKey: { ignored: true },
      };
      const problems = await problemsOf(importJobs(target.db, 'cli', broken, now));
      const paths = problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '$.schema',
          '$.customers[1].name',
          '$.customers[2].name',
          '$.customers[3].active',
          '$.jobs[0].customer',
          '$.jobs[1].jobName',
          '$.jobs[3]',
          '$.jobs[4].aliases[0]',
          '$.jobs[4].aliases[1]',
          '$.jobs[5].customer',
          '$.jobs[5].aliases[0]',
          '$.jobs[5].backupSoftware',
          '$.jobs[5].createdAt',
          '$.jobs[6]',
        ]),
      );
      expect(problems.find((p) => p.path === '$.jobs[0].customer')!.message).toContain('Nobody Ltd');
      expect(problems.find((p) => p.path === '$.jobs[4].aliases[0]')!.message).toMatch(/already belongs to job "Files"/);
      expect(await counts(target.db)).toEqual(before);
      expect(await problemsOf(importJobs(target.db, 'cli', [], now))).toEqual([{ path: '$', message: expect.any(String) }]);
    });

    it('ignores keys it does not know, so files of later versions still import', async () => {
      const doc = await exportJobs(source.db, now);
      const future = { ...doc, parserRules: [], customers: doc.customers.map((c) => ({ ...c, timeZone: 'Europe/Amsterdam' })), jobs: doc.jobs.map((j) => ({ ...j, remarks: [{}] })) };
      expect((await importJobs(target.db, 'cli', future, now)).jobs.created).toBe(4);
    });
  });

  describe(`jobs export and import API on ${dialect}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      await seed(api.database.db);
    });
    afterAll(async () => api.close());

    it('exports as a download for Admins and refuses Operators', async () => {
      const admin = await signIn(api, 'admin');
      const response = await admin.get('/api/v1/jobs/export');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="backupchecks-jobs-.*\.json"$/);
      expect(response.json()).toMatchObject({ schema: 'approved_jobs_export_v1', jobs: expect.any(Array) });
      const operator = await signIn(api, 'operator');
      expect((await operator.get('/api/v1/jobs/export')).statusCode).toBe(403);
      expect((await operator.post('/api/v1/jobs/import', response.json())).statusCode).toBe(403);
    });

    it('imports a valid file with the summary and audits it; a broken one is 400 with every problem', async () => {
      const admin = await signIn(api, 'admin');
      const doc = (await admin.get('/api/v1/jobs/export')).json();
      const same = await admin.post('/api/v1/jobs/import', doc);
      expect(same.statusCode).toBe(200);
      expect(same.json()).toEqual({ customers: { created: 0, updated: 0, unchanged: 3 }, jobs: { created: 0, updated: 0, unchanged: 4 } });
      const audit = await api.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'jobs.import').executeTakeFirstOrThrow();
      expect(audit.user_id).toBe(admin.userId);
      expect(JSON.parse(audit.details!)).toEqual(same.json());

      const broken = await admin.post('/api/v1/jobs/import', { ...doc, schema: 'nope', jobs: [{ ...doc.jobs[0], customer: 'Unknown' }] });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.code).toBe('validation_failed');
      expect(broken.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual(['$.schema', '$.jobs[0].customer']);
    });
  });
}
