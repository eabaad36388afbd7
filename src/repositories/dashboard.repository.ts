import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * The Dashboard's figures (DESIGN §7), each one indexed query: runs waiting in Run Checks by status
 * (as Run Checks counts them), Missed runs in a time range, failures in a time range, the Inbox size,
 * and the last mail per source.
 */
export interface WaitingCounts {
  success: number;
  warning: number;
  failed: number;
  missed: number;
  unknown: number;
  overridden: number;
  total: number;
  jobs: number;
}

const bucket = (status: string) => sql<number>`sum(case when runs.overridden = 0 and runs.status = ${sql.lit(status)} then 1 else 0 end)`;

export async function waitingCounts(db: Db): Promise<WaitingCounts> {
  const row = await db
    .selectFrom('runs')
    .innerJoin('jobs', 'jobs.id', 'runs.job_id')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .where('runs.reviewed_at', 'is', null)
    .where('runs.resolved_by_run_id', 'is', null)
    .where('jobs.archived_at', 'is', null)
    .where('customers.active', '=', 1)
    .select([
      bucket('success').as('success'),
      bucket('warning').as('warning'),
      bucket('failed').as('failed'),
      bucket('missed').as('missed'),
      bucket('unknown').as('unknown'),
      sql<number>`sum(case when runs.overridden = 1 then 1 else 0 end)`.as('overridden'),
      sql<number>`count(*)`.as('total'),
      sql<number>`count(distinct runs.job_id)`.as('jobs'),
    ])
    .executeTakeFirstOrThrow();
  return {
    success: Number(row.success ?? 0), warning: Number(row.warning ?? 0), failed: Number(row.failed ?? 0), missed: Number(row.missed ?? 0),
    unknown: Number(row.unknown ?? 0), overridden: Number(row.overridden ?? 0), total: Number(row.total), jobs: Number(row.jobs),
  };
}

/** Missed runs whose slot lies in [from, to) that no late report resolved. */
export async function missedBetween(db: Db, from: string, to: string): Promise<number> {
  const { n } = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'missed')
    .where('sort_at', '>=', from)
    .where('sort_at', '<', to)
    .where('resolved_by_run_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The times of failed and Missed runs (not overridden, not resolved) in [from, to), to count per local day. */
export async function failuresBetween(db: Db, from: string, to: string): Promise<{ status: string; sort_at: string | null }[]> {
  return db
    .selectFrom('runs')
    .select(['status', 'sort_at'])
    .where('status', 'in', ['failed', 'missed'])
    .where('sort_at', '>=', from)
    .where('sort_at', '<', to)
    .where('resolved_by_run_id', 'is', null)
    .execute();
}

export async function inboxCount(db: Db): Promise<number> {
  const { n } = await db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('job_id', 'is', null).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(n);
}

export async function sourceActivity(db: Db) {
  return db.selectFrom('source_activity').selectAll().orderBy('source').orderBy('label').execute();
}

export async function enabledMailboxes(db: Db) {
  return db.selectFrom('mailboxes').select(['id', 'name', 'created_at', 'last_error']).where('enabled', '=', 1).orderBy('name').execute();
}
