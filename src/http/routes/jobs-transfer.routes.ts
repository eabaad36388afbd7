import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportJobs } from '../../services/jobs-export.service.js';
import { importJobs } from '../../services/jobs-import.service.js';
import type { HttpDeps } from '../app.js';
import { route } from '../route.js';

/** Export files of large installations (10,000 jobs with aliases) are a few MB; leave room. */
const importLimit = 20 * 1024 * 1024;

export function registerJobsTransferRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/export', tag: 'jobs', access: 'settings.admin',
    summary: 'Customers and approved jobs as an approved_jobs_export_v1 document (download)',
    handler: async ({ reply, now }) => {
      reply.header('content-disposition', `attachment; filename="backupchecks-jobs-${now.toISOString().slice(0, 10)}.json"`);
      return exportJobs(db, now);
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/jobs/import', tag: 'jobs', access: 'settings.admin', bodyLimit: importLimit,
    // The service checks the document itself, so one answer lists every problem (structure and content).
    body: z.unknown(),
    summary: 'Import an approved_jobs_export_v1 document: every problem is listed with its JSON path and then nothing is written',
    handler: async ({ actor, body, now }) => importJobs(db, actor, body, now),
  });
}
