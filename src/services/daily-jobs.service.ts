/**
 * The Daily Jobs page (DESIGN §9): for one local date, one row per slot of every job with an effective
 * schedule (pinned, or learned with confidence ≥ 0.8), in the zone of the job's customer (else the
 * installation's). A job that runs several times a day has one row per slot. Sorted by customer,
 * expected start, job name.
 *
 * Status of a slot, judged by run start times like slotVerdict:
 * - a mail run started inside the slot's window → that run's status (unknown counts as warning);
 * - a Missed run for the slot that a late run resolved → the late run's status, `late`;
 * - an unresolved Missed run → missed;
 * - a run started after the window and before the next slot's window → its status, `late`;
 * - otherwise missed once the deadline passed (the task may not have run yet), else expected.
 */
import type { Db } from '../db/connect.js';
import { expectedSlots, type Slot } from '../domain/schedule/expected-slots.js';
import { addDays, localParts, type LocalDate } from '../domain/schedule/local-time.js';
import { describeSchedule } from '../domain/schedule/describe-schedule.js';
import { isValidZone, type Schedule } from '../domain/schedule/schedule.js';
import { dailyJobCandidates, runsByIds, runsOfJobsBetween, type DailyJobRow, type SlotRunRow } from '../repositories/daily-jobs.repository.js';
import { allWindowsOverlapping, type MaintenanceWindowRow } from '../repositories/maintenance-window.repository.js';
import { notesOfRuns, type NoteBadges } from '../repositories/note.repository.js';
import { effectiveSchedule } from './effective-schedule.js';
import type { JobNames } from './job.service.js';
import { graceMinutes, installationZone } from './time-zone.service.js';

export type DailyJobStatus = 'success' | 'warning' | 'failed' | 'missed' | 'expected';

export interface DailyJobView extends JobNames {
  schedule: { description: string; pinned: boolean };
  expectedAt: string;
  deadline: string;
  lastRun: { id: number; status: string; startedAt: string | null } | null;
  status: DailyJobStatus;
  /** The run that decides the status (mail, late or Missed), if any. */
  runId: number | null;
  late: boolean;
  /** The deciding run counts as success through an override, and the tickets and remarks linked to it. */
  overridden: boolean;
  tickets: NoteBadges['tickets'];
  remarks: NoteBadges['remarks'];
  /** Admins only (jobs.reviewed-by): when and by whom the deciding run was reviewed. */
  reviewedAt?: string | null;
  reviewedBy?: string | null;
}

const dayMs = 86_400_000;

/** Today in the installation's zone: the page's default date. */
export async function todayInInstallation(db: Db, defaultZone: string, now: Date): Promise<LocalDate> {
  return localParts(now, await installationZone(db, defaultZone)).date;
}

interface PlannedSlot {
  job: DailyJobRow;
  schedule: Schedule;
  pinned: boolean;
  slot: Slot;
  nextWindowStart: number;
}

export async function dailyJobs(
  db: Db,
  options: { date: LocalDate; defaultZone: string; now: Date; withReviewer: boolean; page: number; pageSize: number },
): Promise<{ items: DailyJobView[]; total: number }> {
  const { date, now } = options;
  const grace = await graceMinutes(db);
  const fallbackZone = await installationZone(db, options.defaultZone);
  const planned: PlannedSlot[] = [];
  // Windows a day either side of the date cover every zone's local day.
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const windows = await allWindowsOverlapping(db, new Date(dayStart - dayMs).toISOString(), new Date(dayStart + 2 * dayMs).toISOString());
  for (const job of await dailyJobCandidates(db)) {
    const effective = effectiveSchedule(job, grace);
    if (!effective) continue;
    // As zoneOfCustomer (time-zone.service), for all customers at once.
    const zone = job.customer_time_zone && isValidZone(job.customer_time_zone) ? job.customer_time_zone : fallbackZone;
    // As the Missed-runs task: a slot before a pinned schedule existed, or inside one of the customer's
    // maintenance windows, was not expected, so it is not listed (it would show "Missed" for nothing).
    const slots = expectedSlots(effective.schedule, date, date, { zone }).filter(
      (slot) => !(effective.pinned && effective.storedAt && slot.expectedAt.toISOString() < effective.storedAt) && !inWindow(windows, job.customer_id, slot.expectedAt),
    );
    if (slots.length === 0) continue;
    const following = nextSlots(effective.schedule, date, zone);
    slots.forEach((slot, i) => {
      const next = slots[i + 1] ?? following;
      planned.push({ job, schedule: effective.schedule, pinned: effective.pinned, slot, nextWindowStart: next ? next.windowStart.getTime() : Number.POSITIVE_INFINITY });
    });
  }
  planned.sort(
    (a, b) =>
      a.job.customer_name.localeCompare(b.job.customer_name) || a.job.customer_id - b.job.customer_id ||
      a.slot.expectedAt.getTime() - b.slot.expectedAt.getTime() || a.job.job_name.localeCompare(b.job.job_name) || a.job.id - b.job.id,
  );
  const pageRows = planned.slice((options.page - 1) * options.pageSize, options.page * options.pageSize);
  const runs = await runsForSlots(db, pageRows, now);
  const items = pageRows.map((p) => present(p, runs.get(p.job.id) ?? [], runs.byId, now, options.withReviewer));
  const notes = await notesOfRuns(db, items.flatMap((i) => (i.runId === null ? [] : [i.runId])));
  for (const item of items) {
    const linked = item.runId === null ? undefined : notes.get(item.runId);
    item.tickets = linked?.tickets ?? [];
    item.remarks = linked?.remarks ?? [];
  }
  return { items, total: planned.length };
}

