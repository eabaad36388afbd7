import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { approveAsContinuation, approveMessage, approveMessages } from '../../services/inbox-approve.service.js';
import { deletedPage, deleteFromInbox, inboxDetail, inboxPage, purgeDeleted, restoreDeleted } from '../../services/inbox.service.js';
import { reparseInbox } from '../../services/reparse.service.js';
import type { HttpDeps } from '../app.js';
import { idParams, listEnvelope, pageQuery } from '../list.js';
import { Answer, route } from '../route.js';

const id = z.number().int().positive();
const messageIds = z.array(id).min(1).max(500);

const approveBody = z
  .strictObject({ customerId: id.optional(), continuationOfJobId: id.optional() })
  .refine((b) => (b.customerId === undefined) !== (b.continuationOfJobId === undefined), { message: 'give exactly one of customerId and continuationOfJobId' });
const bulkApproveBody = z.strictObject({ messageIds, customerId: id });
// No body, or no messageIds, means the whole Inbox.
const reparseBody = z.strictObject({ messageIds: messageIds.optional() }).optional();

/** The Inbox (DESIGN §5, §7): list, detail, approve, delete, re-parse; Deleted mails for Admins. */
export function registerInboxRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/inbox', tag: 'inbox', access: 'inbox.view', query: pageQuery,
    summary: 'Messages linked to no job and not deleted, newest first',
    handler: async ({ query }) => {
      const { items, total } = await inboxPage(db, query);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/inbox/deleted', tag: 'inbox', access: 'deleted-mail.manage', query: pageQuery,
    summary: 'Deleted mails, most recently deleted first',
    handler: async ({ query }) => {
      const { items, total } = await deletedPage(db, query);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/inbox/deleted/:id/restore', tag: 'inbox', access: 'deleted-mail.manage', params: idParams, status: 204,
    summary: 'Put a deleted mail back in the Inbox (or link it, if its job key now belongs to a job)',
    handler: async ({ params, actor, now }) => {
      await restoreDeleted(db, params.id, actor, now);
    },
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/inbox/deleted/:id', tag: 'inbox', access: 'deleted-mail.manage', params: idParams, status: 204,
    summary: 'Purge a deleted mail: the message and its raw mail are removed for good',
    handler: async ({ params, actor, now }) => purgeDeleted(db, params.id, actor, now),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/inbox/approve', tag: 'inbox', access: 'inbox.manage', body: bulkApproveBody, status: 201,
    summary: 'Approve several Inbox messages for one customer: one new job per distinct job key, all or nothing',
    handler: async ({ body, actor, now }) => approveMessages(db, body.messageIds, body.customerId, actor, now),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/inbox/reparse', tag: 'inbox', access: 'inbox.manage', body: reparseBody,
    summary: 'Re-parse Inbox messages (all when messageIds is omitted) from their stored raw mail',
    handler: async ({ body, actor, now }) => reparseInbox(db, body?.messageIds, actor, now),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/inbox/:id', tag: 'inbox', access: 'inbox.view', params: idParams,
    summary: 'One Inbox message with its objects and parse trace',
    handler: async ({ params }) => inboxDetail(db, params.id),
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/inbox/:id/approve', tag: 'inbox', access: 'inbox.manage', params: idParams, body: approveBody, status: 201,
    summary: 'Approve an Inbox message: a new job for customerId (201), or an alias of continuationOfJobId (200)',
    handler: async ({ params, body, actor, now }) => {
      if (body.customerId !== undefined) return approveMessage(db, params.id, body.customerId, actor, now);
      // A continuation adds a key to an existing job and creates no resource: 200, not the route's 201.
      return new Answer(200, await approveAsContinuation(db, params.id, body.continuationOfJobId!, actor, now));
    },
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/inbox/:id', tag: 'inbox', access: 'inbox.manage', params: idParams, status: 204,
    summary: 'Delete an Inbox message (soft: Admins can restore or purge it)',
    handler: async ({ params, actor, now }) => deleteFromInbox(db, params.id, actor, now),
  });
}
