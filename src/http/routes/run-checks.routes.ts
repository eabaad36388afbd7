import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { ForbiddenError } from '../../domain/errors.js';
import { isoInstant } from '../../domain/instant.js';
import { can } from '../../domain/roles.js';
import { markAsSuccess, overrideProposal } from '../../services/mark-success.service.js';
import { reviewGreenJobs, reviewJobs, runChecks, runChecksOfJob, unreviewRun } from '../../services/run-checks.service.js';
import type { HttpDeps } from '../app.js';
import { idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const instant = isoInstant.transform((text) => new Date(text));
const checksQuery = pageQuery.extend({
  includeReviewed: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
});
const jobId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const reviewBody = z.object({ jobIds: z.array(jobId).min(1).max(500), seenUntil: instant.optional() }).strict();
const greenBody = z.object({ seenUntil: instant }).strict();
const markBody = z.object({ createOverride: z.boolean().optional(), override: z.unknown().optional(), confirm: z.boolean().optional() }).strict().default({});

/** "Include reviewed" is for Admins (DESIGN §7): 403 for other roles asking for it. */
function checkIncludeReviewed(actor: Actor, includeReviewed: boolean): void {
  if (includeReviewed && !can(actor.role, 'run-checks.admin')) throw new ForbiddenError(`the ${actor.role} role may not include reviewed runs (needs run-checks.admin)`);
}

export function registerRunChecksRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/run-checks', tag: 'run-checks', access: 'run-checks.view', query: checksQuery,
    summary: 'Jobs with runs to review, worst first (failed, missed, warning/unknown, success), then most unreviewed, customer, job name; seenAt is the time to send back as seenUntil',
    handler: async ({ actor, query, now }) => {
      checkIncludeReviewed(actor, query.includeReviewed);
      const { items, total } = await runChecks(db, query.includeReviewed, query.page, query.pageSize);
      return { ...listEnvelope(items, total, query), seenAt: now.toISOString() };
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/run-checks/:id', tag: 'run-checks', access: 'run-checks.view', params: idParams, query: checksQuery,
    summary: "A job's runs to review, newest first, with objects, mail subject, sender, trace and messageId; seenAt as in the list",
    handler: async ({ actor, params, query, now }) => {
      checkIncludeReviewed(actor, query.includeReviewed);
      const withReviewer = can(actor.role, 'jobs.reviewed-by');
      const { job, items, total } = await runChecksOfJob(db, params.id, { includeReviewed: query.includeReviewed, withReviewer, page: query.page, pageSize: query.pageSize });
      return { ...listEnvelope(items, total, query), job, seenAt: now.toISOString() };
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/run-checks/review', tag: 'run-checks', access: 'run-checks.view', body: reviewBody,
    summary: 'Mark reviewed the runs of the jobs received up to seenUntil (default now); audited per job',
    handler: async ({ actor, body, now }) => reviewJobs(db, actor, body.jobIds, body.seenUntil, now),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/run-checks/review-green', tag: 'run-checks', access: 'run-checks.view', body: greenBody,
    summary: 'Review every listed job whose runs to review, received up to seenUntil, are all success or overridden',
    handler: async ({ actor, body, now }) => reviewGreenJobs(db, actor, body.seenUntil, now),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/runs/:id/mark-success', tag: 'run-checks', access: 'run-checks.view', params: idParams, body: markBody,
    summary:
      'Mark as success: status success, overridden, original status kept, not reviewed. With createOverride, also stores `override` (one rule or a list; default the narrow proposal) in the same transaction; a global or empty-text rule needs "confirm": true (409 confirmation_required). Answers the run with createdOverrides',
    handler: async ({ actor, params, body, now }) => markAsSuccess(db, actor, params.id, body, now, can(actor.role, 'jobs.reviewed-by')),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/runs/:id/override-proposal', tag: 'run-checks', access: 'overrides.manage', params: idParams,
    summary: 'The narrow overrides Mark as success proposes for this run (job rule with its first error text, one object rule per failing object), each with needsConfirmation',
    handler: async ({ params }) => overrideProposal(db, params.id),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/runs/:id/unreview', tag: 'run-checks', access: 'run-checks.admin', params: idParams,
    summary: 'Put a reviewed run back into Run Checks (Admins)',
    handler: async ({ actor, params, now }) => unreviewRun(db, actor, params.id, now),
  });
}
