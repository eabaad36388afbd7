import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getRunWithReviewer, objectCountsOf } from '../repositories/job-history.repository.js';
import { jobLabels, listRunChecks, type RunCheckCounts, mailsOfRuns, markReviewed, objectsOfRuns, runsToCheck, type RunCheckRow } from '../repositories/run-checks.repository.js';
import { notesOfWaitingRuns, type NoteBadges } from '../repositories/note.repository.js';
import { refreshJobLastRun } from '../repositories/run.repository.js';
import { presentObject, presentRun, runDetail, runExtras, traceOf, type JobNames, type RunDetailView } from './job.service.js';
import { reapplyOverrides } from './override-apply.service.js';

export type { RunCheckCounts };

export interface RunCheckView extends JobNames {
  counts: RunCheckCounts;
  unreviewed: number;
  worstStatus: 'failed' | 'missed' | 'warning' | 'unknown' | 'success';
  lastReceivedAt: string;
  /** Tickets and remarks linked to the job's runs waiting here. */
  tickets: NoteBadges['tickets'];
  remarks: NoteBadges['remarks'];
}

function presentCheck(row: RunCheckRow, notes: NoteBadges | undefined): RunCheckView {
  const counts = { success: row.success, warning: row.warning, failed: row.failed, missed: row.missed, unknown: row.unknown, overridden: row.overridden };
  const worstStatus = counts.failed ? 'failed' : counts.missed ? 'missed' : counts.warning ? 'warning' : counts.unknown ? 'unknown' : 'success';
  return {
    jobId: row.job_id, customerId: row.customer_id, customerName: row.customer_name, backupSoftware: row.backup_software, backupType: row.backup_type,
    jobName: row.job_name, counts, unreviewed: row.unreviewed, worstStatus, lastReceivedAt: row.last_received_at,
    tickets: notes?.tickets ?? [], remarks: notes?.remarks ?? [],
  };
}

export async function runChecks(db: Db, includeReviewed: boolean, page: number, pageSize: number): Promise<{ items: RunCheckView[]; total: number }> {
  const { rows, total } = await listRunChecks(db, includeReviewed, page, pageSize);
  const notes = await notesOfWaitingRuns(db, rows.map((r) => r.job_id));
  return { items: rows.map((r) => presentCheck(r, notes.get(r.job_id))), total };
}

export interface RunCheckJob extends JobNames {
  archived: boolean;
  customerActive: boolean;
}

/** A job's runs to check, newest first, each with its objects and mail (subject, sender, trace, messageId). */
export async function runChecksOfJob(
  db: Db,
  jobId: number,
  options: { includeReviewed: boolean; withReviewer: boolean; page: number; pageSize: number },
): Promise<{ job: RunCheckJob; items: RunDetailView[]; total: number }> {
  const job = await db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select(['jobs.id', 'jobs.customer_id', 'customers.name', 'customers.active', 'jobs.backup_software', 'jobs.backup_type', 'jobs.job_name', 'jobs.archived_at'])
    .where('jobs.id', '=', jobId)
    .executeTakeFirst();
  if (!job) throw new NotFoundError('job', jobId);
  const { rows, total } = await runsToCheck(db, jobId, options.includeReviewed, options.page, options.pageSize);
  const ids = rows.map((r) => r.id);
  const [counts, objects, mails] = await Promise.all([
    objectCountsOf(db, ids),
    objectsOfRuns(db, ids),
    mailsOfRuns(db, rows.flatMap((r) => (r.message_id === null ? [] : [r.message_id]))),
  ]);
  const mailById = new Map(mails.map((m) => [m.id, m]));
  const extras = await runExtras(db, rows, objects.map((o) => o.override_id));
  const items = rows.map((row): RunDetailView => {
    const mail = row.message_id === null ? undefined : mailById.get(row.message_id);
    return {
      ...presentRun(row, counts.get(row.id), options.withReviewer, extras),
      objects: objects.filter((o) => o.run_id === row.id).map((o) => presentObject(o, extras)),
      trace: traceOf(mail?.parse_result),
      subject: mail?.subject ?? null,
      sender: mail?.sender ?? null,
    };
  });
  return {
    job: {
      jobId: job.id, customerId: job.customer_id, customerName: job.name, backupSoftware: job.backup_software, backupType: job.backup_type,
      jobName: job.job_name, archived: job.archived_at !== null, customerActive: job.active === 1,
    },
    items,
    total,
  };
}

