import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { expectedSlots } from '../../src/domain/schedule/expected-slots.js';
import { addDays } from '../../src/domain/schedule/local-time.js';
import { parseSchedule } from '../../src/domain/schedule/schedule.js';
import { insertMaintenanceWindow } from '../../src/repositories/maintenance-window.repository.js';
import { evaluateMissedRuns } from '../../src/services/missed-runs.service.js';
import { signIn, type Client, startTestApi, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer } from '../support/factories.js';
import { createScheduledJob, mailRun } from '../support/schedule-fixtures.js';

const minute = 60_000;

for (const dialect of dialects) {
  describe(`Daily Jobs on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let admin: Client;
    let operator: Client;
    const today = new Date().toISOString().slice(0, 10); // the test app's installation zone is UTC
    const day = addDays(today, -5);
    const jobs: Record<string, number> = {};
    let reviewedRun = 0;

    /**
     * Three weeks of history up to yesterday for two customers (Alpha in Europe/Amsterdam, Bravo in the
     * installation's UTC): every slot met 5 minutes late-ish inside its window, except on `day`, where
     * A1 failed, A2 never ran, B1's 18:00 never ran and B2's 22:00 full backup reported the next morning.
     */
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      const alpha = await createCustomer(db, 'Alpha');
      await db.updateTable('customers').set({ time_zone: 'Europe/Amsterdam' }).where('id', '=', alpha).execute();
      const bravo = await createCustomer(db, 'Bravo');
      const storedAt = `${addDays(today, -30)}T00:00:00Z`;
      const schedules: Record<string, { customerId: number; zone: string; schedule: Record<string, unknown> }> = {
        A1: { customerId: alpha, zone: 'Europe/Amsterdam', schedule: { kind: 'daily', time: '02:00', zone: 'Europe/Amsterdam' } },
        A2: { customerId: alpha, zone: 'Europe/Amsterdam', schedule: { kind: 'daily', time: '01:00', zone: 'Europe/Amsterdam' } },
        B1: { customerId: bravo, zone: 'UTC', schedule: { kind: 'daily', times: ['06:00', '18:00'] } },
        B2: { customerId: bravo, zone: 'UTC', schedule: { kind: 'daily', time: '22:00' } },
      };
      for (const [name, s] of Object.entries(schedules)) jobs[name] = await createScheduledJob(db, s.schedule, { customerId: s.customerId, storedAt, jobName: name });
      // Not listed: an unconfident learned schedule, an archived job, a weekly job not due that weekday.
      await createScheduledJob(db, { kind: 'daily', time: '03:00', confidence: 0.5 }, { customerId: bravo, storedAt, pinned: false, jobName: 'B3' });
      await createScheduledJob(db, { kind: 'daily', time: '03:00' }, { customerId: bravo, storedAt, archived: true, jobName: 'B4' });
      const otherWeekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 2) % 7) + 1; // ISO weekday of day + 1
      await createScheduledJob(db, { kind: 'weekly', weekdays: [otherWeekday], time: '03:00' }, { customerId: bravo, storedAt, jobName: 'B5' });

      let lateB2: { started: Date; received: Date } | null = null;
      for (let d = addDays(today, -21); d < today; d = addDays(d, 1)) {
        for (const [name, s] of Object.entries(schedules)) {
          for (const slot of expectedSlots(parseSchedule({ zone: 'UTC', ...s.schedule }), d, d, { zone: s.zone })) {
            const started = new Date(slot.expectedAt.getTime() + 5 * minute);
            const isDay = d === day;
            if (isDay && (name === 'A2' || (name === 'B1' && started.getUTCHours() === 18))) continue;
            if (isDay && name === 'B2') {
              lateB2 = { started, received: new Date(`${addDays(day, 1)}T06:00:00Z`) };
              continue;
            }
            const id = await mailRun(db, jobs[name]!, started, new Date(started.getTime() + 25 * minute), isDay && name === 'A1' ? 'failed' : 'success');
            if (isDay && name === 'A1') reviewedRun = id;
          }
        }
      }
      await db.updateTable('runs').set({ reviewed_at: `${day}T09:00:00.000Z`, reviewed_by_user_id: admin.userId }).where('id', '=', reviewedRun).execute();
      // The task runs just after midnight (B2's slot is Missed then), its report arrives at 06:00.
      await evaluateMissedRuns(db, { defaultZone: 'UTC', now: new Date(`${addDays(day, 1)}T00:30:00Z`) });
      await mailRun(db, jobs.B2!, lateB2!.started, lateB2!.received);
      await evaluateMissedRuns(db, { defaultZone: 'UTC', now: new Date(`${addDays(day, 1)}T12:00:00Z`) });
    });
    afterAll(async () => api.close());

    it('shows met, failed, missed and late slots of a past date, one row per slot, by customer then expected start', async () => {
      const response = await admin.get(`/api/v1/daily-jobs?date=${day}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
      const rows = body.items.map((r: any) => [r.customerName, r.jobName, r.status, r.late]);
      expect(rows).toEqual([
        ['Alpha', 'A2', 'missed', false],
        ['Alpha', 'A1', 'failed', false],
        ['Bravo', 'B1', 'success', false],
        ['Bravo', 'B1', 'missed', false],
        ['Bravo', 'B2', 'success', true],
      ]);
      const a1 = body.items[1];
      expect(a1).toMatchObject({
        jobId: jobs.A1, backupSoftware: 'Veeam', backupType: 'Backup Job', schedule: { description: 'Daily at 02:00', pinned: true },
        runId: reviewedRun, reviewedAt: `${day}T09:00:00.000Z`,
      });
      expect(a1.reviewedBy).toMatch(/^user/);
      expect(a1.lastRun).toMatchObject({ status: 'success' });
      // A2's Missed run is the row's run; 01:00 in Amsterdam is the evening before in UTC.
      const missedRun = await db.selectFrom('runs').select(['id', 'missed_slot']).where('job_id', '=', jobs.A2!).where('kind', '=', 'missed').execute();
      expect(missedRun).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ runId: missedRun[0]!.id, expectedAt: missedRun[0]!.missed_slot });
    });

    it('shows the reviewed fields to Admins only', async () => {
      const items = (await operator.get(`/api/v1/daily-jobs?date=${day}`)).json().items;
      expect(items).toHaveLength(5);
      for (const item of items) expect(Object.keys(item)).not.toContain('reviewedAt');
      expect(Object.keys(items[0])).not.toContain('reviewedBy');
    });

    it('shows future slots as expected, pages, and refuses a bad date', async () => {
      const future = (await admin.get(`/api/v1/daily-jobs?date=${addDays(today, 2)}&pageSize=2`)).json();
      expect(future.total).toBe(5);
      expect(future.items.map((r: any) => r.status)).toEqual(['expected', 'expected']);
      expect((await admin.get('/api/v1/daily-jobs')).statusCode).toBe(200);
      expect((await admin.get('/api/v1/daily-jobs?date=2026-02-30')).statusCode).toBe(400);
    });

    it('leaves out slots inside a maintenance window and slots before a pinned schedule existed, as the Missed-runs task does', async () => {
      const db = api.database.db;
      const customerId = await createCustomer(db, `Windows ${dialect}`);
      const jobId = await createScheduledJob(db, { kind: 'daily', time: '04:00', toleranceMinutes: 30 }, { customerId, storedAt: `${addDays(today, -20)}T12:00:00.000Z`, jobName: 'Window job' });
      await insertMaintenanceWindow(db, { customerId, startsAt: `${addDays(today, -10)}T00:00:00.000Z`, endsAt: `${addDays(today, -9)}T00:00:00.000Z`, reason: 'move', createdAt: new Date().toISOString(), createdBy: 'test' });
      const rowsOn = async (date: string) => (await admin.get(`/api/v1/daily-jobs?date=${date}&pageSize=500`)).json().items.filter((r: any) => r.jobId === jobId);
      expect(await rowsOn(addDays(today, -10))).toEqual([]);
      expect(await rowsOn(addDays(today, -25))).toEqual([]);
      expect((await rowsOn(addDays(today, -11))).map((r: any) => r.status)).toEqual(['missed']);
    });

    it('lists Missed runs in the job history, and deleting the job removes them', async () => {
      const history = (await admin.get(`/api/v1/jobs/${jobs.A2}/runs?pageSize=100`)).json();
      expect(history.items.filter((r: any) => r.kind === 'missed')).toHaveLength(1);
      const deleted = (await admin.delete(`/api/v1/jobs/${jobs.A2}`)).json();
      expect(deleted.deleted.runs).toBe(history.total);
      expect(await db.selectFrom('runs').select('id').where('job_id', '=', jobs.A2!).execute()).toEqual([]);
    });
  });
}