function inWindow(windows: MaintenanceWindowRow[], customerId: number, at: Date): boolean {
  const t = at.toISOString();
  return windows.some((w) => w.customer_id === customerId && w.starts_at <= t && t < w.ends_at);
}

/** The first slot after the date (within about a month), whose window bounds lateness. */
function nextSlots(schedule: Schedule, date: LocalDate, zone: string): Slot | null {
  for (const days of [1, 7, 32]) {
    const slot = expectedSlots(schedule, addDays(date, 1), addDays(date, days), { zone })[0];
    if (slot) return slot;
  }
  return null;
}

type RunsByJob = Map<number, SlotRunRow[]> & { byId: Map<number, SlotRunRow> };

/** The runs of the page's jobs from the earliest window start to now, and the late runs that resolved Missed ones. */
async function runsForSlots(db: Db, rows: PlannedSlot[], now: Date): Promise<RunsByJob> {
  const result = new Map<number, SlotRunRow[]>() as RunsByJob;
  result.byId = new Map();
  if (rows.length === 0) return result;
  const from = Math.min(...rows.map((p) => p.slot.windowStart.getTime()));
  const to = Math.min(now.getTime(), Math.max(...rows.map((p) => Math.min(p.nextWindowStart, p.slot.windowEnd.getTime() + 35 * dayMs))));
  const jobIds = [...new Set(rows.map((p) => p.job.id))];
  const found: SlotRunRow[] = [];
  for (let i = 0; i < jobIds.length; i += 500) {
    found.push(...(await runsOfJobsBetween(db, jobIds.slice(i, i + 500), new Date(from).toISOString(), new Date(Math.max(from, to)).toISOString())));
  }
  const missing = found.filter((r) => r.resolved_by_run_id !== null && !found.some((f) => f.id === r.resolved_by_run_id)).map((r) => r.resolved_by_run_id!);
  found.push(...(await runsByIds(db, missing)));
  for (const run of found) {
    result.byId.set(run.id, run);
    const list = result.get(run.job_id) ?? [];
    list.push(run);
    result.set(run.job_id, list);
  }
  return result;
}

function present(p: PlannedSlot, runs: SlotRunRow[], byId: Map<number, SlotRunRow>, now: Date, withReviewer: boolean): DailyJobView {
  const { slot, job } = p;
  const t = now.getTime();
  const startOf = (r: SlotRunRow) => (r.started_at ? Date.parse(r.started_at) : Number.NaN);
  const known = runs.filter((r) => r.kind === 'mail' && Date.parse(r.received_at) <= t);
  const expected = slot.expectedAt.toISOString();
  const met = known.filter((r) => startOf(r) >= slot.windowStart.getTime() && startOf(r) <= slot.windowEnd.getTime()).at(-1);
  const missedRun = runs.find((r) => r.kind === 'missed' && r.missed_slot === expected);
  const resolvedBy = missedRun?.resolved_by_run_id != null ? byId.get(missedRun.resolved_by_run_id) : undefined;
  const lateRun = known.find((r) => startOf(r) > slot.windowEnd.getTime() && startOf(r) < p.nextWindowStart);
  let deciding: SlotRunRow | undefined;
  let status: DailyJobStatus;
  let late = false;
  if (met) {
    // Late when its report came after the deadline and resolved the slot's Missed run.
    [deciding, status, late] = [met, statusOf(met.status), met.late === 1];
  } else if (resolvedBy) {
    [deciding, status, late] = [resolvedBy, statusOf(resolvedBy.status), true];
  } else if (missedRun) {
    [deciding, status] = [missedRun, 'missed'];
  } else if (lateRun) {
    [deciding, status, late] = [lateRun, statusOf(lateRun.status), true];
  } else {
    status = t >= slot.deadline.getTime() ? 'missed' : 'expected';
  }
  const view: DailyJobView = {
    jobId: job.id,
    customerId: job.customer_id,
    customerName: job.customer_name,
    backupSoftware: job.backup_software,
    backupType: job.backup_type,
    jobName: job.job_name,
    schedule: { description: describeSchedule(p.schedule), pinned: p.pinned },
    expectedAt: expected,
    deadline: slot.deadline.toISOString(),
    lastRun: job.last_run_id !== null ? { id: job.last_run_id, status: job.last_run_status ?? 'unknown', startedAt: job.last_run_started_at } : null,
    status,
    runId: deciding?.id ?? null,
    late,
    overridden: deciding?.overridden === 1,
    tickets: [],
    remarks: [],
  };
  if (withReviewer) {
    view.reviewedAt = deciding?.reviewed_at ?? null;
    view.reviewedBy = deciding?.reviewed_by ?? null;
  }
  return view;
}

function statusOf(status: string): DailyJobStatus {
  if (status === 'success' || status === 'failed' || status === 'missed') return status;
  return 'warning'; // warning, and unknown, which counts as a warning (DESIGN §2)
}
