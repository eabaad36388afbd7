import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { registerHealthRoutes } from './routes/health.routes.js';

export interface HttpDeps {
  db: Db;
  logger: Logger;
  trustProxy: boolean;
}

/** The HTTP application: health now; the API and web UI are registered here as they arrive. */
export function buildHttpApp(deps: HttpDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger, trustProxy: deps.trustProxy });
  registerHealthRoutes(app, deps);
  return app;
}