/** The review cutoff: what the client saw (seenUntil), never later than now. */
function cutoffOf(seenUntil: Date | undefined, now: Date): string {
  return (seenUntil && seenUntil.getTime() < now.getTime() ? seenUntil : now).toISOString();
}

async function reviewWith(db: Db, actor: Actor, now: Date, seenUntil: Date | undefined, jobIds: number[] | undefined, green: boolean) {
  const at = now.toISOString();
  const until = cutoffOf(seenUntil, now);
  return db.transaction().execute(async (trx) => {
    const reviewed = await markReviewed(trx, { jobIds, until, at, userId: actor.userId, greenOnly: green });
    const byJob = new Map<number, number[]>();
    for (const r of reviewed) byJob.set(r.job_id, [...(byJob.get(r.job_id) ?? []), r.id]);
    const labels = await jobLabels(trx, [...byJob.keys()]);
    for (const [jobId, runIds] of byJob) {
      await recordAudit(trx, {
        at, ...auditWho(actor), action: 'run.review', entityType: 'job', entityId: jobId,
        details: { job: labels.get(jobId) ?? null, runIds, seenUntil: until, ...(green ? { allGreen: true } : {}) },
      });
    }
    return { jobs: byJob.size, reviewed: reviewed.length };
  });
}

/** Marks reviewed the runs of the jobs received up to seenUntil (default now); one audit entry per job. */
export async function reviewJobs(db: Db, actor: Actor, jobIds: number[], seenUntil: Date | undefined, now: Date): Promise<{ reviewed: number }> {
  const { reviewed } = await reviewWith(db, actor, now, seenUntil, [...new Set(jobIds)], false);
  return { reviewed };
}

/** Reviews every listed job whose runs to check, received up to seenUntil, are all success or overridden. */
export async function reviewGreenJobs(db: Db, actor: Actor, seenUntil: Date, now: Date): Promise<{ jobs: number; reviewed: number }> {
  return reviewWith(db, actor, now, seenUntil, undefined, true);
}

/**
 * Mark as success: status success, overridden, original_status kept; the run stays unreviewed. A run
 * already success (overridden or not) is left as it is and nothing is recorded. Runs inside the caller's
 * transaction (mark-success.service.ts stores overrides in the same one).
 */
export async function markRunSuccessIn(trx: Db, actor: Actor, runId: number, now: Date): Promise<void> {
  const run = await getRunWithReviewer(trx, runId);
  if (!run) throw new NotFoundError('run', runId);
  if (run.status === 'success') return;
  await trx.updateTable('runs').set({ status: 'success', overridden: 1 }).where('id', '=', runId).execute();
  await refreshJobLastRun(trx, run.job_id);
  const labels = await jobLabels(trx, [run.job_id]);
  await recordAudit(trx, {
    at: now.toISOString(), ...auditWho(actor), action: 'run.mark-success', entityType: 'run', entityId: runId,
    details: {
      jobId: run.job_id, job: labels.get(run.job_id) ?? null, originalStatus: run.original_status,
      before: { status: run.status, overridden: run.overridden === 1 }, after: { status: 'success', overridden: true },
    },
  });
}

/**
 * Admins: puts a reviewed run back into Run Checks, where the overrides of today apply to it as to every
 * unreviewed run (re-applied for its job). An unreviewed run is answered as it is.
 */
export async function unreviewRun(db: Db, actor: Actor, runId: number, now: Date): Promise<RunDetailView> {
  await db.transaction().execute(async (trx) => {
    const run = await getRunWithReviewer(trx, runId);
    if (!run) throw new NotFoundError('run', runId);
    if (run.reviewed_at === null) return;
    await trx.updateTable('runs').set({ reviewed_at: null, reviewed_by_user_id: null }).where('id', '=', runId).execute();
    await reapplyOverrides(trx, [run.job_id], now);
    await recordAudit(trx, {
      at: now.toISOString(), ...auditWho(actor), action: 'run.unreview', entityType: 'run', entityId: runId,
      details: { jobId: run.job_id, before: { reviewedAt: run.reviewed_at, reviewedBy: run.reviewed_by }, after: { reviewedAt: null, reviewedBy: null } },
    });
  });
  return runDetail(db, runId, true);
}
