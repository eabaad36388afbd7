import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunTable } from '../db/schema.js';
import { isPostgres } from '../db/migrations/dialect.js';
import type { ReportObject } from '../domain/parse-result.js';
import { expectedSlots, slotAt } from '../domain/schedule/expected-slots.js';
import { localParts } from '../domain/schedule/local-time.js';
import { effectiveSchedule } from '../services/effective-schedule.js';
import { linkOpenNotesToRun } from './note.repository.js';

/** An object to store; `overridden`/`overrideId` come from applyToNewRun (override-apply.service.ts) when overrides were applied. */
export type StoredObjectInput = ReportObject & { overridden?: boolean; overrideId?: number | null };

export async function insertRun(db: Db, run: Insertable<RunTable>, objects: StoredObjectInput[]): Promise<number> {
  const sortAt = run.started_at ?? run.received_at;
  const { id } = await db.insertInto('runs').values({ ...run, sort_at: sortAt }).returning('id').executeTakeFirstOrThrow();
  if (objects.length > 0) {
    await db
      .insertInto('run_objects')
      .values(
        objects.map((o, position) => ({
          run_id: id, position, name: o.name, type: o.type, status: o.status, message: o.message, overridden: o.overridden ? 1 : 0, override_id: o.overrideId ?? null,
        })),
      )
      .execute();
  }
  await advanceJobLastRun(db, run.job_id, { id, status: run.status, sortAt });
  if (run.kind === 'mail' && run.started_at) await resolveMissedRunFor(db, run.job_id, id, run.started_at);
  await linkOpenNotesToRun(db, { id, jobId: run.job_id, receivedAt: run.received_at }, objects.map((o) => o.name));
  return id;
}

/**
 * Stores a Missed run unless the job already has one for that slot (the unique index on
 * (job_id, missed_slot)), so two instances evaluating at once create it once. True when inserted.
 */
