import type { Db } from '../db/connect.js';
import { jobKey } from '../domain/job-key.js';
import { allCustomers } from '../repositories/customer.repository.js';
import { allJobsWithKeys } from '../repositories/job-list.repository.js';
import { allOverrides } from '../repositories/override.repository.js';
import type { Schedule } from '../domain/schedule/schedule.js';
import { appVersion } from '../version.js';
import { exportedOverride, type ExportedOverride } from './jobs-transfer-overrides.js';
import { storedSchedule } from './schedule-view.js';

export const jobsExportSchema = 'approved_jobs_export_v1';

/** One job of the export (DESIGN §6). Later versions add optional keys only. */
export interface ExportedJob {
  customer: string;
  sender: string;
  host: string | null;
  backupSoftware: string;
  backupType: string;
  jobName: string;
  archived: boolean;
  aliases: string[];
  /** The pinned schedule, else null: learned schedules are not exported, they are learned again. */
  schedule: Schedule | null;
  createdAt: string;
  /** The job's job and object overrides, lowest id first; left out when it has none. */
  overrides?: ExportedOverride[];
}

export interface JobsExport {
  schema: typeof jobsExportSchema;
  exportedAt: string;
  appVersion: string;
  /** `timeZone` only when the customer has its own zone. */
  customers: { name: string; active: boolean; timeZone?: string }[];
  jobs: ExportedJob[];
  /** Global overrides, lowest id first; left out when there are none. */
  overrides?: ExportedOverride[];
}

/** Code-unit order, not the database's collation: two exports of the same data are byte-identical on either dialect. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every customer and approved job (archived ones included) as `approved_jobs_export_v1`: customers
 * sorted by name, jobs by customer then job key, with their overrides and the global ones. No runs or messages.
 */
export async function exportJobs(db: Db, now: Date): Promise<JobsExport> {
  const customers = await allCustomers(db);
  const { jobs, keys } = await allJobsWithKeys(db);
  const primaryKey = new Map<number, string>();
  const aliases = new Map<number, string[]>();
  for (const k of keys) {
    if (k.is_alias === 1) aliases.set(k.job_id, [...(aliases.get(k.job_id) ?? []), k.key]);
    else primaryKey.set(k.job_id, k.key);
  }
  const rules = await allOverrides(db);
  const rulesOf = new Map<number, ExportedOverride[]>();
  for (const rule of rules) if (rule.jobId !== null) rulesOf.set(rule.jobId, [...(rulesOf.get(rule.jobId) ?? []), exportedOverride(rule)]);
  const globalRules = rules.filter((rule) => rule.scope === 'global').map(exportedOverride);
  const nameKeyOf = new Map(customers.map((c) => [c.id, c.name_key]));
  const sorted = jobs
    .map((job) => ({
      job,
      customerKey: nameKeyOf.get(job.customer_id) ?? '',
      key: primaryKey.get(job.id) ?? jobKey({ sender: job.sender, host: job.host, software: job.backup_software, type: job.backup_type, jobName: job.job_name }),
    }))
    .sort((a, b) => byText(a.customerKey, b.customerKey) || byText(a.key, b.key));
  return {
    schema: jobsExportSchema,
    exportedAt: now.toISOString(),
    appVersion,
    customers: [...customers].sort((a, b) => byText(a.name_key, b.name_key) || byText(a.name, b.name)).map((c) => ({ name: c.name, active: c.active === 1, ...(c.time_zone ? { timeZone: c.time_zone } : {}) })),
    jobs: sorted.map(({ job }) => ({
      customer: job.customer_name,
      sender: job.sender,
      host: job.host,
      backupSoftware: job.backup_software,
      backupType: job.backup_type,
      jobName: job.job_name,
      archived: job.archived_at !== null,
      aliases: [...(aliases.get(job.id) ?? [])].sort(byText),
      schedule: storedSchedule(job.schedule_pinned),
      createdAt: job.created_at,
      ...(rulesOf.has(job.id) ? { overrides: rulesOf.get(job.id)! } : {}),
    })),
    ...(globalRules.length > 0 ? { overrides: globalRules } : {}),
  };
}
