import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';

/** Tickets and remarks (DESIGN §10): /api/v1/tickets and /api/v1/remarks. */
export function registerNotesRoutes(_app: FastifyInstance, _deps: HttpDeps): void {}
