import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { permissionsOf } from '../../domain/roles.js';
import { login, logout } from '../../services/auth.service.js';
import { sessionIdleMs } from '../../services/authenticate.service.js';
import type { HttpDeps } from '../app.js';
import { route, sessionCookie } from '../route.js';

const loginBody = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

export function registerAuthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/login', tag: 'auth', access: 'public', body: loginBody,
    summary: 'Sign in with username and password; sets the session cookie and returns the CSRF token',
    handler: async ({ body, request, reply, now }) => {
      const result = await login(deps.db, { ...body, address: request.ip, userAgent: request.headers['user-agent'] ?? null }, now);
      setSessionCookie(request, reply, result.sessionSecret);
      return { csrfToken: result.csrfToken, userId: result.userId };
    },
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/logout', tag: 'auth', access: 'signed-in', status: 204,
    summary: 'Sign out: ends this session',
    handler: async ({ actor, reply, now }) => {
      await logout(deps.db, actor, now);
      reply.clearCookie(sessionCookie, { path: '/' });
    },
  });
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/auth/session', tag: 'auth', access: 'signed-in',
    summary: 'The signed-in user, the active role, its permissions, and the CSRF token of this session',
    handler: async ({ actor }) => presentSession(actor),
  });
}

export function presentSession(actor: Actor) {
  return {
    user: { id: actor.userId, username: actor.username, roles: actor.roles },
    role: actor.role,
    permissions: permissionsOf(actor.role),
    via: actor.via,
    csrfToken: actor.csrfToken,
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(sessionCookie, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // Behind a TLS-terminating proxy, TRUST_PROXY makes request.protocol follow X-Forwarded-Proto.
    secure: request.protocol === 'https',
    maxAge: Math.floor(sessionIdleMs / 1000),
  });
}
