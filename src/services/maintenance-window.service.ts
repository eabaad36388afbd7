/** Maintenance windows per customer (DESIGN §9): planned downtime in which no Missed runs are created. */
import type { Db } from '../db/connect.js';
import { NotFoundError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getCustomer } from '../repositories/customer.repository.js';
import {
  deleteMaintenanceWindow,
  getMaintenanceWindow,
  insertMaintenanceWindow,
  listMaintenanceWindows,
  type MaintenanceWindowRow,
} from '../repositories/maintenance-window.repository.js';
import type { Who } from './customer.service.js';

export interface MaintenanceWindowView {
  id: number;
  customerId: number;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
  createdBy: string | null;
}

export function presentMaintenanceWindow(row: MaintenanceWindowRow): MaintenanceWindowView {
  return { id: row.id, customerId: row.customer_id, startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason, createdAt: row.created_at, createdBy: row.created_by };
}

/** A customer's windows, newest start first; 404 for an unknown customer. */
export async function customerMaintenanceWindows(db: Db, customerId: number): Promise<MaintenanceWindowView[]> {
  if (!(await getCustomer(db, customerId))) throw new NotFoundError('customer', customerId);
  return (await listMaintenanceWindows(db, customerId)).map(presentMaintenanceWindow);
}

/** `startsAt` < `endsAt` are instants (the route checks them); stored as ISO UTC. */
export async function createMaintenanceWindow(
  db: Db,
  who: Who,
  customerId: number,
  input: { startsAt: Date; endsAt: Date; reason?: string | null },
  now: Date,
): Promise<MaintenanceWindowView> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const customer = await getCustomer(trx, customerId);
    if (!customer) throw new NotFoundError('customer', customerId);
    const row = await insertMaintenanceWindow(trx, {
      customerId,
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      reason: input.reason?.trim() || null,
      createdAt: at,
      createdBy: who === 'cli' ? null : who.username,
    });
    const view = presentMaintenanceWindow(row);
    await recordAudit(trx, {
      at, ...auditWho(who), action: 'maintenance-window.create', entityType: 'maintenance-window', entityId: row.id,
      details: { customer: customer.name, after: { startsAt: view.startsAt, endsAt: view.endsAt, reason: view.reason } },
    });
    return view;
  });
}

export async function removeMaintenanceWindow(db: Db, who: Who, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await getMaintenanceWindow(trx, id);
    if (!row) throw new NotFoundError('maintenance window', id);
    const customer = await getCustomer(trx, row.customer_id);
    await deleteMaintenanceWindow(trx, id);
    await recordAudit(trx, {
      at, ...auditWho(who), action: 'maintenance-window.delete', entityType: 'maintenance-window', entityId: id,
      details: { customer: customer?.name ?? null, before: { startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason } },
    });
  });
}
