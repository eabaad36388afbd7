import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../domain/roles.js';
import { statuses } from '../../domain/status.js';
import { jobSorts } from '../../repositories/job-list.repository.js';
import { deleteJob, jobDeletePreview } from '../../services/job-delete.service.js';
import { getJobFacets, getJobView, jobHistory, listArchivedJobViews, listJobViews, runDetail, setJobArchived } from '../../services/job.service.js';
import type { HttpDeps } from '../app.js';
import { decimal, idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const filterQuery = pageQuery.extend({
  q: z.string().trim().max(200).optional(),
  software: z.string().max(200).optional(),
  type: z.string().max(200).optional(),
  status: z.enum([...statuses, 'none']).optional(),
  customerId: decimal(1, Number.MAX_SAFE_INTEGER).optional(),
});
const listQuery = filterQuery.extend({
  sort: z.enum(jobSorts).default('customer'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export function registerJobsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs', tag: 'jobs', access: 'jobs.view', query: listQuery,
    summary: 'Active jobs of active customers, by customer then job name unless sorted otherwise; q searches customer, name, software, type, sender, host',
    handler: async ({ query }) => {
      const { q, software, type, status, customerId, sort, order } = query;
      const { items, total } = await listJobViews(db, { q: q || undefined, software: software || undefined, type: type || undefined, status, customerId }, sort, order, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/facets', tag: 'jobs', access: 'jobs.view',
    summary: 'Distinct backup software and types of the listed jobs, for the filters',
    handler: async () => getJobFacets(db),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/archived', tag: 'jobs', access: 'jobs.admin', query: filterQuery,
    summary: 'Archived jobs (Admins)',
    handler: async ({ query }) => {
      const { items, total } = await listArchivedJobViews(db, { q: query.q || undefined, software: query.software || undefined, type: query.type || undefined, status: query.status, customerId: query.customerId }, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/:id', tag: 'jobs', access: 'jobs.view', params: idParams,
    summary: 'One job, archived or not, with its aliases and last run',
    handler: async ({ params }) => getJobView(db, params.id),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/:id/runs', tag: 'jobs', access: 'jobs.view', params: idParams, query: pageQuery,
    summary: 'Job history, newest first (start time, else receipt time); reviewedBy for Admins only',
    handler: async ({ actor, params, query }) => {
      const { items, total } = await jobHistory(db, params.id, query.page, query.pageSize, can(actor.role, 'jobs.reviewed-by'));
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/runs/:id', tag: 'jobs', access: 'jobs.view', params: idParams,
    summary: 'One run with its objects, and the subject, sender and parse trace of its mail',
    handler: async ({ actor, params }) => runDetail(db, params.id, can(actor.role, 'jobs.reviewed-by')),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/jobs/:id/archive', tag: 'jobs', access: 'jobs.archive', params: idParams,
    summary: 'Archive a job: it leaves the lists, its history is kept',
    handler: async ({ actor, params, now }) => setJobArchived(db, actor, params.id, true, now),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/jobs/:id/unarchive', tag: 'jobs', access: 'jobs.admin', params: idParams,
    summary: 'Unarchive a job (Admins)',
    handler: async ({ actor, params, now }) => setJobArchived(db, actor, params.id, false, now),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/jobs/:id/delete-preview', tag: 'jobs', access: 'jobs.admin', params: idParams,
    summary: 'What deleting the job would remove, with counts',
    handler: async ({ params }) => jobDeletePreview(db, params.id),
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/jobs/:id', tag: 'jobs', access: 'jobs.admin', params: idParams,
    summary: 'Delete a job with its runs, objects, messages and keys; answers the counts',
    handler: async ({ actor, params, now }) => deleteJob(db, actor, params.id, now),
  });
}
