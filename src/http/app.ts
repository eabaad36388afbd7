import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { registerErrorHandler } from './errors.js';
import { registerOpenApiRoutes } from './openapi.js';
import { registerApiRoutes } from './routes/index.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerWebApp } from './web.js';

export interface HttpDeps {
  db: Db;
  logger: Logger;
  config: Pick<Config, 'trustProxy' | 'publicUrl' | 'timeZone'>;
}

/** The HTTP application: health, the REST API under /api/v1 with its OpenAPI document, and the web UI. */
export function buildHttpApp(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // `__proto__` / `constructor.prototype` keys in a JSON body are dropped (like any unknown key) rather
    // than refusing the whole body with a misleading "not valid JSON".
    onProtoPoisoning: 'remove',
    // One line per request at info level drowns what matters (the setup link, ingest, errors): requests
    // are logged at debug (LOG_LEVEL=debug), failures by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    onConstructorPoisoning: 'remove',
  });
  app.decorateRequest('actor', null);
  // Every API route goes through route(), which checks its permission: one registered another way fails at start.
  app.addHook('onRoute', (options) => {
    if (options.url.startsWith('/api/v1/') && !(options.config as { catalogued?: boolean } | undefined)?.catalogued) {
      throw new Error(`${options.method} ${options.url} was registered without route(), so it would skip the permission check`);
    }
  });
  app.register(fastifyCookie);
  registerErrorHandler(app);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerHealthRoutes(app, deps);
  registerOpenApiRoutes(app);
  registerApiRoutes(app, deps);
  registerWebApp(app);
  return app;
}
