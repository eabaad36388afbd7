import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built web app (vite build → dist/web); two levels up from both src/http and dist/http. */
export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/** Content-Security-Policy of the web app: only its own scripts; Mantine needs inline styles. */
const appPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Serves the single-page app: its assets, and index.html for any other GET outside /api. */
export function registerWebApp(app: FastifyInstance): void {
  const index = join(webRoot, 'index.html');
  const available = existsSync(index);
  // index.html is never served as a static file: it goes out through the handler below, with the app's
  // CSP and no caching (the asset names inside it change with every build).
  if (available) app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, maxAge: '1h', allowedPath: (path) => !path.endsWith('.html') });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/api/') || path.startsWith('/assets/')) {
      return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${path}`, details: null } });
    }
    if (!available) return reply.code(503).type('text/plain').send('The web app is not built: run `npm run build`.');
    return reply.header('content-security-policy', appPolicy).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(readFileSync(index));
  });
}
