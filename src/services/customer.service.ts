import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { markSchedulesForRelearning } from './schedule.service.js';
import {
  countJobsOfCustomer,
  customerNameKey,
  deleteCustomer,
  findCustomerByName,
  getCustomer,
  insertCustomer,
  listCustomers,
  updateCustomer,
  type CustomerFilter,
  type CustomerWithCount,
} from '../repositories/customer.repository.js';

/** Who makes a change: a request's actor, or the command line. */
export type Who = Actor | 'cli';

export interface CustomerView {
  id: number;
  name: string;
  active: boolean;
  jobCount: number;
  /** The customer's IANA time zone for schedules; null: the installation's (DESIGN §9). */
  timeZone: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentCustomer(row: CustomerWithCount): CustomerView {
  return { id: row.id, name: row.name, active: row.active === 1, jobCount: row.job_count, timeZone: row.time_zone, createdAt: row.created_at, updatedAt: row.updated_at };
}

export async function listCustomerViews(db: Db, filter: CustomerFilter, page: number, pageSize: number): Promise<{ items: CustomerView[]; total: number }> {
  const { rows, total } = await listCustomers(db, filter, page, pageSize);
  return { items: rows.map(presentCustomer), total };
}

export async function getCustomerView(db: Db, id: number): Promise<CustomerView> {
  const row = await getCustomer(db, id);
  if (!row) throw new NotFoundError('customer', id);
  return presentCustomer(row);
}

function duplicateName(name: string): ConflictError {
  return new ConflictError(`a customer named "${name.trim()}" already exists`, { name: name.trim() }, 'customer_exists');
}

/**
 * A unique-constraint violation on either dialect. The check before an insert answers the common case;
 * this catches the race where two requests create the same name at once.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function createCustomer(db: Db, who: Who, input: { name: string; active?: boolean }, now: Date): Promise<CustomerView> {
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findCustomerByName(trx, input.name)) throw duplicateName(input.name);
      const id = await insertCustomer(trx, input.name, at, input.active ?? true);
      const view = presentCustomer((await getCustomer(trx, id))!);
      await recordAudit(trx, { at, ...auditWho(who), action: 'customer.create', entityType: 'customer', entityId: id, details: { after: auditState(view) } });
      return view;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateName(input.name) : error;
  }
}

export async function changeCustomer(db: Db, who: Who, id: number, change: { name?: string; active?: boolean; timeZone?: string | null }, now: Date): Promise<CustomerView> {
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await getCustomer(trx, id);
      if (!before) throw new NotFoundError('customer', id);
      if (change.name !== undefined && customerNameKey(change.name) !== before.name_key && (await findCustomerByName(trx, change.name))) throw duplicateName(change.name);
      await updateCustomer(trx, id, change, at);
      // The zone is part of each learned schedule: the learning task re-learns this customer's jobs.
      if (change.timeZone !== undefined && change.timeZone !== before.time_zone) await markSchedulesForRelearning(trx, id);
      const after = presentCustomer((await getCustomer(trx, id))!);
      const beforeView = presentCustomer(before);
      await recordAudit(trx, { at, ...auditWho(who), action: 'customer.update', entityType: 'customer', entityId: id, details: { before: auditState(beforeView), after: auditState(after) } });
      return after;
    });
  } catch (error) {
    throw isUniqueViolation(error) && change.name !== undefined ? duplicateName(change.name) : error;
  }
}

/** Refused while the customer has jobs (DESIGN §5): archive or delete them first. */
export async function removeCustomer(db: Db, who: Who, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await getCustomer(trx, id);
    if (!before) throw new NotFoundError('customer', id);
    const counts = await countJobsOfCustomer(trx, id);
    if (counts.jobs + counts.archivedJobs > 0) {
      throw new ConflictError(
        `customer "${before.name}" still has ${counts.jobs} job(s) and ${counts.archivedJobs} archived job(s); delete them first`,
        counts,
        'customer_has_jobs',
      );
    }
    await deleteCustomer(trx, id);
    await recordAudit(trx, { at, ...auditWho(who), action: 'customer.delete', entityType: 'customer', entityId: id, details: { before: auditState(presentCustomer(before)) } });
  });
}

/** What the audit log keeps of a customer: the fields a person changes. */
export function auditState(customer: Pick<CustomerView, 'name' | 'active'> & { timeZone?: string | null }): { name: string; active: boolean; timeZone?: string | null } {
  return customer.timeZone ? { name: customer.name, active: customer.active, timeZone: customer.timeZone } : { name: customer.name, active: customer.active };
}
