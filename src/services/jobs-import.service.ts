import type { Updateable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { JobTable } from '../db/schema.js';
import { ValidationError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { allCustomers, customerNameKey, insertCustomer, updateCustomer, type CustomerRow } from '../repositories/customer.repository.js';
import { allJobsWithKeys, type JobListRow } from '../repositories/job-list.repository.js';
import { insertJob, insertJobKey, updateJob } from '../repositories/job.repository.js';
import { parseSchedule } from '../domain/schedule/schedule.js';
import type { Who } from './customer.service.js';
import { markSchedulesForRelearning } from './schedule.service.js';
import { checkJobsDocument, type CheckedDocument } from './jobs-import-check.js';
import { replaceOverrides, type OverrideCounts } from './jobs-transfer-overrides.js';
import { reapplyOverrides } from './override-apply.service.js';
import { allOverrides } from '../repositories/override.repository.js';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface JobsImportSummary {
  customers: Counts;
  jobs: Counts;
  /** Only when the file has `overrides` keys (job or top level): rules added, deleted, kept. */
  overrides?: OverrideCounts;
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

/**
 * Imports an `approved_jobs_export_v1` document (DESIGN §6). Checked and applied in one transaction, so
 * what the check saw is what is written: any problem throws a ValidationError listing every problem
 * with its JSON path and nothing is written. Customers are upserted by name, jobs by job key; nothing
 * is deleted except overrides: a job's `overrides` (or the top-level global `overrides`), when present,
 * replace the stored ones, and the rules are re-applied to unreviewed runs. Importing the same file
 * again changes nothing.
 */
export async function importJobs(db: Db, who: Who, doc: unknown, now: Date): Promise<JobsImportSummary> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const customers = new Map((await allCustomers(trx)).map((c) => [c.name_key, c]));
    const { jobs, keys } = await allJobsWithKeys(trx);
    const jobsById = new Map(jobs.map((j) => [j.id, j]));
    const keyOwners = new Map(keys.map((k) => [k.key, { jobId: k.job_id, isAlias: k.is_alias === 1 }]));
    const aliasesOf = new Map<number, Set<string>>();
    for (const k of keys) if (k.is_alias === 1) aliasesOf.set(k.job_id, (aliasesOf.get(k.job_id) ?? new Set()).add(k.key));
    const { problems, checked } = checkJobsDocument(doc, {
      customerKeys: new Set(customers.keys()),
      keyOwners,
      describeJob: (id) => {
        const job = jobsById.get(id);
        return job ? `job "${job.job_name}" (${job.backup_software}, ${job.backup_type}) of customer "${job.customer_name}"` : `job ${id}`;
      },
    });
    if (problems.length > 0) throw new ValidationError(`the file has ${problems.length} problem(s); nothing was imported`, problems);

    const summary: JobsImportSummary = { customers: await upsertCustomers(trx, checked, customers, at), jobs: zero() };
    const createdBy = who === 'cli' ? null : who.username;
    const storedRules = await allOverrides(trx);
    const rulesChanged: number[] = [];
    let globalChanged = false;
    for (const job of checked.jobs) {
      const customer = customers.get(customerNameKey(job.customer))!;
      const target = job.targetJobId === null ? undefined : jobsById.get(job.targetJobId);
      const ownAliases = (target && aliasesOf.get(target.id)) || new Set<string>();
      const newAliases = job.aliases.filter((alias) => !ownAliases.has(alias));
      const fields = {
        customer_id: customer.id,
        sender: job.sender,
        host: job.host ?? null,
        backup_software: job.backupSoftware,
        backup_type: job.backupType,
        job_name: job.jobName,
      };
      // A schedule in the file is pinned; null or absent leaves an existing job's pin alone (imports never delete).
      const pinned = job.schedule ? JSON.stringify(parseSchedule(job.schedule)) : null;
      let jobId: number;
      let changed = false;
      if (!target) {
        jobId = await insertJob(trx, {
          ...fields,
          ...(pinned ? { schedule_pinned: pinned, schedule_pinned_at: at } : {}),
          archived_at: job.archived ? at : null,
          created_at: job.createdAt ? new Date(job.createdAt).toISOString() : at,
          created_by: createdBy,
        });
        await insertJobKey(trx, job.key, jobId, false, at);
        summary.jobs.created++;
      } else {
        jobId = target.id;
        let change = jobChange(target, fields, job.archived, at);
        if (pinned && pinned !== target.schedule_pinned) change = { ...change, schedule_pinned: pinned, schedule_pinned_at: at };
        if (change) await updateJob(trx, jobId, change);
        changed = change !== null || newAliases.length > 0;
      }
      for (const alias of newAliases) await insertJobKey(trx, alias, jobId, true, at);
      // `overrides` present: the job's rules become the file's; absent: left alone.
      if (job.overrideDrafts) {
        const counts = await replaceOverrides(trx, jobId, storedRules.filter((r) => r.jobId === jobId), job.overrideDrafts, at, createdBy);
        if (addOverrideCounts(summary, counts)) {
          rulesChanged.push(jobId);
          changed = true;
        }
      }
      if (target) summary.jobs[changed ? 'updated' : 'unchanged']++;
    }
    if (checked.globalOverrides) {
      const counts = await replaceOverrides(trx, null, storedRules.filter((r) => r.scope === 'global'), checked.globalOverrides, at, createdBy);
      if (addOverrideCounts(summary, counts)) globalChanged = true;
    }
    if (globalChanged || rulesChanged.length > 0) await reapplyOverrides(trx, globalChanged ? 'all' : rulesChanged, now);
    await recordAudit(trx, { at, ...auditWho(who), action: 'jobs.import', entityType: 'job', details: summary });
    return summary;
  });
}

