import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';

/** The Dashboard (DESIGN §7): GET /api/v1/dashboard and its settings. */
export function registerDashboardRoutes(_app: FastifyInstance, _deps: HttpDeps): void {}
