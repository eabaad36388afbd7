import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roles } from '../../domain/roles.js';
import { createUser, getUserView, listUsers, resetPassword, updateUser } from '../../services/user.service.js';
import type { HttpDeps } from '../app.js';
import { idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const roleList = z.array(z.enum(roles)).min(1, 'a user needs at least one role');
const createBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024), roles: roleList });
const updateBody = z.object({ roles: roleList.optional(), disabled: z.boolean().optional() }).strict();
const passwordBody = z.object({ password: z.string().min(1).max(1024) });

/** Local accounts, for admins (DESIGN §7 "Settings, users, API tokens"). Services present the User shape. */
export function registerUsersRoutes(app: FastifyInstance, deps: HttpDeps): void {
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/users', tag: 'users', access: 'settings.admin', query: pageQuery,
    summary: 'List the users by name',
    handler: async ({ query }) => {
      const { items, total } = await listUsers(deps.db, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/users', tag: 'users', access: 'settings.admin', body: createBody, status: 201,
    summary: 'Create a local user; 409 when the name exists in any letter case',
    handler: async ({ actor, body, now }) => createUser(deps.db, actor, body, now),
  });
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/users/:id', tag: 'users', access: 'settings.admin', params: idParams,
    summary: 'One user',
    handler: async ({ params }) => getUserView(deps.db, params.id),
  });
  route(app, deps.db, {
    method: 'PATCH', url: '/api/v1/users/:id', tag: 'users', access: 'settings.admin', params: idParams, body: updateBody,
    summary: "Change a user's roles or disable/enable the account (disabling ends its sessions); not your own admin role or account",
    handler: async ({ actor, params, body, now }) => updateUser(deps.db, actor, params.id, body, now),
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/users/:id/password', tag: 'users', access: 'settings.admin', params: idParams, body: passwordBody,
    summary: "Reset a user's password; ends all their sessions",
    handler: async ({ actor, params, body, now }) => resetPassword(deps.db, actor, params.id, body.password, now),
  });
}
