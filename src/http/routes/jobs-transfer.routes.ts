import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';

export function registerJobsTransferRoutes(_app: FastifyInstance, _deps: HttpDeps): void {
  // Routes arrive here.
}
