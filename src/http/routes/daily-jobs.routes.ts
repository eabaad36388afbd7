import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseLocalDate } from '../../domain/schedule/local-time.js';
import { can } from '../../domain/roles.js';
import { dailyJobs, todayInInstallation } from '../../services/daily-jobs.service.js';
import type { HttpDeps } from '../app.js';
import { listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const dailyQuery = pageQuery.extend({
  date: z
    .string()
    .refine((text) => parseLocalDate(text) !== null, 'must be a date YYYY-MM-DD')
    .optional(),
});

export function registerDailyJobsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db, config } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/daily-jobs', tag: 'daily-jobs', access: 'daily-jobs.view', query: dailyQuery,
    summary: 'Expected jobs of a date (default: today in the installation time zone), one row per slot, by customer, expected start, job name; reviewedAt/reviewedBy for Admins only',
    handler: async ({ actor, query, now }) => {
      const date = query.date ?? (await todayInInstallation(db, config.timeZone, now));
      const { items, total } = await dailyJobs(db, {
        date, defaultZone: config.timeZone, now, withReviewer: can(actor.role, 'jobs.reviewed-by'), page: query.page, pageSize: query.pageSize,
      });
      return listEnvelope(items, total, query);
    },
  });
}
