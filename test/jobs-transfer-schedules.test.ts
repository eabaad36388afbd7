import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { ValidationError } from '../src/domain/errors.js';
import { pinJobSchedule } from '../src/services/schedule.service.js';
import { exportJobs } from '../src/services/jobs-export.service.js';
import { importJobs } from '../src/services/jobs-import.service.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';

const now = new Date('2026-12-03T09:00:00.000Z');
const veeam = { sender: 'veeam@acme.example', host: 'vbr01.acme.example', software: 'Veeam Backup & Replication', type: 'Backup Job' };
const learned = JSON.stringify({ kind: 'daily', weekdays: [], monthDays: [], nthWeekday: null, time: '02:00', times: [], toleranceMinutes: 15, typicalDurationMinutes: 0, graceMinutes: 120, confidence: 1, basedOn: 9, zone: 'UTC' });

/** Acme in Amsterdam with a pinned weekly job and a job with only a learned schedule; Zeta without a zone. */
async function seed(db: Db): Promise<void> {
  const acme = await createCustomer(db, 'Acme');
  await createCustomer(db, 'Zeta');
  await db.updateTable('customers').set({ time_zone: 'Europe/Amsterdam' }).where('id', '=', acme).execute();
  const pinned = await createJobFor(db, { ...veeam, jobName: 'Weekly' }, { customerId: acme });
  await pinJobSchedule(db, 'cli', pinned, { kind: 'weekly', weekdays: [5], times: ['23:00', '21:00'], graceMinutes: 60 }, 'UTC', now);
  const other = await createJobFor(db, { ...veeam, jobName: 'Learned' }, { customerId: acme });
  await db.updateTable('jobs').set({ schedule_learned: learned, schedule_learned_at: now.toISOString() }).where('id', '=', other).execute();
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems.map((p) => p.path);
}

for (const dialect of dialects) {
  describe(`jobs export and import of schedules and customer time zones on ${dialect}`, () => {
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

    it('exports pinned schedules (not learned ones) and customer zones, and round-trips them', async () => {
      const original = await exportJobs(source.db, now);
      expect(original.customers).toEqual([{ name: 'Acme', active: true, timeZone: 'Europe/Amsterdam' }, { name: 'Zeta', active: true }]);
      const byName = new Map(original.jobs.map((j) => [j.jobName, j]));
      expect(byName.get('Learned')!.schedule).toBeNull();
      expect(byName.get('Weekly')!.schedule).toMatchObject({ kind: 'weekly', weekdays: [5], time: '21:00', times: ['21:00', '23:00'], graceMinutes: 60, zone: 'Europe/Amsterdam' });

      const summary = await importJobs(target.db, 'cli', JSON.parse(JSON.stringify(original)), now);
      expect(summary.jobs.created).toBe(2);
      const copy = await exportJobs(target.db, new Date('2027-01-01T00:00:00.000Z'));
      expect(JSON.stringify({ ...copy, exportedAt: null })).toBe(JSON.stringify({ ...original, exportedAt: null }));
      // Importing the same file again changes nothing.
      expect(await importJobs(target.db, 'cli', original, now)).toEqual({ customers: { created: 0, updated: 0, unchanged: 2 }, jobs: { created: 0, updated: 0, unchanged: 2 } });
    });

    it('pins a changed schedule, and leaves pins and zones alone when the file has none (older files)', async () => {
      const doc = await exportJobs(source.db, now);
      const older = JSON.parse(JSON.stringify(doc));
      for (const c of older.customers) delete c.timeZone;
      for (const j of older.jobs) delete j.schedule;
      expect(await importJobs(source.db, 'cli', older, now)).toEqual({ customers: { created: 0, updated: 0, unchanged: 2 }, jobs: { created: 0, updated: 0, unchanged: 2 } });
      for (const j of older.jobs) j.schedule = null;
      await importJobs(source.db, 'cli', older, now);
      expect(await exportJobs(source.db, now)).toEqual(doc);

      // An older file into an empty instance: no zones, no pins.
      await importJobs(target.db, 'cli', older, now);
      const plain = await exportJobs(target.db, now);
      expect(plain.customers.every((c) => c.timeZone === undefined)).toBe(true);
      expect(plain.jobs.every((j) => j.schedule === null)).toBe(true);

      const changed = JSON.parse(JSON.stringify(doc));
      changed.jobs.find((j: { jobName: string }) => j.jobName === 'Learned').schedule = { kind: 'daily', time: '03:00', zone: 'UTC' };
      changed.customers[1].timeZone = 'Asia/Tokyo';
      expect(await importJobs(source.db, 'cli', changed, now)).toEqual({ customers: { created: 0, updated: 1, unchanged: 1 }, jobs: { created: 0, updated: 1, unchanged: 1 } });
      const after = await exportJobs(source.db, now);
      expect(after.customers[1]).toEqual({ name: 'Zeta', active: true, timeZone: 'Asia/Tokyo' });
      expect(after.jobs.find((j) => j.jobName === 'Learned')!.schedule).toMatchObject({ kind: 'daily', time: '03:00', toleranceMinutes: 30, zone: 'UTC' });
    });

    it('reports bad schedules and zones with their JSON paths and writes nothing', async () => {
      const doc = JSON.parse(JSON.stringify(await exportJobs(source.db, now)));
      doc.customers[0].timeZone = 'Mars/Olympus';
      doc.jobs[0].schedule = { kind: 'daily', time: '24:30', zone: 'UTC' };
      doc.jobs[1].schedule = { kind: 'weekly', time: '22:00' };
      const paths = await problemsOf(importJobs(target.db, 'cli', doc, now));
      expect(paths.sort()).toEqual(['$.customers[0].timeZone', '$.jobs[0].schedule.time', '$.jobs[1].schedule.zone']);
      expect((await exportJobs(target.db, now)).jobs).toEqual([]);
    });
  });
}
