import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { expectedSlots } from '../src/domain/schedule/expected-slots.js';
import { parseSchedule } from '../src/domain/schedule/schedule.js';
import { insertMaintenanceWindow } from '../src/repositories/maintenance-window.repository.js';
import { evaluateMissedRuns } from '../src/services/missed-runs.service.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer } from './support/factories.js';
import { createScheduledJob, mailRun, missedRuns, utc } from './support/schedule-fixtures.js';

const minute = 60_000;
const daily0200 = { kind: 'daily', time: '02:00', toleranceMinutes: 30, typicalDurationMinutes: 0, graceMinutes: 120 };

describe.each(dialects)('Missed runs on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.drop());
  const evaluate = (now: Date | string) => evaluateMissedRuns(t.db, { defaultZone: 'UTC', now: typeof now === 'string' ? utc(now) : now });

  it('creates none a minute before the deadline, one at the deadline, and no second one after grace', async () => {
    const jobId = await createScheduledJob(t.db, daily0200, { storedAt: '2026-05-09T12:00:00Z' });
    // 02:00 + 0 duration + 120 grace: the deadline is 04:00.
    expect((await evaluate('2026-05-10T03:59:00')).created).toBe(0);
    expect(await missedRuns(t.db, jobId)).toHaveLength(0);
    expect((await evaluate('2026-05-10T04:00:00')).created).toBe(1);
    expect((await evaluate('2026-05-10T06:30:00')).created).toBe(0);
    const missed = await missedRuns(t.db, jobId);
    expect(missed.map((r) => [r.missed_slot, r.status, r.original_status, r.started_at, r.received_at])).toEqual([
      ['2026-05-10T02:00:00.000Z', 'missed', 'missed', '2026-05-10T02:00:00.000Z', '2026-05-10T04:00:00.000Z'],
    ]);
    const job = await t.db.selectFrom('jobs').select(['last_run_status', 'missed_evaluated_until']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job).toEqual({ last_run_status: 'missed', missed_evaluated_until: '2026-05-10T06:30:00.000Z' });
  });

  it('creates the Missed run when the first evaluation comes only after grace', async () => {
    const jobId = await createScheduledJob(t.db, daily0200, { storedAt: '2026-05-09T12:00:00Z' });
    await evaluate('2026-05-10T07:00:00');
    expect((await missedRuns(t.db, jobId)).map((r) => r.missed_slot)).toEqual(['2026-05-10T02:00:00.000Z']);
  });

  it('does not miss a slot met inside its window, at either end', async () => {
    const jobId = await createScheduledJob(t.db, daily0200, { storedAt: '2026-05-09T12:00:00Z' });
    await mailRun(t.db, jobId, '2026-05-10T01:30:00Z', '2026-05-10T01:45:00Z');
    await mailRun(t.db, jobId, '2026-05-11T02:30:00Z', '2026-05-11T02:45:00Z');
    await evaluate('2026-05-11T12:00:00');
    expect(await missedRuns(t.db, jobId)).toHaveLength(0);
  });

  for (const night of [
    { name: 'spring-forward', from: '2026-03-27', to: '2026-03-31' },
    { name: 'fall-back', from: '2026-10-23', to: '2026-10-27' },
  ]) {
    it(`02:30 in Europe/Amsterdam across the ${night.name} night: no false Missed run, one slot per night`, async () => {
      const customerId = await createCustomer(t.db);
      const schedule = { kind: 'daily', time: '02:30', toleranceMinutes: 15, typicalDurationMinutes: 30, graceMinutes: 120, confidence: 0.95, zone: 'Europe/Amsterdam' };
      const jobId = await createScheduledJob(t.db, schedule, { customerId, pinned: false, storedAt: `${night.from}T00:00:00Z` });
      const parsed = parseSchedule(schedule);
      // The device starts at the (DST-shifted) slot plus 5 minutes and reports 40 minutes later.
      const pending = expectedSlots(parsed, night.from, night.to).map((s) => ({ startedAt: new Date(s.expectedAt.getTime() + 5 * minute), receivedAt: new Date(s.expectedAt.getTime() + 45 * minute) }));
      for (let day = night.from; day <= night.to; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
        expect(expectedSlots(parsed, day, day)).toHaveLength(1);
      }
      const end = Date.parse(`${night.to}T23:59:00Z`);
      for (let now = Date.parse(`${night.from}T00:00:00Z`); now <= end; now += 15 * minute) {
        while (pending.length > 0 && pending[0]!.receivedAt.getTime() <= now) {
          const run = pending.shift()!;
          await mailRun(t.db, jobId, run.startedAt, run.receivedAt);
        }
        await evaluate(new Date(now));
      }
      expect(await missedRuns(t.db)).toHaveLength(0);
    });
  }

  it('does not miss a 22:00 full backup that reports at 06:00 (learned duration 8 hours)', async () => {
    const jobId = await createScheduledJob(t.db, { kind: 'daily', time: '22:00', toleranceMinutes: 30, typicalDurationMinutes: 480, graceMinutes: 120 }, { storedAt: '2026-05-10T12:00:00Z' });
    await evaluate('2026-05-10T21:00:00');
    for (let now = Date.parse('2026-05-10T21:00:00Z'); now <= Date.parse('2026-05-11T09:00:00Z'); now += 30 * minute) {
      if (now === Date.parse('2026-05-11T06:00:00Z')) await mailRun(t.db, jobId, '2026-05-10T22:05:00Z', '2026-05-11T06:00:00Z');
      await evaluate(new Date(now));
    }
    expect(await missedRuns(t.db, jobId)).toHaveLength(0);
  });

  it('resolves the Missed run of a 22:00 backup without learned duration when its report arrives at 06:00, and marks the run late', async () => {
    const jobId = await createScheduledJob(t.db, { kind: 'daily', time: '22:00', toleranceMinutes: 30 }, { storedAt: '2026-05-10T12:00:00Z' });
    await evaluate('2026-05-11T00:00:00');
    const [missed] = await missedRuns(t.db, jobId);
    expect(missed?.resolved_by_run_id).toBeNull();
    const runId = await mailRun(t.db, jobId, '2026-05-10T22:05:00Z', '2026-05-11T06:00:00Z');
    const after = await t.db.selectFrom('runs').select(['id', 'resolved_by_run_id', 'late']).where('job_id', '=', jobId).orderBy('id').execute();
    expect(after).toEqual([
      { id: missed!.id, resolved_by_run_id: runId, late: 0 },
      { id: runId, resolved_by_run_id: null, late: 1 },
    ]);
  });

  it('resolves a weekly Missed run with a run days later, but a run of the next slot does not resolve the previous one', async () => {
    const weekly = await createScheduledJob(t.db, { kind: 'weekly', weekdays: [1], time: '20:00', toleranceMinutes: 30 }, { storedAt: '2026-05-11T00:00:00Z' });
    const twice = await createScheduledJob(t.db, { kind: 'daily', times: ['02:00', '14:00'], toleranceMinutes: 30 }, { storedAt: '2026-05-11T00:00:00Z' });
    await evaluate('2026-05-11T23:00:00'); // Monday 11 May: weekly 20:00 missed; 02:00 of `twice` missed
    expect((await missedRuns(t.db)).map((r) => [r.job_id, r.missed_slot])).toEqual([
      [weekly, '2026-05-11T20:00:00.000Z'],
      [twice, '2026-05-11T02:00:00.000Z'],
      [twice, '2026-05-11T14:00:00.000Z'],
    ]);
    const lateRun = await mailRun(t.db, weekly, '2026-05-13T09:00:00Z', '2026-05-13T10:00:00Z');
    const nextSlotRun = await mailRun(t.db, twice, '2026-05-12T02:05:00Z', '2026-05-12T03:00:00Z');
    const rows = await t.db.selectFrom('runs').select(['id', 'job_id', 'missed_slot', 'resolved_by_run_id', 'late']).orderBy('id').execute();
    expect(rows.find((r) => r.job_id === weekly && r.missed_slot)?.resolved_by_run_id).toBe(lateRun);
    expect(rows.find((r) => r.id === lateRun)?.late).toBe(1);
    expect(rows.filter((r) => r.job_id === twice && r.missed_slot).map((r) => r.resolved_by_run_id)).toEqual([null, null]);
    expect(rows.find((r) => r.id === nextSlotRun)?.late).toBe(0);
  });

  it('after two days of downtime creates the Missed runs of those days, and none older than 7 days', async () => {
    const recent = await createScheduledJob(t.db, daily0200, { storedAt: '2026-04-01T00:00:00Z', evaluatedUntil: '2026-05-08T12:00:00.000Z' });
    const longAgo = await createScheduledJob(t.db, daily0200, { storedAt: '2026-04-01T00:00:00Z', evaluatedUntil: '2026-04-20T12:00:00.000Z' });
    // A learned schedule re-stored by the learner after the restart: its newer time does not hide the downtime's slots.
    const relearned = await createScheduledJob(t.db, daily0200, { pinned: false, storedAt: '2026-05-10T11:55:00Z', evaluatedUntil: '2026-05-08T12:00:00.000Z' });
    await evaluate('2026-05-10T12:00:00');
    expect((await missedRuns(t.db, recent)).map((r) => r.missed_slot)).toEqual(['2026-05-09T02:00:00.000Z', '2026-05-10T02:00:00.000Z']);
    expect(await missedRuns(t.db, relearned)).toHaveLength(2);
    const old = (await missedRuns(t.db, longAgo)).map((r) => r.missed_slot);
    expect(old).toHaveLength(7);
    expect(old[0]).toBe('2026-05-04T02:00:00.000Z');
  });

  it('creates none for slots before the schedule existed', async () => {
    const jobId = await createScheduledJob(t.db, daily0200, { storedAt: '2026-05-08T12:00:00Z' });
    await evaluate('2026-05-10T12:00:00');
    expect((await missedRuns(t.db, jobId)).map((r) => r.missed_slot)).toEqual(['2026-05-09T02:00:00.000Z', '2026-05-10T02:00:00.000Z']);
  });

  it('creates none for learned confidence below 0.8, archived jobs, inactive customers, or inside a maintenance window', async () => {
    const stored = { storedAt: '2026-05-08T12:00:00Z' };
    await createScheduledJob(t.db, { ...daily0200, confidence: 0.79 }, { ...stored, pinned: false });
    await createScheduledJob(t.db, daily0200, { ...stored, archived: true });
    await createScheduledJob(t.db, daily0200, { ...stored, customerId: await createCustomer(t.db, undefined, false) });
    const maintained = await createCustomer(t.db);
    await createScheduledJob(t.db, daily0200, { ...stored, customerId: maintained });
    await insertMaintenanceWindow(t.db, { customerId: maintained, startsAt: '2026-05-09T00:00:00.000Z', endsAt: '2026-05-10T00:00:00.000Z', reason: 'move', createdAt: stored.storedAt, createdBy: null });
    const confident = await createScheduledJob(t.db, { ...daily0200, confidence: 0.8 }, { ...stored, pinned: false });
    await evaluate('2026-05-09T23:00:00');
    expect((await missedRuns(t.db)).map((r) => r.job_id)).toEqual([confident]);
    // Slots after the window are Missed again.
    await evaluate('2026-05-10T05:00:00');
    expect((await missedRuns(t.db)).map((r) => r.job_id).sort()).toEqual([confident, confident, maintained].sort());
  });
});

