import { z } from 'zod';
import { nameTextProblem } from '../domain/text.js';
import type { Problem } from '../domain/errors.js';
import { jobKey } from '../domain/job-key.js';
import { isValidZone, scheduleSchema } from '../domain/schedule/schedule.js';
import { customerNameKey } from '../repositories/customer.repository.js';
import type { OverrideDraft } from '../domain/overrides/override.js';
import { jobsExportSchema } from './jobs-export.service.js';
import { checkOverrideEntries } from './jobs-transfer-overrides.js';

/*
 * Checking an `approved_jobs_export_v1` document (DESIGN §6) against what the database holds, without
 * touching it: every problem is collected with its JSON path, so one answer lists them all.
 * Unknown keys are ignored (z.object strips them): later versions add optional keys.
 */

const plain = (value: string, ctx: z.RefinementCtx) => {
  const problem = nameTextProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
const text = (max: number) => z.string().max(max).superRefine(plain);
const required = (max: number) => z.string().max(max).refine((v) => v.trim().length > 0, 'must not be empty').superRefine(plain);

const zone = z.string().max(100).refine((value) => isValidZone(value), 'must be an IANA time zone such as Europe/Amsterdam or UTC');
// timeZone: optional since the schedules issue; absent or null leaves the customer's zone as it is.
const customerEntry = z.object({ name: required(200), active: z.boolean().optional(), timeZone: zone.nullable().optional() });
const jobEntry = z.object({
  customer: required(200),
  // A mail without a From address gives a job with an empty sender, so empty is allowed here.
  sender: text(500),
  host: text(500).nullable().optional(),
  backupSoftware: required(200),
  backupType: required(200),
  jobName: required(500),
  archived: z.boolean().optional(),
  aliases: z.array(z.string().max(3000)).optional(),
  // A pinned schedule (docs/schedules.md, with its zone); null or absent leaves an existing job's pin as it is.
  schedule: scheduleSchema.nullable().optional(),
  createdAt: z.iso.datetime({ offset: true }).nullable().optional(),
  // Job and object overrides (docs/overrides.md): present replaces the job's, absent leaves them. Checked by checkOverrideEntries.
  overrides: z.unknown().optional(),
});

export type ImportedCustomer = z.infer<typeof customerEntry>;
export type ImportedJob = z.infer<typeof jobEntry> & { index: number; key: string; aliases: string[] };

/** What the database holds that the check needs: customers by name key, and who owns each job key. */
export interface ExistingData {
  customerKeys: Set<string>;
  keyOwners: Map<string, { jobId: number; isAlias: boolean }>;
  describeJob(jobId: number): string;
}

export interface CheckedDocument {
  customers: ImportedCustomer[];
  /** Each job with its key and the existing job it updates (null: a new job). */
  jobs: (ImportedJob & { targetJobId: number | null; overrideDrafts: OverrideDraft[] | null })[];
  /** The file's global overrides, or null when it has no top-level `overrides`. */
  globalOverrides: OverrideDraft[] | null;
}

function pathOf(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), root);
}

function issuesOf(error: z.ZodError, root: string): Problem[] {
  return error.issues.map((issue) => ({ path: pathOf(root, issue.path), message: issue.message }));
}

const notAKey = 'is not a job key (a JSON array of sender, host, software, type and job name, normalised)';

/** An alias is a stored job key: the JSON array of the five normalised parts. */
function isJobKey(value: string): boolean {
  try {
    const parts = JSON.parse(value) as unknown;
    if (!Array.isArray(parts) || parts.length !== 5 || !parts.every((p) => typeof p === 'string')) return false;
    const [sender, host, software, type, jobName] = parts as string[];
    return jobKey({ sender: sender!, host: host!, software: software!, type: type!, jobName: jobName! }) === value;
  } catch {
    return false;
  }
}

