import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nameTextProblem } from '../../domain/text.js';
import { roles } from '../../domain/roles.js';
import { createToken, listTokens, revokeToken } from '../../services/token.service.js';
import type { HttpDeps } from '../app.js';
import { decimal, idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const listQuery = pageQuery.extend({ userId: decimal(1, Number.MAX_SAFE_INTEGER).optional() });
const createBody = z.object({ userId: z.number().int().positive(), name: z.string().min(1).max(100).refine((v) => nameTextProblem(v) === null, 'must not contain control, bidirectional-override or invalid Unicode characters'), role: z.enum(roles) });

/** API tokens for integrations, for admins. A token acts for its user in one fixed role. */
export function registerTokensRoutes(app: FastifyInstance, deps: HttpDeps): void {
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/tokens', tag: 'tokens', access: 'settings.admin', query: listQuery,
    summary: "List API tokens, newest first; `?userId=` for one user's",
    handler: async ({ query }) => {
      const { items, total } = await listTokens(deps.db, { userId: query.userId }, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/tokens', tag: 'tokens', access: 'settings.admin', body: createBody, status: 201,
    summary: 'Create an API token for a user in one of their roles; the answer holds the token (`bct_…`), shown only this once',
    handler: async ({ actor, body, now }) => createToken(deps.db, actor, body, now),
  });
  route(app, deps.db, {
    method: 'DELETE', url: '/api/v1/tokens/:id', tag: 'tokens', access: 'settings.admin', params: idParams, status: 204,
    summary: 'Revoke an API token; it is refused from the next request on',
    handler: async ({ actor, params, now }) => {
      await revokeToken(deps.db, actor, params.id, now);
    },
  });
}
