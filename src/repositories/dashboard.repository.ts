import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunCheckCounts } from './run-checks.repository.js';

/**
 * The Dashboard's figures (DESIGN §7), each one indexed query: runs waiting in Run Checks by status
 * (as Run Checks counts them), Missed runs in a time range, failures in a time range, the Inbox size,
 * and the last mail per source.
 */
export type WaitingCounts = RunCheckCounts & { total: number; jobs: number };

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

/**
 * Failed and Missed runs (not overridden, Missed ones not resolved) per day, the days given by their
 * boundaries (n + 1 instants for n days): one grouped query per status over the (status, sort_at) index,
 * which for failed runs needs no table row at all (only Missed runs are ever resolved).
 */
export async function failuresPerDay(db: Db, boundaries: string[]): Promise<{ failed: number[]; missed: number[] }> {
  const days = boundaries.length - 1;
  const dayOf = sql<number>`case ${sql.join(boundaries.slice(1, -1).map((b, i) => sql`when sort_at < ${b} then ${sql.lit(i)}`), sql` `)} else ${sql.lit(days - 1)} end`;
  const count = async (status: 'failed' | 'missed') => {
    let query = db
      .selectFrom('runs')
      .select([dayOf.as('day'), (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', status)
      .where('sort_at', '>=', boundaries[0]!)
      .where('sort_at', '<', boundaries[days]!);
    if (status === 'missed') query = query.where('resolved_by_run_id', 'is', null);
    const perDay = new Array<number>(days).fill(0);
    for (const row of await query.groupBy(sql`day`).execute()) perDay[Number(row.day)] = Number(row.n);
    return perDay;
  };
  return { failed: await count('failed'), missed: await count('missed') };
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
