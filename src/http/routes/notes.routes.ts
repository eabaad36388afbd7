import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isoInstant } from '../../domain/instant.js';
import { can } from '../../domain/roles.js';
import type { NoteKind } from '../../repositories/note.repository.js';
import { changeNote, createNote, noteById, noteList, noteRuns, reopenNote, resolveNote, type NoteInput } from '../../services/note.service.js';
import type { HttpDeps } from '../app.js';
import { decimal, idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const scope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), customerId: id }).strict(),
  z.object({ type: z.literal('job'), jobId: id }).strict(),
  z.object({ type: z.literal('object'), jobId: id, objectName: z.string().trim().min(1).max(500) }).strict(),
]);
const scopes = z.array(scope).min(1, 'name at least one customer, job or object').max(200);
const activeFrom = isoInstant;
/**
 * A ticket code as typed, in Unicode NFC (so "Café" typed two ways is one code), without control or
 * invisible format characters (zero-width spaces, direction overrides) that would make two codes look alike.
 */
const code = z
  .string()
  .transform((text) => text.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty').max(100).regex(/^[^\p{Cc}\p{Cf}]*$/u, 'must not hold control or invisible format characters'));
const text = z.string().max(10_000);

const ticketCreate = z.object({ code, description: text.default(''), activeFrom: activeFrom.optional(), scopes }).strict();
const ticketChange = z.object({ code: code.optional(), description: text.optional(), activeFrom: activeFrom.optional(), scopes: scopes.optional() }).strict();
const remarkCreate = z.object({ body: text.trim().min(1, 'must not be empty'), activeFrom: activeFrom.optional(), scopes }).strict();
const remarkChange = z.object({ body: text.trim().min(1, 'must not be empty').optional(), activeFrom: activeFrom.optional(), scopes: scopes.optional() }).strict();

const listQuery = pageQuery.extend({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  q: z.string().max(200).optional(),
  customerId: decimal(1, Number.MAX_SAFE_INTEGER).optional(),
  jobId: decimal(1, Number.MAX_SAFE_INTEGER).optional(),
});

type TicketBody = { code?: string; description?: string; activeFrom?: string; scopes?: NoteInput['scopes'] };
type RemarkBody = { body?: string; activeFrom?: string; scopes?: NoteInput['scopes'] };
const ticketInput = (b: TicketBody): NoteInput => ({ code: b.code, text: b.description, activeFrom: b.activeFrom, scopes: b.scopes });
const remarkInput = (b: RemarkBody): NoteInput => ({ text: b.body, activeFrom: b.activeFrom, scopes: b.scopes });

const scopeShape = "scopes: [{type: 'customer', customerId} | {type: 'job', jobId} | {type: 'object', jobId, objectName}]";

/** Tickets and remarks (DESIGN §10): /api/v1/tickets and /api/v1/remarks, the same routes for both. */
export function registerNotesRoutes(app: FastifyInstance, deps: HttpDeps): void {
  registerKind(app, deps, 'ticket', 'tickets', ticketCreate, ticketChange, ticketInput, `{code, description?, activeFrom?, ${scopeShape}}`);
  registerKind(app, deps, 'remark', 'remarks', remarkCreate, remarkChange, remarkInput, `{body, activeFrom?, ${scopeShape}}`);
}

function registerKind<C extends { scopes: NonNullable<NoteInput['scopes']> }, U>(
  app: FastifyInstance,
  { db }: HttpDeps,
  kind: NoteKind,
  plural: string,
  createBody: z.ZodType<C>,
  changeBody: z.ZodType<U>,
  input: (body: C | U) => NoteInput,
  shape: string,
): void {
  const base = `/api/v1/${plural}`;
  route(app, db, {
    method: 'GET', url: base, tag: 'tickets', access: 'tickets.view', query: listQuery,
    summary: `${plural}: open first (newest first), then resolved; ?status=open|resolved|all (default open), ?q= (text${kind === 'ticket' ? ' or code' : ''}), ?customerId=, ?jobId=`,
    handler: async ({ query }) => {
      const { items, total } = await noteList(db, kind, { status: query.status, q: query.q, customerId: query.customerId, jobId: query.jobId }, query);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'GET', url: `${base}/:id`, tag: 'tickets', access: 'tickets.view', params: idParams,
    summary: `One ${kind} with its scopes and the number of runs it is linked to`,
    handler: async ({ params }) => noteById(db, kind, params.id),
  });
  route(app, db, {
    method: 'GET', url: `${base}/:id/runs`, tag: 'tickets', access: 'tickets.view', params: idParams, query: pageQuery,
    summary: `The runs the ${kind} is linked to, newest first`,
    handler: async ({ actor, params, query }) => {
      const { items, total } = await noteRuns(db, kind, params.id, query, can(actor.role, 'jobs.reviewed-by'));
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'POST', url: base, tag: 'tickets', access: 'tickets.manage', body: createBody, status: 201,
    summary: `Create a ${kind} ${shape}; it links itself to the runs in scope waiting in Run Checks and to every new one until resolved${kind === 'ticket' ? '; a code already used answers 409 duplicate_code' : ''}`,
    handler: async ({ actor, body, now }) => createNote(db, actor, kind, { ...input(body), scopes: body.scopes }, now),
  });
  route(app, db, {
    method: 'PATCH', url: `${base}/:id`, tag: 'tickets', access: 'tickets.manage', params: idParams, body: changeBody,
    summary: `Change a ${kind}: the fields sent replace the stored ones (scopes as a whole)`,
    handler: async ({ actor, params, body, now }) => changeNote(db, actor, kind, params.id, input(body), now),
  });
  route(app, db, {
    method: 'POST', url: `${base}/:id/resolve`, tag: 'tickets', access: 'tickets.manage', params: idParams,
    summary: `Resolve the ${kind}: it stops linking itself to new runs; its links stay`,
    handler: async ({ actor, params, now }) => resolveNote(db, actor, kind, params.id, now),
  });
  route(app, db, {
    method: 'POST', url: `${base}/:id/reopen`, tag: 'tickets', access: 'tickets.manage', params: idParams,
    summary: `Reopen a resolved ${kind}: it links itself to new runs in scope again, and to those waiting in Run Checks now`,
    handler: async ({ actor, params, now }) => reopenNote(db, actor, kind, params.id, now),
  });
}