/** Adds a list's counts to the summary; true when it wrote anything. */
function addOverrideCounts(summary: JobsImportSummary, counts: OverrideCounts): boolean {
  const total = (summary.overrides ??= { created: 0, deleted: 0, unchanged: 0 });
  total.created += counts.created;
  total.deleted += counts.deleted;
  total.unchanged += counts.unchanged;
  return counts.created + counts.deleted > 0;
}

async function upsertCustomers(db: Db, checked: CheckedDocument, customers: Map<string, CustomerRow>, at: string): Promise<Counts> {
  const counts = zero();
  for (const entry of checked.customers) {
    const key = customerNameKey(entry.name);
    const current = customers.get(key);
    const timeZone = entry.timeZone ?? null;
    if (!current) {
      const id = await insertCustomer(db, entry.name, at, entry.active ?? true);
      if (timeZone) await updateCustomer(db, id, { timeZone }, at);
      customers.set(key, { id, name: entry.name, name_key: key, active: entry.active === false ? 0 : 1, created_at: at, updated_at: at, time_zone: timeZone });
      counts.created++;
      continue;
    }
    // A file without `active` or `timeZone` (or with timeZone null) leaves the customer's as it is.
    const active = entry.active ?? current.active === 1;
    const zoneChanged = timeZone !== null && timeZone !== current.time_zone;
    if (current.name === entry.name && (current.active === 1) === active && !zoneChanged) {
      counts.unchanged++;
      continue;
    }
    await updateCustomer(db, current.id, { name: entry.name, active, ...(zoneChanged ? { timeZone } : {}) }, at);
    if (zoneChanged) await markSchedulesForRelearning(db, current.id);
    counts.updated++;
  }
  return counts;
}

/** What differs between a stored job and the file's version, or null. A file without `archived` keeps the state. */
function jobChange(current: JobListRow, fields: Omit<Updateable<JobTable>, 'archived_at'>, archived: boolean | undefined, at: string): Updateable<JobTable> | null {
  const change: Updateable<JobTable> = {};
  for (const [column, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    if (current[column as keyof JobListRow] !== value) Object.assign(change, { [column]: value });
  }
  if (archived !== undefined && archived !== (current.archived_at !== null)) change.archived_at = archived ? at : null;
  return Object.keys(change).length > 0 ? change : null;
}
