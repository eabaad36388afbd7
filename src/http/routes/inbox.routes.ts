import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';

export function registerInboxRoutes(_app: FastifyInstance, _deps: HttpDeps): void {
  // Routes arrive here.
}
