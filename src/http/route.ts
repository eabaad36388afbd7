import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ForbiddenError, UnauthorizedError, ValidationError, type Problem } from '../domain/errors.js';
import { can, type Permission } from '../domain/roles.js';
import { authenticateSession, authenticateToken } from '../services/authenticate.service.js';
import { sameSecret } from '../services/secrets.js';

export const sessionCookie = 'bc_session';

/** Who may call a route: anyone, any signed-in user, or the holders of one permission (DESIGN §7). */
export type Access = 'public' | 'signed-in' | Permission;

export interface RouteContext<P, Q, B, A> {
  actor: A;
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
  now: Date;
}

export interface RouteSpec<P, Q, B, A extends Access> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify path, `/api/v1/jobs/:id`. */
  url: string;
  summary: string;
  tag: string;
  access: A;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer (201 for creates, 204 for no content). */
  status?: number;
  /** Content type of the body when it is not JSON (CSV import). */
  bodyType?: string;
  bodyLimit?: number;
  handler(context: RouteContext<P, Q, B, A extends 'public' ? Actor | null : Actor>): Promise<unknown>;
}

/** A handler's answer with a status other than the route's usual one (an approval that creates nothing: 200, not 201). */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const catalogues = new WeakMap<FastifyInstance, RouteSpec<any, any, any, Access>[]>();

/** Every route registered on an app, for its OpenAPI document and the permission-matrix test. */
export function routeCatalogue(app: FastifyInstance): RouteSpec<any, any, any, Access>[] {
  let list = catalogues.get(app);
  if (!list) catalogues.set(app, (list = []));
  return list;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Registers one API route. Checks happen in a fixed order that scripts rely on: 401 (no session or
 * token) → 403 (CSRF token of a cookie session, then the role's permission) → 400 (params, query,
 * body against their zod schemas) → the handler, which throws 404/409 as typed errors.
 */
export function route<P = unknown, Q = unknown, B = unknown, A extends Access = Access>(app: FastifyInstance, db: Db, spec: RouteSpec<P, Q, B, A>): void {
  routeCatalogue(app).push(spec as RouteSpec<any, any, any, Access>);
  app.route({
    method: spec.method,
    url: spec.url,
    bodyLimit: spec.bodyLimit,
    config: { catalogued: true },
    // onRequest runs before the body is read, so an anonymous caller gets 401 even for a malformed body.
    onRequest: async (request) => {
      request.actor = await actorOf(db, request);
      if (spec.access === 'public') return;
      if (!request.actor) throw new UnauthorizedError();
      if (request.actor.via === 'session' && unsafeMethods.has(spec.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameSecret(sent, request.actor.csrfToken ?? '')) {
          throw new ForbiddenError('missing or wrong X-CSRF-Token header (the token comes from POST /api/v1/auth/login or GET /api/v1/auth/session)');
        }
      }
      if (spec.access !== 'signed-in' && !can(request.actor.role, spec.access)) {
        throw new ForbiddenError(`the ${request.actor.role} role may not do this (needs ${spec.access})`);
      }
    },
    handler: async (request, reply) => {
      checkCharset(request);
      const params = validate(spec.params, request.params, 'params');
      const query = validate(spec.query, request.query, 'query');
      const body = validate(spec.body, request.body, '$');
      const result = await spec.handler({ actor: request.actor as never, params, query, body, request, reply, now: new Date() });
      if (reply.sent) return reply;
      if (result instanceof Answer) return reply.code(result.status).send(result.body);
      reply.code(spec.status ?? 200);
      return spec.status === 204 ? reply.send() : reply.send(result);
    },
  });
}

/** Bodies are read as UTF-8; one declared in another charset would be silently garbled, so it is refused. */
function checkCharset(request: FastifyRequest): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new ValidationError(`the body must be UTF-8, not ${charset}`, [{ path: 'headers.content-type', message: `charset ${charset} is not supported; send UTF-8` }]);
  }
}

async function actorOf(db: Db, request: FastifyRequest): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"', 'invalid_token');
    return authenticateToken(db, match[1]!, new Date());
  }
  const cookie = request.cookies?.[sessionCookie];
  return cookie ? authenticateSession(db, cookie, new Date()) : null;
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value ?? (where === '$' ? undefined : {}));
  if (parsed.success) return parsed.data;
  throw new ValidationError(`invalid ${where === '$' ? 'request body' : where}`, zodProblems(parsed.error, where));
}

/** zod issues as problems with JSON paths: `$.jobs[3].customer`, `query.page`. */
export function zodProblems(error: z.ZodError, root: string): Problem[] {
  return error.issues.map((issue) => ({ path: jsonPath(root, issue.path), message: issue.message }));
}

export function jsonPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${out}.${String(key)}` : `${out}[${JSON.stringify(String(key))}]`), root);
}