export async function insertMissedRun(db: Db, jobId: number, slot: string, now: string): Promise<boolean> {
  const row = await db
    .insertInto('runs')
    .values({
      job_id: jobId, message_id: null, kind: 'missed', status: 'missed', original_status: 'missed', overridden: 0, informational: 0,
      started_at: slot, ended_at: null, received_at: now, reviewed_at: null, reviewed_by_user_id: null, created_at: now, sort_at: slot, missed_slot: slot,
    })
    .onConflict((oc) => oc.columns(['job_id', 'missed_slot']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await advanceJobLastRun(db, jobId, { id: row.id, status: 'missed', sortAt: slot });
  await linkOpenNotesToRun(db, { id: row.id, jobId, receivedAt: now }, []);
  return true;
}

/**
 * Locks a job's row against writers of its runs until the transaction ends (PostgreSQL; SQLite's
 * BEGIN IMMEDIATE already excludes them). FOR NO KEY UPDATE, not FOR UPDATE: inserting a run takes a
 * KEY SHARE lock on its job, which FOR UPDATE would wait for, deadlocking two mails of one job.
 */
export async function lockJobRuns(db: Db, jobId: number): Promise<void> {
  if (isPostgres(db)) await db.selectFrom('jobs').select('id').where('id', '=', jobId).forNoKeyUpdate().execute();
}

const hourMs = 3_600_000;

/**
 * A mail run that arrives for a slot that already has a Missed run resolves it (DESIGN §9): the Missed
 * run gets `resolved_by_run_id`, the mail run `late = 1`. Which Missed run, among the job's unresolved
 * ones from 35 days before the start to 12 hours after it (one range on the (job_id, missed_slot)
 * index, empty for nearly every mail):
 * - the one whose tolerance window holds the start (the run was on time, its report late: a 22:00
 *   backup without learned duration reporting at 06:00), else
 * - the latest one before the start, when the run started before the next slot's window opens (the
 *   `late` verdict of slotVerdict); a run of the next slot does not resolve the previous one;
 * - without an effective schedule (unpinned meanwhile): the latest one up to 24 hours before the start.
 * The job row is locked first so the Missed-runs task, which holds the same lock while it decides,
 * cannot create a Missed run this mail would have met without this mail seeing it.
 */
export async function resolveMissedRunFor(db: Db, jobId: number, runId: number, startedAt: string): Promise<number | null> {
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return null;
  await lockJobRuns(db, jobId);
  const candidates = await db
    .selectFrom('runs')
    .select(['id', 'missed_slot'])
    .where('job_id', '=', jobId)
    .where('missed_slot', '>=', new Date(start - 35 * 24 * hourMs).toISOString())
    .where('missed_slot', '<=', new Date(start + 12 * hourMs).toISOString())
    .where('resolved_by_run_id', 'is', null)
    .orderBy('missed_slot', 'desc')
    .execute();
  if (candidates.length === 0) return null;
  const job = await db.selectFrom('jobs').select(['schedule_learned', 'schedule_learned_at', 'schedule_pinned', 'schedule_pinned_at']).where('id', '=', jobId).executeTakeFirst();
  const schedule = job ? effectiveSchedule(job, 0)?.schedule : undefined;
  const resolved = schedule ? pickBySchedule(schedule, candidates, start) : candidates.find((c) => Date.parse(c.missed_slot!) <= start && Date.parse(c.missed_slot!) >= start - 24 * hourMs);
  if (!resolved) return null;
  const result = await db.updateTable('runs').set({ resolved_by_run_id: runId }).where('id', '=', resolved.id).where('resolved_by_run_id', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  await db.updateTable('runs').set({ late: 1 }).where('id', '=', runId).execute();
  return resolved.id;
}

type Candidate = { id: number; missed_slot: string | null };
type SlotSchedule = NonNullable<ReturnType<typeof effectiveSchedule>>['schedule'];

function pickBySchedule(schedule: SlotSchedule, candidates: Candidate[], start: number): Candidate | undefined {
  const inWindow = candidates.find((c) => {
    const slot = slotAt(schedule, new Date(c.missed_slot!));
    return start >= slot.windowStart.getTime() && start <= slot.windowEnd.getTime();
  });
  if (inWindow) return inWindow;
  const before = candidates.find((c) => Date.parse(c.missed_slot!) < start);
  if (!before) return undefined;
  const slot = slotAt(schedule, new Date(before.missed_slot!));
  const next = expectedSlots(schedule, localParts(slot.expectedAt, schedule.zone).date, localParts(start, schedule.zone).date).find(
    (s) => s.expectedAt.getTime() > slot.expectedAt.getTime(),
  );
  return next && next.windowStart.getTime() <= start ? undefined : before;
}

/**
 * Makes the run the job's last run if it comes after the current one in history order (sort_at, then
 * id). A late mail about an older backup leaves the last run alone. The condition is in the UPDATE, so
 * two instances inserting runs of one job at once on PostgreSQL end with the right one.
 */
async function advanceJobLastRun(db: Db, jobId: number, run: { id: number; status: string; sortAt: string }): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ last_run_id: run.id, last_run_status: run.status, last_run_at: run.sortAt })
    .where('id', '=', jobId)
    .where((eb) =>
      eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<', run.sortAt), eb.and([eb('last_run_at', '=', run.sortAt), eb('last_run_id', '<', run.id)])]),
    )
    .execute();
}

/** The run a message became, if it is linked to a job. */
export async function runIdOfMessage(db: Db, messageId: number): Promise<number | null> {
  const row = await db.selectFrom('runs').select('id').where('message_id', '=', messageId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Recomputes a job's last run from its runs: after runs are deleted, or when the status of its last run
 * changes (overrides). Everything that deletes runs or changes runs.status calls this.
 */
export async function refreshJobLastRun(db: Db, jobId: number): Promise<void> {
  const last = await db
    .selectFrom('runs')
    .select(['id', 'status', 'sort_at'])
    .where('job_id', '=', jobId)
    .orderBy('sort_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .updateTable('jobs')
    .set({ last_run_id: last?.id ?? null, last_run_status: last?.status ?? null, last_run_at: last?.sort_at ?? null })
    .where('id', '=', jobId)
    .execute();
}
