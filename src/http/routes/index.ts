import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';
import { registerAuditRoutes } from './audit.routes.js';
import { registerAuthRoutes } from './auth.routes.js';
import { registerCustomersRoutes } from './customers.routes.js';
import { registerDashboardRoutes } from './dashboard.routes.js';
import { registerDailyJobsRoutes } from './daily-jobs.routes.js';
import { registerInboxRoutes } from './inbox.routes.js';
import { registerJobScheduleRoutes } from './job-schedule.routes.js';
import { registerJobsRoutes } from './jobs.routes.js';
import { registerJobsTransferRoutes } from './jobs-transfer.routes.js';
import { registerMaintenanceWindowsRoutes } from './maintenance-windows.routes.js';
import { registerMessagesRoutes } from './messages.routes.js';
import { registerRunChecksRoutes } from './run-checks.routes.js';
import { registerOverridesRoutes } from './overrides.routes.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { registerNotesRoutes } from './notes.routes.js';
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
  registerDailyJobsRoutes(app, deps);
  registerRunChecksRoutes(app, deps);
  registerJobScheduleRoutes(app, deps);
  registerMaintenanceWindowsRoutes(app, deps);
  registerOverridesRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerNotesRoutes(app, deps);
  registerDashboardRoutes(app, deps);
}
