import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { TooManyRequestsError } from '../../domain/errors.js';
import { permissionsOf, roles } from '../../domain/roles.js';
import { changePassword, login, logout, sessionTheme, switchRole, updateProfile, type ClientInfo, type LoginResult, type Theme } from '../../services/auth.service.js';
import { sessionIdleMs } from '../../services/authenticate.service.js';
import { newCaptcha } from '../../services/login-throttle.js';
import { completeSetup, setupNeeded } from '../../services/setup.service.js';
import type { HttpDeps } from '../app.js';
import { route, sessionCookie } from '../route.js';

const loginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  // Needed only after repeated failures; the refusal says so with code `captcha_required`.
  captchaId: z.string().min(1).max(100).optional(),
  captchaAnswer: z.union([z.string().max(20), z.number().int()]).optional(),
});
const setupBody = z.object({ token: z.string().min(1).max(200), username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const roleBody = z.object({ role: z.enum(roles) });
const profileBody = z.object({ theme: z.enum(['light', 'dark', 'auto']) });
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

export function registerAuthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/login', tag: 'auth', access: 'public', body: loginBody,
    summary: 'Sign in with username and password (and a captcha answer after repeated failures); sets the session cookie and returns the CSRF token',
    handler: async ({ body, request, reply, now }) => {
      const result = await withRetryAfter(reply, login(deps.db, { ...body, ...clientOf(request) }, now));
      return signedIn(request, reply, result);
    },
  });
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/auth/captcha', tag: 'auth', access: 'public',
    summary: 'A new arithmetic captcha for the login form; each one answers one login attempt within ten minutes',
    handler: async ({ now }) => newCaptcha(deps.db, now),
  });
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/auth/setup', tag: 'auth', access: 'public',
    summary: 'Whether first-start setup is needed (no users exist yet)',
    handler: async () => ({ needed: await setupNeeded(deps.db) }),
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/setup', tag: 'auth', access: 'public', body: setupBody,
    summary: 'Create the first admin with the one-time token from the setup link in the server log, and sign in',
    handler: async ({ body, request, reply, now }) => signedIn(request, reply, await completeSetup(deps.db, { ...body, ...clientOf(request) }, now)),
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/logout', tag: 'auth', access: 'signed-in', status: 204,
    summary: 'Sign out: ends this session',
    handler: async ({ actor, request, reply, now }) => {
      await logout(deps.db, actor, now);
      reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    },
  });
  route(app, deps.db, {
    method: 'GET', url: '/api/v1/auth/session', tag: 'auth', access: 'signed-in',
    summary: 'The signed-in user, the active role, its permissions, the theme, and the CSRF token of this session',
    handler: async ({ actor }) => presentSession(actor, await sessionTheme(deps.db, actor)),
  });
  route(app, deps.db, {
    method: 'PUT', url: '/api/v1/auth/role', tag: 'auth', access: 'signed-in', body: roleBody,
    summary: 'Switch the active role to another role the user holds; kept for later sessions',
    handler: async ({ actor, body, now }) => {
      await switchRole(deps.db, actor, body.role, now);
      return presentSession({ ...actor, role: body.role }, await sessionTheme(deps.db, actor));
    },
  });
  route(app, deps.db, {
    method: 'PATCH', url: '/api/v1/auth/profile', tag: 'auth', access: 'signed-in', body: profileBody,
    summary: "Change the signed-in user's own settings (theme)",
    handler: async ({ actor, body, now }) => ({ theme: await updateProfile(deps.db, actor, body, now) }),
  });
  route(app, deps.db, {
    method: 'POST', url: '/api/v1/auth/password', tag: 'auth', access: 'signed-in', body: passwordBody, status: 204,
    summary: "Change the signed-in user's own password; ends the user's other sessions",
    handler: async ({ actor, body, request, reply, now }) => {
      await withRetryAfter(reply, changePassword(deps.db, actor, { ...body, address: request.ip }, now));
    },
  });
}

export function presentSession(actor: Actor, theme: Theme) {
  return {
    user: { id: actor.userId, username: actor.username, roles: actor.roles },
    role: actor.role,
    permissions: permissionsOf(actor.role),
    via: actor.via,
    csrfToken: actor.csrfToken,
    theme,
  };
}

function clientOf(request: FastifyRequest): ClientInfo {
  return { address: request.ip, userAgent: request.headers['user-agent'] ?? null, previousSession: request.cookies?.[sessionCookie] ?? null };
}

function signedIn(request: FastifyRequest, reply: FastifyReply, result: LoginResult) {
  setSessionCookie(request, reply, result.sessionSecret);
  return { csrfToken: result.csrfToken, userId: result.userId };
}

/** A throttled answer also carries the standard Retry-After header, for clients that honour it. */
async function withRetryAfter<T>(reply: FastifyReply, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    throw error;
  }
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
