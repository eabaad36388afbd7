import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { MaintenanceWindowTable } from '../db/schema.js';

/** A customer's planned downtime: slots inside a window never become Missed runs (DESIGN §9). */
export type MaintenanceWindowRow = Selectable<MaintenanceWindowTable>;

export interface NewMaintenanceWindow {
  customerId: number;
  /** ISO UTC with milliseconds, like every stored time. */
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
  createdBy: string | null;
}

export async function insertMaintenanceWindow(db: Db, window: NewMaintenanceWindow): Promise<MaintenanceWindowRow> {
  return db
    .insertInto('maintenance_windows')
    .values({
      customer_id: window.customerId,
      starts_at: window.startsAt,
      ends_at: window.endsAt,
      reason: window.reason,
      created_at: window.createdAt,
      created_by: window.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A customer's windows, newest start first. */
export async function listMaintenanceWindows(db: Db, customerId: number): Promise<MaintenanceWindowRow[]> {
  return db.selectFrom('maintenance_windows').selectAll().where('customer_id', '=', customerId).orderBy('starts_at', 'desc').orderBy('id', 'desc').execute();
}

export async function getMaintenanceWindow(db: Db, id: number): Promise<MaintenanceWindowRow | undefined> {
  return db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteMaintenanceWindow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The customer's windows that overlap [from, to) (ISO UTC strings): starts_at < to and ends_at > from,
 * sorted by start. A slot at `t` is inside a window when starts_at <= t < ends_at.
 */
export async function windowsOverlapping(db: Db, customerId: number, from: string, to: string): Promise<MaintenanceWindowRow[]> {
  return db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/** Every customer's windows that overlap [from, to), for Daily Jobs (one query for all customers). */
export async function allWindowsOverlapping(db: Db, from: string, to: string): Promise<MaintenanceWindowRow[]> {
  return db.selectFrom('maintenance_windows').selectAll().where('starts_at', '<', to).where('ends_at', '>', from).execute();
}
