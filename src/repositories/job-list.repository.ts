import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { containsText } from './customer.repository.js';
import type { JobRow } from './job.repository.js';

export type JobListRow = JobRow & { customer_name: string; customer_active: number };

export const jobSorts = ['customer', 'jobName', 'software', 'type', 'lastRun'] as const;
export type JobSort = (typeof jobSorts)[number];

export interface JobFilter {
  q?: string;
  software?: string;
  type?: string;
  /** The last run's status; `none` for jobs without runs. */
  status?: string;
  customerId?: number;
}

type JobQuery = SelectQueryBuilder<Database, 'jobs' | 'customers', object>;

function jobsWithCustomer(db: Db): JobQuery {
  return db.selectFrom('jobs').innerJoin('customers', 'customers.id', 'jobs.customer_id');
}

function applyFilter(query: JobQuery, filter: JobFilter): JobQuery {
  if (filter.q) {
    const q = filter.q;
    const columns = ['customers.name', 'jobs.job_name', 'jobs.backup_software', 'jobs.backup_type', 'jobs.sender', 'jobs.host'];
    query = query.where((eb) => eb.or(columns.map((c) => containsText(c, q))));
  }
  if (filter.software) query = query.where('jobs.backup_software', '=', filter.software);
  if (filter.type) query = query.where('jobs.backup_type', '=', filter.type);
  if (filter.status === 'none') query = query.where('jobs.last_run_id', 'is', null);
  else if (filter.status) query = query.where('jobs.last_run_status', '=', filter.status);
  if (filter.customerId !== undefined) query = query.where('jobs.customer_id', '=', filter.customerId);
  return query;
}

function applySort(query: JobQuery, sort: JobSort, order: 'asc' | 'desc'): JobQuery {
  const customer = sql`customers.name_key`;
  const jobName = sql`lower(jobs.job_name)`;
  switch (sort) {
    case 'customer':
      query = query.orderBy(customer, order).orderBy(jobName, order);
      break;
    case 'jobName':
      query = query.orderBy(jobName, order).orderBy(customer);
      break;
    case 'software':
      query = query.orderBy(sql`lower(jobs.backup_software)`, order).orderBy(customer).orderBy(jobName);
      break;
    case 'type':
      query = query.orderBy(sql`lower(jobs.backup_type)`, order).orderBy(customer).orderBy(jobName);
      break;
    case 'lastRun':
      // Jobs that never ran come last in both directions (the dialects disagree on where NULLs sort).
      query = query.orderBy(sql`case when jobs.last_run_at is null then 1 else 0 end`).orderBy('jobs.last_run_at', order).orderBy(customer).orderBy(jobName);
      break;
  }
  return query.orderBy('jobs.id');
}

async function page(query: JobQuery, sort: JobSort, order: 'asc' | 'desc', pageNo: number, pageSize: number): Promise<{ rows: JobListRow[]; total: number }> {
  const { total } = await query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow();
  const rows = await applySort(query, sort, order)
    .selectAll('jobs')
    .select(['customers.name as customer_name', 'customers.active as customer_active'])
    .limit(pageSize)
    .offset((pageNo - 1) * pageSize)
    .execute();
  return { rows, total: Number(total) };
}

/**
 * The Jobs page: active jobs of active customers. Fast at 10,000 jobs because the last run is read from
 * the job row (jobs.last_run_*), never from runs; the page then loads the few runs it shows by id.
 */
export async function listActiveJobs(db: Db, filter: JobFilter, sort: JobSort, order: 'asc' | 'desc', pageNo: number, pageSize: number) {
  const query = applyFilter(jobsWithCustomer(db).where('jobs.archived_at', 'is', null).where('customers.active', '=', 1), filter);
  return page(query, sort, order, pageNo, pageSize);
}

/** The Archived Jobs page (Admins): archived jobs of every customer. */
export async function listArchivedJobs(db: Db, filter: JobFilter, pageNo: number, pageSize: number) {
  const query = applyFilter(jobsWithCustomer(db).where('jobs.archived_at', 'is not', null), filter);
  return page(query, 'customer', 'asc', pageNo, pageSize);
}

export async function getJobListRow(db: Db, id: number): Promise<JobListRow | undefined> {
  return jobsWithCustomer(db)
    .selectAll('jobs')
    .select(['customers.name as customer_name', 'customers.active as customer_active'])
    .where('jobs.id', '=', id)
    .executeTakeFirst();
}

/** Distinct software and types of the jobs the Jobs page shows, for its filter dropdowns. */
export async function jobFacets(db: Db): Promise<{ software: string[]; types: string[] }> {
  const visible = jobsWithCustomer(db).where('jobs.archived_at', 'is', null).where('customers.active', '=', 1);
  const software = await visible.select('jobs.backup_software as v').distinct().orderBy('v').execute();
  const types = await visible.select('jobs.backup_type as v').distinct().orderBy('v').execute();
  return { software: software.map((r) => r.v), types: types.map((r) => r.v) };
}

export interface LastRunRow {
  id: number;
  status: string;
  started_at: string | null;
  received_at: string;
}

/** What a page of jobs shows besides the job rows: alias keys and last runs, two queries for the whole page. */
export async function jobPageExtras(db: Db, jobs: Pick<JobRow, 'id' | 'last_run_id'>[]): Promise<{ aliases: Map<number, string[]>; lastRuns: Map<number, LastRunRow> }> {
  const aliases = new Map<number, string[]>();
  const lastRuns = new Map<number, LastRunRow>();
  if (jobs.length === 0) return { aliases, lastRuns };
  const aliasRows = await db
    .selectFrom('job_keys')
    .select(['job_id', 'key'])
    .where('job_id', 'in', jobs.map((j) => j.id))
    .where('is_alias', '=', 1)
    .orderBy('job_id')
    .orderBy('key')
    .execute();
  for (const row of aliasRows) aliases.set(row.job_id, [...(aliases.get(row.job_id) ?? []), row.key]);
  const runIds = jobs.map((j) => j.last_run_id).filter((id): id is number => id !== null);
  if (runIds.length > 0) {
    const runs = await db.selectFrom('runs').select(['id', 'status', 'started_at', 'received_at']).where('id', 'in', runIds).execute();
    for (const run of runs) lastRuns.set(run.id, run);
  }
  return { aliases, lastRuns };
}

/** Every job with its customer and every key, for the jobs export and import. */
export async function allJobsWithKeys(db: Db): Promise<{ jobs: JobListRow[]; keys: { key: string; job_id: number; is_alias: number }[] }> {
  const jobs = await jobsWithCustomer(db).selectAll('jobs').select(['customers.name as customer_name', 'customers.active as customer_active']).orderBy('jobs.id').execute();
  const keys = await db.selectFrom('job_keys').select(['key', 'job_id', 'is_alias']).orderBy('key').execute();
  return { jobs, keys };
}
