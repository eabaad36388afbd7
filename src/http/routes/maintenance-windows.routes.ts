import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isoInstant } from '../../domain/instant.js';
import { nameTextProblem } from '../../domain/text.js';
import { createMaintenanceWindow, customerMaintenanceWindows, removeMaintenanceWindow } from '../../services/maintenance-window.service.js';
import type { HttpDeps } from '../app.js';
import { idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const instant = isoInstant;
const windowBody = z
  .object({
    startsAt: instant,
    endsAt: instant,
    reason: z
      .string()
      .max(500)
      .superRefine((value, ctx) => {
        const problem = value.trim() ? nameTextProblem(value) : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .nullable()
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });

export function registerMaintenanceWindowsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/customers/:id/maintenance-windows', tag: 'customers', access: 'customers.view', params: idParams, query: pageQuery,
    summary: "A customer's maintenance windows (no Missed runs inside them), newest start first",
    handler: async ({ params, query }) => {
      const all = await customerMaintenanceWindows(db, params.id);
      return listEnvelope(all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), all.length, query);
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/customers/:id/maintenance-windows', tag: 'customers', access: 'customers.manage', params: idParams, body: windowBody, status: 201,
    summary: 'Add a maintenance window {startsAt, endsAt, reason?}: ISO times with Z or an offset, endsAt after startsAt',
    handler: async ({ actor, params, body, now }) =>
      createMaintenanceWindow(db, actor, params.id, { startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt), reason: body.reason ?? null }, now),
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/maintenance-windows/:id', tag: 'customers', access: 'customers.manage', params: idParams, status: 204,
    summary: 'Delete a maintenance window',
    handler: async ({ actor, params, now }) => removeMaintenanceWindow(db, actor, params.id, now),
  });
}
