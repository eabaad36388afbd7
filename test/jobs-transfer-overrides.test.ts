import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { ValidationError } from '../src/domain/errors.js';
import type { OverrideDraft } from '../src/domain/overrides/override.js';
import { insertOverride } from '../src/repositories/override.repository.js';
import { insertRun } from '../src/repositories/run.repository.js';
import { exportJobs } from '../src/services/jobs-export.service.js';
import { importJobs } from '../src/services/jobs-import.service.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';

const now = new Date('2026-12-03T09:00:00.000Z');
const veeam = { sender: 'veeam@acme.example', host: 'vbr01.acme.example', software: 'Veeam Backup & Replication', type: 'Backup Job' };
const base = { objectName: null, validFrom: null, validUntil: null, comment: null };
const vss = { type: 'contains' as const, text: 'VSS writer' };

/** Acme with a job holding a job and an object override, a job without overrides, and one global override. */
async function seed(db: Db): Promise<{ ruled: number; plain: number }> {
  const acme = await createCustomer(db, 'Acme');
  const ruled = await createJobFor(db, { ...veeam, jobName: 'Daily' }, { customerId: acme });
  const plain = await createJobFor(db, { ...veeam, jobName: 'Weekly' }, { customerId: acme });
  const at = now.toISOString();
  const rules: OverrideDraft[] = [
    { ...base, scope: 'job', jobId: ruled, statuses: ['failed'], match: vss, validUntil: '2027-01-01T00:00:00.000Z', comment: 'ticket 4711' },
    { ...base, scope: 'object', jobId: ruled, objectName: 'SQL01', statuses: ['warning', 'failed'], match: { type: 'regex', text: '(?i)^disk' } },
    { ...base, scope: 'global', jobId: null, statuses: ['warning'], match: { type: 'exact', text: 'Retry succeeded' } },
  ];
  for (const rule of rules) await insertOverride(db, rule, at, null);
  return { ruled, plain };
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems.map((p) => p.path);
}

