import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';
import { registerAuditRoutes } from './audit.routes.js';
import { registerAuthRoutes } from './auth.routes.js';
import { registerCustomersRoutes } from './customers.routes.js';
import { registerInboxRoutes } from './inbox.routes.js';
import { registerJobsRoutes } from './jobs.routes.js';
import { registerJobsTransferRoutes } from './jobs-transfer.routes.js';
import { registerMessagesRoutes } from './messages.routes.js';
import { registerTokensRoutes } from './tokens.routes.js';
import { registerUsersRoutes } from './users.routes.js';

/** Every /api/v1 route, one file per resource. */
export function registerApiRoutes(app: FastifyInstance, deps: HttpDeps): void {
  registerAuthRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerTokensRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerInboxRoutes(app, deps);
  registerMessagesRoutes(app, deps);
  registerCustomersRoutes(app, deps);
  registerJobsRoutes(app, deps);
  registerJobsTransferRoutes(app, deps);
}
