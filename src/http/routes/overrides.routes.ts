import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { overrideScopes } from '../../domain/overrides/override.js';
import { changeOverride, createOverride, overrideById, overrideList, removeOverride, withJobLabels } from '../../services/override.service.js';
import type { HttpDeps } from '../app.js';
import { decimal, idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const listQuery = pageQuery.extend({
  jobId: decimal(1, Number.MAX_SAFE_INTEGER).optional(),
  scope: z.enum(overrideScopes).optional(),
});
// The fields are checked by validateOverrideDraft (docs/overrides.md), which names each bad one by JSON path.
const overrideBody = z.record(z.string(), z.unknown());

const shape =
  '{scope: global|job|object, jobId?, objectName?, statuses: [warning|failed], match: {type: contains|exact|startsWith|endsWith|regex, text}, validFrom?, validUntil?, comment?, confirm?}';

export function registerOverridesRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/overrides', tag: 'overrides', access: 'overrides.view', query: listQuery,
    summary: 'Overrides, lowest id first; ?jobId= (its job and object overrides), ?scope=global|job|object',
    handler: async ({ query }) => {
      const { items, total } = await overrideList(db, { jobId: query.jobId, scope: query.scope }, query);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/overrides/:id', tag: 'overrides', access: 'overrides.view', params: idParams,
    summary: 'One override',
    handler: async ({ params }) => overrideById(db, params.id),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/overrides', tag: 'overrides', access: 'overrides.manage', body: overrideBody, status: 201,
    summary: `Create an override ${shape}; a global or empty-text rule needs "confirm": true (else 409 confirmation_required). Re-applied to unreviewed runs at once`,
    handler: async ({ actor, body, now }) => (await withJobLabels(db, [await createOverride(db, actor, body, now)]))[0],
  });
  route(app, db, {
    method: 'PATCH', url: '/api/v1/overrides/:id', tag: 'overrides', access: 'overrides.manage', params: idParams, body: overrideBody,
    summary: 'Change an override: the fields sent replace the stored ones; widening it to global or empty text needs "confirm": true. Re-applied at once',
    handler: async ({ actor, params, body, now }) => (await withJobLabels(db, [await changeOverride(db, actor, params.id, body, now)]))[0],
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/overrides/:id', tag: 'overrides', access: 'overrides.delete', params: idParams, status: 204,
    summary: 'Delete an override; the unreviewed runs it overrode get their original status back',
    handler: async ({ actor, params, now }) => removeOverride(db, actor, params.id, now),
  });
}
