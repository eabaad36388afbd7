import { sql, type Expression, type RawBuilder, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { CustomerTable } from '../db/schema.js';

export type CustomerRow = Selectable<CustomerTable>;
export type CustomerWithCount = CustomerRow & { job_count: number };

/** Customer names are unique trimmed and case-insensitively (DESIGN §6). */
export function customerNameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

export async function insertCustomer(db: Db, name: string, now: string, active = true): Promise<number> {
  const row = await db
    .insertInto('customers')
    .values({ name: name.trim(), name_key: customerNameKey(name), active: active ? 1 : 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * `lower(column)` contains the text, any case. `%`, `_` and backslash in the text match literally; the
 * ESCAPE clause is spelled out because SQLite has no default escape character.
 */
export function containsText(column: Expression<unknown> | string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`lower(${ref}) like ${pattern} escape '\\'`;
}

export interface CustomerFilter {
  q?: string;
  active?: boolean;
}

/** Customers sorted by name, each with its number of jobs (archived ones included). */
export async function listCustomers(db: Db, filter: CustomerFilter, page: number, pageSize: number): Promise<{ rows: CustomerWithCount[]; total: number }> {
  let query = db.selectFrom('customers');
  // name_key is already lower-cased, so "any part of the name, any case" is one LIKE on it.
  if (filter.q) query = query.where(containsText('name_key', filter.q));
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  const { total } = await query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('customers')
    .select((eb) => eb.selectFrom('jobs').select((j) => j.fn.countAll().as('n')).whereRef('jobs.customer_id', '=', 'customers.id').as('job_count'))
    .orderBy('name_key')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), rows: rows.map((r) => ({ ...r, job_count: Number(r.job_count ?? 0) })) };
}

export async function getCustomer(db: Db, id: number): Promise<CustomerWithCount | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll('customers')
    .select((eb) => eb.selectFrom('jobs').select((j) => j.fn.countAll().as('n')).whereRef('jobs.customer_id', '=', 'customers.id').as('job_count'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, job_count: Number(row.job_count ?? 0) };
}

export async function findCustomerByName(db: Db, name: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('name_key', '=', customerNameKey(name)).executeTakeFirst();
}

/** Every customer: for CSV and jobs export and for matching imported names. */
export async function allCustomers(db: Db): Promise<CustomerRow[]> {
  return db.selectFrom('customers').selectAll().orderBy('name_key').orderBy('id').execute();
}

export async function updateCustomer(db: Db, id: number, change: { name?: string; active?: boolean; timeZone?: string | null }, now: string): Promise<void> {
  const set: Updateable<CustomerTable> = { updated_at: now };
  if (change.name !== undefined) Object.assign(set, { name: change.name.trim(), name_key: customerNameKey(change.name) });
  if (change.active !== undefined) set.active = change.active ? 1 : 0;
  if (change.timeZone !== undefined) set.time_zone = change.timeZone;
  await db.updateTable('customers').set(set).where('id', '=', id).execute();
}

export async function deleteCustomer(db: Db, id: number): Promise<void> {
  await db.deleteFrom('note_scopes').where('customer_id', '=', id).execute();
  await db.deleteFrom('customers').where('id', '=', id).execute();
}

/** A customer's jobs, counted apart: active ones and archived ones. */
export async function countJobsOfCustomer(db: Db, id: number): Promise<{ jobs: number; archivedJobs: number }> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('archived_at').as('archived')])
    .where('customer_id', '=', id)
    .executeTakeFirstOrThrow();
  const all = Number(rows.n);
  const archivedJobs = Number(rows.archived);
  return { jobs: all - archivedJobs, archivedJobs };
}
