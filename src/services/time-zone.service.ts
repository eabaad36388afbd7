/**
 * Which time zone a job's schedule is in (DESIGN §9): the customer's zone, else the installation's
 * (setting `schedule.time-zone`, else the TZ the process was started with). The grace added to every
 * slot's deadline is an installation setting too (`schedule.grace-minutes`, default 120).
 */
import type { Db } from '../db/connect.js';
import { defaultGraceMinutes, isValidZone } from '../domain/schedule/schedule.js';
import { getSetting } from '../repositories/settings.repository.js';

export const timeZoneSettingKey = 'schedule.time-zone';
export const graceSettingKey = 'schedule.grace-minutes';
export const maxGraceMinutes = 1440;

/** The installation's zone: the setting when it holds a valid zone, else `defaultZone` (TZ). */
export async function installationZone(db: Db, defaultZone: string): Promise<string> {
  const value = await getSetting(db, timeZoneSettingKey);
  return value && isValidZone(value) ? value : defaultZone;
}

/** Minutes added to every slot's deadline (expected start + typical duration + grace). */
export async function graceMinutes(db: Db): Promise<number> {
  const value = await getSetting(db, graceSettingKey);
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= maxGraceMinutes ? n : defaultGraceMinutes;
}

/** The customer's own zone, else the installation's. An unknown customer gets the installation's. */
export async function zoneOfCustomer(db: Db, customerId: number, defaultZone: string): Promise<string> {
  const row = await db.selectFrom('customers').select('time_zone').where('id', '=', customerId).executeTakeFirst();
  if (row?.time_zone && isValidZone(row.time_zone)) return row.time_zone;
  return installationZone(db, defaultZone);
}

/** The zone of a job's customer, else the installation's. An unknown job gets the installation's. */
export async function jobZone(db: Db, jobId: number, defaultZone: string): Promise<string> {
  const row = await db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select('customers.time_zone')
    .where('jobs.id', '=', jobId)
    .executeTakeFirst();
  if (row?.time_zone && isValidZone(row.time_zone)) return row.time_zone;
  return installationZone(db, defaultZone);
}