export function checkJobsDocument(doc: unknown, existing: ExistingData): { problems: Problem[]; checked: CheckedDocument } {
  const problems: Problem[] = [];
  const checked: CheckedDocument = { customers: [], jobs: [], globalOverrides: null };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { problems: [{ path: '$', message: `expected a JSON object with "schema": "${jobsExportSchema}"` }], checked };
  }
  const root = doc as Record<string, unknown>;
  if (root.schema !== jobsExportSchema) problems.push({ path: '$.schema', message: `must be "${jobsExportSchema}"` });
  const list = (name: 'customers' | 'jobs'): unknown[] => {
    if (root[name] === undefined) return [];
    if (Array.isArray(root[name])) return root[name] as unknown[];
    problems.push({ path: `$.${name}`, message: 'must be an array' });
    return [];
  };

  const fileCustomers = new Map<string, number>();
  list('customers').forEach((entry, i) => {
    const parsed = customerEntry.safeParse(entry);
    if (!parsed.success) {
      // Its jobs are not also reported as of an unknown customer when only another field is broken.
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && name.trim() && !fileCustomers.has(customerNameKey(name))) fileCustomers.set(customerNameKey(name), i);
      return problems.push(...issuesOf(parsed.error, `$.customers[${i}]`));
    }
    const key = customerNameKey(parsed.data.name);
    const first = fileCustomers.get(key);
    if (first !== undefined) return problems.push({ path: `$.customers[${i}].name`, message: `"${parsed.data.name.trim()}" is already $.customers[${first}]` });
    fileCustomers.set(key, i);
    checked.customers.push({ ...parsed.data, name: parsed.data.name.trim() });
  });

  if (root.overrides !== undefined) {
    const global = checkOverrideEntries(root.overrides, '$.overrides', 'global');
    problems.push(...global.problems);
    checked.globalOverrides = global.drafts;
  }

  const fileKeys = new Map<string, string>();
  const jobs: (ImportedJob & { overrideDrafts: OverrideDraft[] | null })[] = [];
  list('jobs').forEach((entry, i) => {
    const parsed = jobEntry.safeParse(entry);
    // A job with a broken field still has its customer and alias keys checked, so one answer lists all.
    const loose = (parsed.success ? parsed.data : typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof loose.customer === 'string' && loose.customer.trim()) {
      const customerKey = customerNameKey(loose.customer);
      if (!fileCustomers.has(customerKey) && !existing.customerKeys.has(customerKey)) {
        problems.push({ path: `$.jobs[${i}].customer`, message: `customer "${loose.customer.trim()}" is neither in the file's customers nor in this instance` });
      }
    }
    const rules = loose.overrides === undefined ? null : checkOverrideEntries(loose.overrides, `$.jobs[${i}].overrides`, 'job');
    if (rules) problems.push(...rules.problems);
    if (!parsed.success) {
      problems.push(...issuesOf(parsed.error, `$.jobs[${i}]`));
      if (Array.isArray(loose.aliases)) {
        loose.aliases.forEach((alias, k) => {
          if (typeof alias === 'string' && !isJobKey(alias)) problems.push({ path: `$.jobs[${i}].aliases[${k}]`, message: notAKey });
        });
      }
      return;
    }
    const job = parsed.data;
    const key = jobKey({ sender: job.sender, host: job.host ?? null, software: job.backupSoftware, type: job.backupType, jobName: job.jobName });
    const first = fileKeys.get(key);
    if (first !== undefined) return problems.push({ path: `$.jobs[${i}]`, message: `same job key as ${first} (sender, host, software, type and name match ignoring case and spacing)` });
    fileKeys.set(key, `$.jobs[${i}]`);
    jobs.push({ ...job, index: i, key, aliases: job.aliases ?? [], overrideDrafts: rules?.drafts ?? null });
  });

  for (const job of jobs) {
    const owner = existing.keyOwners.get(job.key);
    if (owner?.isAlias) problems.push({ path: `$.jobs[${job.index}]`, message: `its job key is an alias of ${existing.describeJob(owner.jobId)} in this instance` });
    const targetJobId = owner && !owner.isAlias ? owner.jobId : null;
    job.aliases.forEach((alias, k) => {
      const path = `$.jobs[${job.index}].aliases[${k}]`;
      if (!isJobKey(alias)) return problems.push({ path, message: notAKey });
      if (alias === job.key) return problems.push({ path, message: "is the job's own key" });
      const inFile = fileKeys.get(alias);
      if (inFile !== undefined) return problems.push({ path, message: `is the same key as ${inFile}` });
      fileKeys.set(alias, path);
      const aliasOwner = existing.keyOwners.get(alias);
      if (aliasOwner && aliasOwner.jobId !== targetJobId) problems.push({ path, message: `already belongs to ${existing.describeJob(aliasOwner.jobId)}` });
    });
    checked.jobs.push({ ...job, targetJobId });
  }
  return { problems, checked };
}
