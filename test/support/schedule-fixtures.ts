import type { Db } from '../../src/db/connect.js';
import { parseSchedule } from '../../src/domain/schedule/schedule.js';
import { insertRun } from '../../src/repositories/run.repository.js';
import { createJobFor } from './factories.js';

let jobs = 0;

/** A job with a schedule stored as the learner (or a pin) stores it; the schedule JSON goes through parseSchedule. */
export async function createScheduledJob(
  db: Db,
  schedule: Record<string, unknown>,
  options: { customerId?: number; pinned?: boolean; storedAt?: string; archived?: boolean; jobName?: string; evaluatedUntil?: string } = {},
): Promise<number> {
  const n = ++jobs;
  const jobId = await createJobFor(
    db,
    { sender: `backup${n}@example.com`, host: `host${n}`, software: 'Veeam', type: 'Backup Job', jobName: options.jobName ?? `Job ${n}` },
    { customerId: options.customerId, archived: options.archived },
  );
  const json = JSON.stringify(parseSchedule({ zone: 'UTC', ...schedule }));
  const storedAt = options.storedAt ?? '2020-01-01T00:00:00.000Z';
  await db
    .updateTable('jobs')
    .set(options.pinned === false ? { schedule_learned: json, schedule_learned_at: storedAt } : { schedule_pinned: json, schedule_pinned_at: storedAt })
    .set({ missed_evaluated_until: options.evaluatedUntil ?? null })
    .where('id', '=', jobId)
    .execute();
  return jobId;
}

/** A run from mail, inserted as the pipeline inserts it (insertRun: last run, late arrivals). */
export async function mailRun(db: Db, jobId: number, startedAt: string | Date, receivedAt: string | Date, status = 'success'): Promise<number> {
  const iso = (t: string | Date) => (typeof t === 'string' ? new Date(t) : t).toISOString();
  return insertRun(
    db,
    {
      job_id: jobId, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0,
      started_at: iso(startedAt), ended_at: null, received_at: iso(receivedAt), reviewed_at: null, reviewed_by_user_id: null, created_at: iso(receivedAt),
    },
    [],
  );
}

export async function missedRuns(db: Db, jobId?: number) {
  let query = db.selectFrom('runs').selectAll().where('kind', '=', 'missed');
  if (jobId !== undefined) query = query.where('job_id', '=', jobId);
  return query.orderBy('job_id').orderBy('missed_slot').execute();
}

export const utc = (text: string) => new Date(text.endsWith('Z') ? text : `${text}Z`);
