import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../app.js';

/** `/healthz`: the process answers. `/readyz`: it can reach its database, so it can take mail. */
export function registerHealthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready' };
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', error: 'database unreachable' });
    }
  });
}
