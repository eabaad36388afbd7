import type { FastifyInstance } from 'fastify';
import { messageBodyPage, messageDetail, messageEml } from '../../services/inbox.service.js';
import type { HttpDeps } from '../app.js';
import { idParams } from '../list.js';
import { route } from '../route.js';

/**
 * Mail bodies are hostile input (DESIGN §12): the body page gets its own CSP that forbids everything
 * but inline styles and data: images and sandboxes the document. The UI frames it (with an empty
 * sandbox attribute), so X-Frame-Options is SAMEORIGIN here instead of the app-wide DENY.
 */
const bodyPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** Stored messages, whether in the Inbox or linked to a job (run detail): detail, .eml download, body page. */
export function registerMessagesRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/messages/:id', tag: 'messages', access: 'inbox.view', params: idParams,
    summary: 'One stored message: parse fields, objects, trace, and the job and run it belongs to',
    handler: async ({ params, actor }) => messageDetail(db, params.id, actor),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/messages/:id/eml', tag: 'messages', access: 'inbox.view', params: idParams,
    summary: 'The raw mail as an .eml attachment (message/rfc822), never rendered',
    handler: async ({ params, actor, reply }) => {
      const raw = await messageEml(db, params.id, actor);
      reply.header('content-type', 'message/rfc822');
      reply.header('content-disposition', `attachment; filename="message-${params.id}.eml"`);
      reply.header('cache-control', 'private, no-store');
      return raw;
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/messages/:id/body', tag: 'messages', access: 'inbox.view', params: idParams,
    summary: "The mail's body as an HTML page for a sandboxed iframe (text bodies in <pre>)",
    handler: async ({ params, actor, reply }) => {
      const page = await messageBodyPage(db, params.id, actor);
      reply.header('content-type', 'text/html; charset=utf-8');
      reply.header('content-security-policy', bodyPolicy);
      reply.header('x-frame-options', 'SAMEORIGIN');
      reply.header('cache-control', 'private, no-store');
      return page;
    },
  });
}
