/**
 * The installation's schedule settings (DESIGN §9): its time zone (for customers without one, and the
 * Daily Jobs date) and the grace added to every slot's deadline.
 */
import type { Db } from '../db/connect.js';
import { ValidationError } from '../domain/errors.js';
import { isValidZone } from '../domain/schedule/schedule.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { setSetting } from '../repositories/settings.repository.js';
import type { Who } from './customer.service.js';
import { markSchedulesForRelearning } from './schedule.service.js';
import { graceMinutes, graceSettingKey, installationZone, maxGraceMinutes, timeZoneSettingKey } from './time-zone.service.js';

export interface ScheduleSettings {
  timeZone: string;
  graceMinutes: number;
}

export async function getScheduleSettings(db: Db, defaultZone: string): Promise<ScheduleSettings> {
  return { timeZone: await installationZone(db, defaultZone), graceMinutes: await graceMinutes(db) };
}

/**
 * Changes either setting; audited with before/after. A change makes every learned schedule due for
 * re-learning (the zone and grace are part of it), which the learning task then does in batches.
 */
export async function changeScheduleSettings(db: Db, who: Who, change: Partial<ScheduleSettings>, defaultZone: string, now: Date): Promise<ScheduleSettings> {
  if (change.timeZone !== undefined && !isValidZone(change.timeZone)) {
    throw new ValidationError('invalid time zone', [{ path: '$.timeZone', message: 'must be an IANA time zone such as Europe/Amsterdam or UTC' }]);
  }
  if (change.graceMinutes !== undefined && !(Number.isInteger(change.graceMinutes) && change.graceMinutes >= 0 && change.graceMinutes <= maxGraceMinutes)) {
    throw new ValidationError('invalid grace', [{ path: '$.graceMinutes', message: `must be a whole number of minutes from 0 to ${maxGraceMinutes}` }]);
  }
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await getScheduleSettings(trx, defaultZone);
    const after: ScheduleSettings = { timeZone: change.timeZone ?? before.timeZone, graceMinutes: change.graceMinutes ?? before.graceMinutes };
    if (change.timeZone !== undefined) await setSetting(trx, timeZoneSettingKey, change.timeZone, at);
    if (change.graceMinutes !== undefined) await setSetting(trx, graceSettingKey, String(change.graceMinutes), at);
    if (after.timeZone !== before.timeZone || after.graceMinutes !== before.graceMinutes) {
      await markSchedulesForRelearning(trx);
      await recordAudit(trx, { at, ...auditWho(who), action: 'settings.schedule', entityType: 'settings', entityId: 'schedule', details: { before, after } });
    }
    return after;
  });
}
