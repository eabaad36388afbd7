import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pinJobSchedule, unpinJobSchedule } from '../../services/schedule.service.js';
import type { HttpDeps } from '../app.js';
import { idParams } from '../list.js';
import { route } from '../route.js';

// The schedule itself is checked by the service (the zone defaults to the job's, so it is filled in first).
const scheduleBody = z.record(z.string(), z.unknown(), { error: 'send a schedule object: {"kind":"daily","time":"22:00", …}' });

export function registerJobScheduleRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'PUT', url: '/api/v1/jobs/:id/schedule', tag: 'jobs', access: 'jobs.schedule', params: idParams, body: scheduleBody,
    summary: "Pin a schedule by hand (the schedule shape of docs/schedules.md; zone defaults to the job's); answers the Job",
    handler: async ({ actor, params, body, now }) => pinJobSchedule(db, actor, params.id, body, deps.config.timeZone, now),
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/jobs/:id/schedule', tag: 'jobs', access: 'jobs.schedule', params: idParams, status: 204,
    summary: 'Unpin: the learned schedule counts again',
    handler: async ({ actor, params, now }) => unpinJobSchedule(db, actor, params.id, now),
  });
}
