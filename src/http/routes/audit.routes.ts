import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAudit } from '../../repositories/audit.repository.js';
import type { HttpDeps } from '../app.js';
import { listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const filterText = z.string().min(1).max(200).optional();
const auditQuery = pageQuery.extend({ action: filterText, actor: filterText, entityType: filterText, entityId: filterText });

/** The audit log, newest first, for admins. Entries are never changed or deleted through the API. */
export function registerAuditRoutes(app: FastifyInstance, deps: HttpDeps): void {
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/audit', tag: 'audit', access: 'settings.admin', query: auditQuery,
    summary: 'The audit log, newest first; filter by exact action, actor (username), entityType and entityId',
    handler: async ({ query }) => {
      const { items, total } = await listAudit(deps.db, query, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
}
