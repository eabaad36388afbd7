import type { Db } from '../db/connect.js';
import { NotFoundError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getRunWithReviewer, listRunsOfJob, mailOfRun, objectCountsOf, objectsOfRun, type ObjectCounts, type RunRow } from '../repositories/job-history.repository.js';
import {
  getJobListRow,
  jobFacets,
  jobPageExtras,
  listActiveJobs,
  listArchivedJobs,
  type JobFilter,
  type JobListRow,
  type JobSort,
} from '../repositories/job-list.repository.js';
import { setJobArchivedAt } from '../repositories/job.repository.js';
import { notesOfRuns, type NoteBadges } from '../repositories/note.repository.js';
import { overrideBadges, type OverrideBadge } from '../repositories/override.repository.js';
import type { Who } from './customer.service.js';
import { presentSchedule, type ScheduleView } from './schedule-view.js';

export interface RunSummary {
  id: number;
  status: string;
  startedAt: string | null;
  receivedAt: string;
}

export interface JobView {
  id: number;
  customerId: number;
  customerName: string;
  sender: string;
  host: string | null;
  backupSoftware: string;
  backupType: string;
  jobName: string;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  aliases: string[];
  lastRun: RunSummary | null;
  /** The schedule that counts: the pinned one, else the learned one; null before the first learning. */
  schedule: ScheduleView | null;
}

/** How a job is named in the lists that show one row per job (Run Checks, Daily Jobs). */
export interface JobNames {
  jobId: number;
  customerId: number;
  customerName: string;
  backupSoftware: string;
  backupType: string;
  jobName: string;
}

export interface RunView {
  id: number;
  jobId: number;
  kind: 'mail' | 'missed';
  status: string;
  originalStatus: string;
  overridden: boolean;
  informational: boolean;
  startedAt: string | null;
  endedAt: string | null;
  receivedAt: string;
  reviewedAt: string | null;
  messageId: number | null;
  objectCounts: ObjectCounts;
  /** The rule that overrode the run (null when none did, or it was marked as success by hand). */
  overrideRule: OverrideBadge | null;
  /** Tickets and remarks linked to the run. */
  tickets: NoteBadges['tickets'];
  remarks: NoteBadges['remarks'];
  /** Present for roles that may see who reviewed (Admins) only. */
  reviewedBy?: string | null;
}

export interface RunObjectView {
  name: string;
  type: string | null;
  status: string;
  message: string | null;
  overridden: boolean;
  overrideRule: OverrideBadge | null;
}

export interface RunDetailView extends RunView {
  objects: RunObjectView[];
  trace: string[];
  subject: string | null;
  sender: string | null;
}

type PageOf<T> = { items: T[]; total: number };

async function presentJobs(db: Db, rows: JobListRow[]): Promise<JobView[]> {
  const { aliases, lastRuns } = await jobPageExtras(db, rows);
  return rows.map((row) => {
    const last = row.last_run_id === null ? undefined : lastRuns.get(row.last_run_id);
    return {
      id: row.id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      sender: row.sender,
      host: row.host,
      backupSoftware: row.backup_software,
      backupType: row.backup_type,
      jobName: row.job_name,
      archived: row.archived_at !== null,
      archivedAt: row.archived_at,
      createdAt: row.created_at,
      createdBy: row.created_by,
      aliases: aliases.get(row.id) ?? [],
      lastRun: last ? { id: last.id, status: last.status, startedAt: last.started_at, receivedAt: last.received_at } : null,
      schedule: presentSchedule(row),
    };
  });
}

export async function listJobViews(db: Db, filter: JobFilter, sort: JobSort, order: 'asc' | 'desc', page: number, pageSize: number): Promise<PageOf<JobView>> {
  const { rows, total } = await listActiveJobs(db, filter, sort, order, page, pageSize);
  return { items: await presentJobs(db, rows), total };
}

export async function listArchivedJobViews(db: Db, filter: JobFilter, page: number, pageSize: number): Promise<PageOf<JobView>> {
  const { rows, total } = await listArchivedJobs(db, filter, page, pageSize);
  return { items: await presentJobs(db, rows), total };
}

/** One job, archived or not (the UI shows the archived state). */
export async function getJobView(db: Db, id: number): Promise<JobView> {
  const row = await getJobListRow(db, id);
  if (!row) throw new NotFoundError('job', id);
  return (await presentJobs(db, [row]))[0]!;
}

export async function getJobFacets(db: Db): Promise<{ software: string[]; types: string[] }> {
  return jobFacets(db);
}

/**
 * Archives or unarchives a job. Nothing else changes: mails that arrived while it was archived were
 * stored as runs already reviewed by the system, so unarchiving does not flood Run Checks (DESIGN §5).
 * Doing what is already done answers the job as it is and records nothing.
 */
