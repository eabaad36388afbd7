import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.js';
import { insertRun } from '../src/repositories/run.repository.js';
import { setSetting } from '../src/repositories/settings.repository.js';
import { relearnAllSchedules, relearnDueSchedules, relearnJobSchedule } from '../src/services/schedule.service.js';
import { graceMinutes, installationZone, jobZone, zoneOfCustomer } from '../src/services/time-zone.service.js';
import { scheduleLearningTask } from '../src/tasks/schedule-learning.task.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';

const dayMs = 86_400_000;
const veeam = { sender: 'veeam@acme.example', host: 'vbr01', software: 'Veeam Backup & Replication', type: 'Backup Job' };

/** `count` daily runs at 21:00 UTC (22:00 in Amsterdam, winter) from 2026-11-01, each an hour long. */
async function dailyRuns(db: Db, jobId: number, count: number, first = Date.parse('2026-11-01T21:00:00.000Z'), storedAt?: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = new Date(first + i * dayMs + ((i * 7) % 5) * 60_000);
    const end = new Date(start.getTime() + 3_600_000);
    await insertRun(db, {
      job_id: jobId, message_id: null, kind: 'mail', status: 'success', original_status: 'success', overridden: 0, informational: 0,
      started_at: start.toISOString(), ended_at: end.toISOString(), received_at: end.toISOString(), reviewed_at: null, reviewed_by_user_id: null, created_at: storedAt ?? end.toISOString(),
    }, []);
  }
}

const learned = async (db: Db, jobId: number) => {
  const row = await db.selectFrom('jobs').select(['schedule_learned', 'schedule_learned_at']).where('id', '=', jobId).executeTakeFirstOrThrow();
  return { schedule: row.schedule_learned ? JSON.parse(row.schedule_learned) : null, at: row.schedule_learned_at };
};

for (const dialect of dialects) {
  describe(`schedule learning on ${dialect}`, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await createTestDatabase(dialect);
    });
    afterEach(async () => database.drop());

    it('resolves zones: customer, else the installation setting, else the default; grace defaults to 120', async () => {
      const { db } = database;
      const customer = await createCustomer(db, 'Acme');
      const job = await createJobFor(db, { ...veeam, jobName: 'Daily' }, { customerId: customer });
      expect(await installationZone(db, 'UTC')).toBe('UTC');
      expect(await graceMinutes(db)).toBe(120);
      await setSetting(db, 'schedule.time-zone', 'Europe/Berlin', new Date().toISOString());
      await setSetting(db, 'schedule.grace-minutes', '30', new Date().toISOString());
      expect(await zoneOfCustomer(db, customer, 'UTC')).toBe('Europe/Berlin');
      expect(await graceMinutes(db)).toBe(30);
      await db.updateTable('customers').set({ time_zone: 'Europe/Amsterdam' }).where('id', '=', customer).execute();
      expect(await jobZone(db, job, 'UTC')).toBe('Europe/Amsterdam');
      expect(await zoneOfCustomer(db, 999_999, 'UTC')).toBe('Europe/Berlin');
    });

    it('relearns and stores a daily schedule in the customer zone from 20 runs', async () => {
      const { db } = database;
      const customer = await createCustomer(db, 'Acme');
      await db.updateTable('customers').set({ time_zone: 'Europe/Amsterdam' }).where('id', '=', customer).execute();
      const job = await createJobFor(db, { ...veeam, jobName: 'Daily' }, { customerId: customer });
      await dailyRuns(db, job, 20);
      const now = new Date('2026-11-22T08:00:00.000Z');
      const schedule = await relearnJobSchedule(db, job, 'UTC', now);
      expect(schedule).toMatchObject({ kind: 'daily', time: '22:00', zone: 'Europe/Amsterdam', basedOn: 20, graceMinutes: 120 });
      expect(schedule!.confidence).toBeGreaterThanOrEqual(0.8);
      expect(schedule!.typicalDurationMinutes).toBe(60);
      expect(await learned(db, job)).toEqual({ schedule, at: now.toISOString() });
      expect(await relearnJobSchedule(db, 999_999, 'UTC', now)).toBeNull();
    });

    it('the learning task re-learns only jobs with runs newer than their learning (and never archived ones)', async () => {
      const { db } = database;
      const customer = await createCustomer(db, 'Acme');
      const a = await createJobFor(db, { ...veeam, jobName: 'A' }, { customerId: customer });
      const b = await createJobFor(db, { ...veeam, jobName: 'B' }, { customerId: customer });
      const archived = await createJobFor(db, { ...veeam, jobName: 'Old' }, { customerId: customer, archived: true });
      await dailyRuns(db, a, 10);
      await dailyRuns(db, b, 10);
      const context = { db, logger: pino({ level: 'silent' }), defaultTimeZone: 'UTC' };
      const first = new Date('2026-11-12T08:00:00.000Z');
      await scheduleLearningTask.run(context, first);
      expect((await learned(db, a)).at).toBe(first.toISOString());
      expect((await learned(db, b)).at).toBe(first.toISOString());
      expect((await learned(db, archived)).at).toBeNull();

      // A new run for A only, started before the learning but reported after it: the next pass
      // re-learns A and leaves B alone.
      await dailyRuns(db, a, 1, Date.parse('2026-11-11T21:00:00.000Z'), '2026-11-12T08:02:00.000Z');
      const second = new Date('2026-11-12T08:05:00.000Z');
      expect(await relearnDueSchedules(db, 'UTC', second)).toBe(1);
      expect((await learned(db, a)).at).toBe(second.toISOString());
      expect((await learned(db, b)).at).toBe(first.toISOString());
      expect(await relearnDueSchedules(db, 'UTC', new Date('2026-11-12T08:10:00.000Z'))).toBe(0);
      // A Missed run (the newest run now) is nothing to learn from: it does not queue the job again.
      await insertRun(db, {
        job_id: b, message_id: null, kind: 'missed', status: 'missed', original_status: 'missed', overridden: 0, informational: 0,
        started_at: '2026-11-12T21:00:00.000Z', ended_at: null, received_at: '2026-11-12T23:00:00.000Z', reviewed_at: null,
        reviewed_by_user_id: null, created_at: '2026-11-12T23:00:00.000Z', missed_slot: '2026-11-12T21:00:00.000Z',
      }, []);
      expect(await relearnDueSchedules(db, 'UTC', new Date('2026-11-12T23:05:00.000Z'))).toBe(0);

      // A day later everything visible is refreshed; batches are limited.
      expect(await relearnDueSchedules(db, 'UTC', new Date('2026-11-13T09:00:00.000Z'), { limit: 1 })).toBe(1);
      expect(await relearnAllSchedules(db, 'UTC', new Date('2026-11-13T09:00:00.000Z'))).toBe(3);
      expect((await learned(db, archived)).schedule).toMatchObject({ kind: 'none' });
    });
  });
}
