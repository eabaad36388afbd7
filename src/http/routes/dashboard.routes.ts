import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeDashboardSettings, dashboard, dashboardSettings, maxSilenceHours } from '../../services/dashboard.service.js';
import type { HttpDeps } from '../app.js';
import { route } from '../route.js';

const settingsBody = z.object({ sourceSilenceHours: z.number().int().min(0).max(maxSilenceHours) }).strict();

/** The Dashboard (DESIGN §7): GET /api/v1/dashboard and its settings. */
export function registerDashboardRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  const defaultZone = deps.config.timeZone;
  route(app, db, {
    method: 'GET', url: '/api/v1/dashboard', tag: 'dashboard', access: 'dashboard.view',
    summary: "Today's figures: runs waiting in Run Checks by status, Missed runs today, Inbox size, last mail per source (silent ones flagged), failed and Missed runs per day over 14 days; each part only for roles that may see it",
    handler: async ({ actor, now }) => dashboard(db, actor, defaultZone, now),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/settings/dashboard', tag: 'settings', access: 'jobs.view',
    summary: 'Dashboard settings: sourceSilenceHours (a source silent longer is flagged; 0 = never)',
    handler: async () => dashboardSettings(db),
  });
  route(app, db, {
    method: 'PUT', url: '/api/v1/settings/dashboard', tag: 'settings', access: 'settings.admin', body: settingsBody,
    summary: `Change sourceSilenceHours (0..${maxSilenceHours}); audited`,
    handler: async ({ actor, body, now }) => changeDashboardSettings(db, actor, body, now),
  });
}