export async function setJobArchived(db: Db, who: Who, id: number, archived: boolean, now: Date): Promise<JobView> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await getJobListRow(trx, id);
    if (!row) throw new NotFoundError('job', id);
    if ((row.archived_at !== null) === archived) return;
    await setJobArchivedAt(trx, id, archived ? at : null);
    await recordAudit(trx, {
      at,
      ...auditWho(who),
      action: archived ? 'job.archive' : 'job.unarchive',
      entityType: 'job',
      entityId: id,
      details: { job: jobLabel(row), before: { archivedAt: row.archived_at }, after: { archivedAt: archived ? at : null } },
    });
  });
  return getJobView(db, id);
}

/** How a job is named in audit details, so the entry still reads after the job is deleted. */
export function jobLabel(row: JobListRow): { customer: string; backupSoftware: string; backupType: string; jobName: string } {
  return { customer: row.customer_name, backupSoftware: row.backup_software, backupType: row.backup_type, jobName: row.job_name };
}

/** What a run view shows beside its own row: override rules by id, and the notes of each run. */
export interface RunExtras {
  rules: Map<number, OverrideBadge>;
  notes: Map<number, NoteBadges>;
}

/** Loads the extras of some runs (and of their objects' override rules) in two queries. */
export async function runExtras(db: Db, runs: RunRow[], objectRuleIds: (number | null)[] = []): Promise<RunExtras> {
  const ruleIds = [...runs.map((r) => r.override_id), ...objectRuleIds].filter((id): id is number => id !== null);
  const [rules, notes] = await Promise.all([overrideBadges(db, [...new Set(ruleIds)]), notesOfRuns(db, runs.map((r) => r.id))]);
  return { rules, notes };
}

export function presentObject(o: { name: string; type: string | null; status: string; message: string | null; overridden: number; override_id: number | null }, extras: RunExtras): RunObjectView {
  return {
    name: o.name, type: o.type, status: o.status, message: o.message, overridden: o.overridden === 1,
    overrideRule: o.override_id === null ? null : (extras.rules.get(o.override_id) ?? null),
  };
}

export function presentRun(row: RunRow, counts: ObjectCounts | undefined, withReviewer: boolean, extras: RunExtras): RunView {
  const notes = extras.notes.get(row.id);
  const view: RunView = {
    id: row.id,
    jobId: row.job_id,
    kind: row.kind === 'missed' ? 'missed' : 'mail',
    status: row.status,
    originalStatus: row.original_status,
    overridden: row.overridden === 1,
    informational: row.informational === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    receivedAt: row.received_at,
    reviewedAt: row.reviewed_at,
    messageId: row.message_id,
    objectCounts: counts ?? { success: 0, warning: 0, failed: 0, unknown: 0, total: 0 },
    overrideRule: row.overridden === 1 && row.override_id !== null ? (extras.rules.get(row.override_id) ?? null) : null,
    tickets: notes?.tickets ?? [],
    remarks: notes?.remarks ?? [],
  };
  // reviewedBy is left out rather than null for other roles: "not reviewed" and "not yours to see" differ.
  if (withReviewer) view.reviewedBy = row.reviewed_by;
  return view;
}

/** The job history, newest first; 404 for an unknown job. */
export async function jobHistory(db: Db, jobId: number, page: number, pageSize: number, withReviewer: boolean): Promise<PageOf<RunView>> {
  if (!(await getJobListRow(db, jobId))) throw new NotFoundError('job', jobId);
  const { rows, total } = await listRunsOfJob(db, jobId, page, pageSize);
  const counts = await objectCountsOf(db, rows.map((r) => r.id));
  const extras = await runExtras(db, rows);
  return { items: rows.map((r) => presentRun(r, counts.get(r.id), withReviewer, extras)), total };
}

export async function runDetail(db: Db, runId: number, withReviewer: boolean): Promise<RunDetailView> {
  const row = await getRunWithReviewer(db, runId);
  if (!row) throw new NotFoundError('run', runId);
  const objects = await objectsOfRun(db, runId);
  const counts = await objectCountsOf(db, [runId]);
  const mail = row.message_id === null ? undefined : await mailOfRun(db, row.message_id);
  const extras = await runExtras(db, [row], objects.map((o) => o.override_id));
  return {
    ...presentRun(row, counts.get(runId), withReviewer, extras),
    objects: objects.map((o) => presentObject(o, extras)),
    trace: traceOf(mail?.parse_result),
    subject: mail?.subject ?? null,
    sender: mail?.sender ?? null,
  };
}

export function traceOf(parseResult: string | undefined): string[] {
  if (!parseResult) return [];
  try {
    const trace = (JSON.parse(parseResult) as { trace?: unknown }).trace;
    return Array.isArray(trace) ? trace.map(String) : [];
  } catch {
    return [];
  }
}
