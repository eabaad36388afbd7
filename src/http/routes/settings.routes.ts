import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isValidZone } from '../../domain/schedule/schedule.js';
import { changeScheduleSettings, getScheduleSettings } from '../../services/schedule-settings.service.js';
import { maxGraceMinutes } from '../../services/time-zone.service.js';
import type { HttpDeps } from '../app.js';
import { route } from '../route.js';

const zone = z.string().max(100).refine((value) => isValidZone(value), 'must be an IANA time zone such as Europe/Amsterdam or UTC');
const scheduleBody = z.object({
  timeZone: zone.optional(),
  graceMinutes: z.number().int().min(0).max(maxGraceMinutes).optional(),
});

export function registerSettingsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  const defaultZone = deps.config.timeZone;
  route(app, db, {
    method: 'GET', url: '/api/v1/settings/schedule', tag: 'settings', access: 'jobs.view',
    summary: "The installation's time zone (customers without their own, the Daily Jobs date) and the grace added to every slot's deadline",
    handler: async () => getScheduleSettings(db, defaultZone),
  });
  route(app, db, {
    method: 'PUT', url: '/api/v1/settings/schedule', tag: 'settings', access: 'settings.admin', body: scheduleBody,
    summary: 'Change the installation time zone and/or the grace in minutes (0..1440); learned schedules are re-learned',
    handler: async ({ actor, body, now }) => changeScheduleSettings(db, actor, body, defaultZone, now),
  });
}
