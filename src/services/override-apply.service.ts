/**
 * Overrides meet stored runs (DESIGN §10, docs/overrides.md): re-applied to the unreviewed runs of the
 * affected jobs whenever an override is created, changed or deleted (reviewed runs keep their
 * history), and applied to a new run when it is stored (`overridesFor` + `applyToNewRun`, for the
 * ingest pipeline to call).
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunTable } from '../db/schema.js';
import { applyOverrides, type OverrideOutcome } from '../domain/overrides/apply-overrides.js';
import type { Override } from '../domain/overrides/override.js';
import type { ReportObject } from '../domain/parse-result.js';
import type { Status } from '../domain/status.js';
import { allOverrides, overridesForJob } from '../repositories/override.repository.js';
import { refreshJobLastRun, type StoredObjectInput } from '../repositories/run.repository.js';

/**
 * The text run-level rules match (DESIGN §10 "the run's first error text"): the message of the first
 * non-success object that has one, else the subject of the run's mail.
 */
export function firstErrorText(objects: readonly { status: string; message: string | null }[], subject: string | null): string | null {
  const failing = objects.find((o) => o.status !== 'success' && o.message !== null && o.message.trim() !== '');
  return failing?.message ?? subject;
}

/** The overrides that can apply to a job's runs at `now`: its job and object rules and the global ones. */
export async function overridesFor(db: Db, jobId: number, now: Date): Promise<Override[]> {
  return (await overridesForJob(db, jobId)).filter((o) => o.validUntil === null || Date.parse(o.validUntil) > now.getTime());
}

export interface NewRunInput {
  jobId: number;
  /** The parsed status: stored as `original_status`. */
  status: Status;
  subject: string | null;
  objects: ReportObject[];
}

export interface NewRunOverrides {
  /** For the run row: the effective status, and the flag and rule of its badge. */
  run: { status: Status; overridden: number; override_id: number | null };
  /** The objects for insertRun, each with `overridden` / `overrideId`. */
  objects: (ReportObject & { overridden: boolean; overrideId: number | null })[];
}

/** Pure: what a new run of the job looks like after the rules from `overridesFor` (docs/overrides.md). */
export function applyToNewRun(input: NewRunInput, overrides: readonly Override[], now: Date): NewRunOverrides {
  const outcome: OverrideOutcome<ReportObject> = applyOverrides(
    { jobId: input.jobId, status: input.status, message: firstErrorText(input.objects, input.subject), objects: input.objects },
    overrides,
    now,
  );
  return { run: { status: outcome.status, overridden: outcome.overridden ? 1 : 0, override_id: outcome.overrideId }, objects: outcome.objects };
}

const chunk = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += chunk) out.push(list.slice(i, i + chunk));
  return out;
}

export interface ReapplySummary {
  /** Unreviewed runs looked at. */
  runs: number;
  /** Runs whose status, badge or objects changed. */
  changed: number;
}

/**
 * Recomputes the unreviewed runs of the jobs (`'all'`: every job, after a global rule changed) from
 * their original status, first error text and objects, with the rules valid at `now`, and stores the
 * outcome: runs.status/overridden/override_id and run_objects.overridden/override_id. Reviewed runs are
 * left as they were, and so is the status of a run marked as success by hand (overridden, no rule). Jobs whose runs changed get their last run refreshed. Run it in the transaction
 * that changed the rules.
 */
export async function reapplyOverrides(db: Db, jobIds: readonly number[] | 'all', now: Date): Promise<ReapplySummary> {
  if (jobIds !== 'all' && jobIds.length === 0) return { runs: 0, changed: 0 };
  const rules = await allOverrides(db);
  const runs: { id: number; job_id: number; status: string; original_status: string; overridden: number; override_id: number | null; subject: string | null }[] = [];
  for (const ids of jobIds === 'all' ? [null] : chunks([...new Set(jobIds)])) {
    let query = db
      .selectFrom('runs')
      .leftJoin('messages', 'messages.id', 'runs.message_id')
      .select(['runs.id', 'runs.job_id', 'runs.status', 'runs.original_status', 'runs.overridden', 'runs.override_id', 'messages.subject'])
      .where('runs.reviewed_at', 'is', null)
      .where('runs.kind', '<>', 'missed');
    if (ids !== null) query = query.where('runs.job_id', 'in', ids);
    runs.push(...(await query.orderBy('runs.id').execute()));
  }

  let changed = 0;
  const changedJobs = new Set<number>();
  for (const part of chunks(runs)) {
    const objects = await db
      .selectFrom('run_objects')
      .select(['id', 'run_id', 'name', 'status', 'message', 'overridden', 'override_id'])
      .where('run_id', 'in', part.map((r) => r.id))
      .orderBy('run_id')
      .orderBy('position')
      .execute();
    const objectsOf = new Map<number, typeof objects>();
    for (const o of objects) objectsOf.set(o.run_id, [...(objectsOf.get(o.run_id) ?? []), o]);

    for (const run of part) {
      const own = objectsOf.get(run.id) ?? [];
      const outcome = applyOverrides(
        { jobId: run.job_id, status: run.original_status as Status, message: firstErrorText(own, run.subject), objects: own.map((o) => ({ id: o.id, name: o.name, message: o.message, status: o.status as Status })) },
        rules,
        now,
      );
      let differs = false;
      for (const [i, o] of outcome.objects.entries()) {
        const overridden = o.overridden ? 1 : 0;
        const stored = own[i]!;
        if (stored.overridden === overridden && stored.override_id === o.overrideId) continue;
        await db.updateTable('run_objects').set({ overridden, override_id: o.overrideId }).where('id', '=', o.id).execute();
        differs = true;
      }
      // "Mark as success" (overridden without a rule) is the operator's decision, not a rule's: kept.
      const manual = run.overridden === 1 && run.override_id === null;
      const overridden = outcome.overridden ? 1 : 0;
      if (!manual && (run.status !== outcome.status || run.overridden !== overridden || run.override_id !== outcome.overrideId)) {
        await db.updateTable('runs').set({ status: outcome.status, overridden, override_id: outcome.overrideId }).where('id', '=', run.id).execute();
        if (run.status !== outcome.status) changedJobs.add(run.job_id);
        differs = true;
      }
      if (differs) changed++;
    }
  }
  for (const jobId of changedJobs) await refreshJobLastRun(db, jobId);
  return { runs: runs.length, changed };
}

/**
 * A new mail run with the overrides valid now applied (DESIGN §3: "create run, apply overrides"): the
 * parsed status stays `original_status`, the effective one becomes `status`. Used by ingest, approval
 * and re-parse, so a known, accepted failure never shows as failed, whichever way its run was made.
 */
export async function withOverrides(
  db: Db,
  run: Insertable<RunTable> & { job_id: number; original_status: string },
  subject: string | null,
  objects: ReportObject[],
  now: Date,
): Promise<{ run: Insertable<RunTable>; objects: StoredObjectInput[] }> {
  const rules = await overridesFor(db, run.job_id, now);
  if (rules.length === 0) return { run, objects };
  const applied = applyToNewRun({ jobId: run.job_id, status: run.original_status as Status, subject, objects }, rules, now);
  return { run: { ...run, ...applied.run }, objects: applied.objects };
}