const overrideCount = async (db: Db) => Number((await db.selectFrom('overrides').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of dialects) {
  describe(`jobs export and import of overrides on ${dialect}`, () => {
    let source: TestDatabase;
    let target: TestDatabase;
    beforeEach(async () => {
      source = await createTestDatabase(dialect);
      target = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      await source.drop();
      await target.drop();
    });

    it('exports job, object and global overrides and round-trips them; importing again changes nothing', async () => {
      await seed(source.db);
      const original = await exportJobs(source.db, now);
      const [daily, weekly] = original.jobs;
      expect(daily!.overrides).toEqual([
        { scope: 'job', statuses: ['failed'], match: vss, validUntil: '2027-01-01T00:00:00.000Z', comment: 'ticket 4711' },
        { scope: 'object', objectName: 'SQL01', statuses: ['warning', 'failed'], match: { type: 'regex', text: '(?i)^disk' } },
      ]);
      expect(weekly).not.toHaveProperty('overrides');
      expect(original.overrides).toEqual([{ scope: 'global', statuses: ['warning'], match: { type: 'exact', text: 'Retry succeeded' } }]);

      const summary = await importJobs(target.db, 'cli', JSON.parse(JSON.stringify(original)), now);
      expect(summary).toMatchObject({ jobs: { created: 2 }, overrides: { created: 3, deleted: 0, unchanged: 0 } });
      const copy = await exportJobs(target.db, new Date('2027-01-01T00:00:00.000Z'));
      expect(JSON.stringify({ ...copy, exportedAt: null })).toBe(JSON.stringify({ ...original, exportedAt: null }));

      const ids = await target.db.selectFrom('overrides').select('id').orderBy('id').execute();
      expect(await importJobs(target.db, 'cli', original, now)).toEqual({
        customers: { created: 0, updated: 0, unchanged: 1 }, jobs: { created: 0, updated: 0, unchanged: 2 }, overrides: { created: 0, deleted: 0, unchanged: 3 },
      });
      expect(await target.db.selectFrom('overrides').select('id').orderBy('id').execute()).toEqual(ids);
    });

    it("replaces a job's overrides when the key is present, leaves them when absent, and re-applies them to unreviewed runs", async () => {
      const { ruled, plain } = await seed(source.db);
      const doc = await exportJobs(source.db, now);
      const at = '2026-12-02T01:00:00.000Z';
      const runId = await insertRun(
        source.db,
        { job_id: plain, message_id: null, kind: 'mail', status: 'failed', original_status: 'failed', overridden: 0, informational: 0, started_at: at, ended_at: null, received_at: at, reviewed_at: null, reviewed_by_user_id: null, created_at: at },
        [{ name: 'SQL01', type: 'VM', status: 'failed', message: 'VSS writer timed out' }],
      );
      const changed = {
        ...doc,
        overrides: undefined,
        jobs: [{ ...doc.jobs[0]!, overrides: undefined }, { ...doc.jobs[1]!, overrides: [{ scope: 'job', statuses: ['failed'], match: vss }] }],
      };
      const summary = await importJobs(source.db, 'cli', JSON.parse(JSON.stringify(changed)), now);
      expect(summary).toEqual({ customers: { created: 0, updated: 0, unchanged: 1 }, jobs: { created: 0, updated: 1, unchanged: 1 }, overrides: { created: 1, deleted: 0, unchanged: 0 } });
      expect(await overrideCount(source.db)).toBe(4);
      expect(await source.db.selectFrom('runs').select(['status', 'overridden']).where('id', '=', runId).executeTakeFirstOrThrow()).toEqual({ status: 'success', overridden: 1 });

      const emptied = { ...doc, overrides: [], jobs: [{ ...doc.jobs[0]!, overrides: [] }, doc.jobs[1]!] };
      expect((await importJobs(source.db, 'cli', emptied, now)).overrides).toEqual({ created: 0, deleted: 3, unchanged: 0 });
      expect(await source.db.selectFrom('overrides').select(['job_id', 'scope']).execute()).toEqual([{ job_id: plain, scope: 'job' }]);
      expect(ruled).not.toBe(plain);
    });

    it('imports files without overrides as before (older files), and reports bad overrides by JSON path, writing nothing', async () => {
      await seed(source.db);
      const { overrides: _global, ...older } = await exportJobs(source.db, now);
      const olderJobs = older.jobs.map(({ overrides: _rules, ...job }) => job);
      expect(await importJobs(source.db, 'cli', { ...older, jobs: olderJobs }, now)).toEqual({ customers: { created: 0, updated: 0, unchanged: 1 }, jobs: { created: 0, updated: 0, unchanged: 2 } });
      expect(await overrideCount(source.db)).toBe(3);

      const broken = {
        ...older,
        overrides: [{ scope: 'job', statuses: ['warning'], match: vss }, { statuses: ['warning'], match: { type: 'exact', text: 'ok' } }],
        jobs: [
          { ...olderJobs[0]!, overrides: [{ scope: 'object', statuses: [], match: { type: 'regex', text: '(a)\\1' } }, { scope: 'global', statuses: ['failed'], match: vss }, 'x'] },
          { ...olderJobs[1]!, overrides: { scope: 'job' } },
        ],
      };
      expect((await problemsOf(importJobs(target.db, 'cli', broken, now))).sort()).toEqual(
        [
          '$.overrides[0].scope',
          '$.jobs[0].overrides[0].objectName',
          '$.jobs[0].overrides[0].statuses',
          '$.jobs[0].overrides[0].match.text',
          '$.jobs[0].overrides[1].scope',
          '$.jobs[0].overrides[2]',
          '$.jobs[1].overrides',
        ].sort(),
      );
      expect(await overrideCount(target.db)).toBe(0);
      expect((await exportJobs(target.db, now)).jobs).toEqual([]);
    });
  });
}