// Several instances share one database only on PostgreSQL (with SQLite there is one server process), and
// two SQLite connections in one process would block each other's event loop; so this race runs on PostgreSQL.
describe('Missed runs with two instances on postgres', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase('postgres');
  });
  afterEach(async () => t.drop());

  it('creates each Missed run once when two instances evaluate at once', async () => {
    const jobIds: number[] = [];
    for (let i = 0; i < 12; i++) jobIds.push(await createScheduledJob(t.db, { kind: 'daily', times: ['01:00', '09:00', '17:00'], toleranceMinutes: 30 }, { storedAt: '2026-05-01T00:00:00Z', evaluatedUntil: '2026-05-08T00:00:00.000Z' }));
    const second = openDatabase(t.url);
    try {
      for (const now of ['2026-05-10T00:00:00', '2026-05-10T12:00:00']) {
        const results = await Promise.all([evaluateMissedRuns(t.db, { defaultZone: 'UTC', now: utc(now) }), evaluateMissedRuns(second.db, { defaultZone: 'UTC', now: utc(now) })]);
        expect(results[0].created + results[1].created).toBe(now.endsWith('00:00:00') && now.startsWith('2026-05-10T00') ? 12 * 6 : 12 * 2);
      }
    } finally {
      await second.close();
    }
    const missed = await missedRuns(t.db);
    expect(missed).toHaveLength(12 * 8);
    expect(new Set(missed.map((r) => `${r.job_id} ${r.missed_slot}`)).size).toBe(12 * 8);
  });
});
