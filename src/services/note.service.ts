/**
 * Tickets and remarks (DESIGN §10, docs/tickets.md): created, changed and resolved, each audited with
 * before/after. An open note links itself to every new run in its scope (run.repository.ts) and, when
 * it is created or its scope changes, to the runs in scope still waiting in Run Checks.
 */
import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import {
  bareScope,
  codeTaken,
  getNote,
  insertNote,
  linkNoteToWaitingRuns,
  listNotes,
  replaceScopes,
  runIdsOfNote,
  updateNote,
  type NoteFilter,
  type NoteKind,
  type NoteScope,
  type StoredNote,
} from '../repositories/note.repository.js';
import { objectKey } from '../domain/overrides/apply-overrides.js';
import { runDetail, type RunDetailView } from './job.service.js';

const sameScopes = (a: NoteScope[], b: NoteScope[]) => JSON.stringify(a.map(bareScope)) === JSON.stringify(b.map(bareScope));

/** What a create or change sends, already shaped by the route's schema: `text` is the description or the remark. */
export interface NoteInput {
  code?: string;
  text?: string;
  activeFrom?: string;
  scopes?: NoteScope[];
}

/** A ticket answers `description`, a remark `body`: the names the API takes. */
export type NoteView = Omit<StoredNote, 'body' | 'code'> & ({ code: string; description: string } | { body: string });

function view(note: StoredNote): NoteView {
  const { body, code, ...rest } = note;
  return note.kind === 'ticket' ? { ...rest, code: code ?? '', description: body } : { ...rest, body };
}

const label = (kind: NoteKind) => (kind === 'ticket' ? 'ticket' : 'remark');

export async function noteList(db: Db, kind: NoteKind, filter: NoteFilter, page: { page: number; pageSize: number }): Promise<{ items: NoteView[]; total: number }> {
  const { items, total } = await listNotes(db, kind, filter, page);
  return { items: items.map(view), total };
}

async function found(db: Db, kind: NoteKind, id: number): Promise<StoredNote> {
  const note = await getNote(db, kind, id);
  if (!note) throw new NotFoundError(label(kind), id);
  return note;
}

export async function noteById(db: Db, kind: NoteKind, id: number): Promise<NoteView> {
  return view(await found(db, kind, id));
}

/** The runs a note is linked to, newest first, as the run detail shows them. */
export async function noteRuns(db: Db, kind: NoteKind, id: number, page: { page: number; pageSize: number }, withReviewer: boolean): Promise<{ items: RunDetailView[]; total: number }> {
  await found(db, kind, id);
  const { ids, total } = await runIdsOfNote(db, id, page);
  const items: RunDetailView[] = [];
  for (const runId of ids) items.push(await runDetail(db, runId, withReviewer));
  return { items, total };
}

/** Every scope must name a customer or job that exists: 400 naming each bad one by its path. */
async function checkScopes(db: Db, scopes: NoteScope[]): Promise<void> {
  const customerIds = [...new Set(scopes.flatMap((s) => (s.type === 'customer' ? [s.customerId] : [])))];
  const jobIds = [...new Set(scopes.flatMap((s) => (s.type === 'customer' ? [] : [s.jobId])))];
  const customers = customerIds.length ? new Set((await db.selectFrom('customers').select('id').where('id', 'in', customerIds).execute()).map((r) => r.id)) : new Set<number>();
  const jobs = jobIds.length ? new Set((await db.selectFrom('jobs').select('id').where('id', 'in', jobIds).execute()).map((r) => r.id)) : new Set<number>();
  const problems: Problem[] = [];
  scopes.forEach((s, i) => {
    if (s.type === 'customer' && !customers.has(s.customerId)) problems.push({ path: `$.scopes[${i}].customerId`, message: `customer ${s.customerId} does not exist` });
    if (s.type !== 'customer' && !jobs.has(s.jobId)) problems.push({ path: `$.scopes[${i}].jobId`, message: `job ${s.jobId} does not exist` });
  });
  if (problems.length > 0) throw new ValidationError(`invalid scopes: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

/** The scopes without repeats: the same customer or job twice, or one object named in two spellings (HOST02, host02 ). */
function distinctScopes(scopes: NoteScope[]): NoteScope[] {
  const seen = new Set<string>();
  return scopes.filter((s) => {
    const key = s.type === 'customer' ? `c${s.customerId}` : s.type === 'job' ? `j${s.jobId}` : `o${s.jobId}\n${objectKey(s.objectName)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function checkCode(db: Db, code: string | null, exceptId?: number): Promise<void> {
  if (code !== null && (await codeTaken(db, code, exceptId))) throw new ConflictError(`a ticket with code ${code} already exists`, { code }, 'duplicate_code');
}

const auditShape = (note: StoredNote) => {
  const { createdBy: _b, updatedAt: _u, linkedRuns: _l, ...rest } = note;
  return rest;
};

export async function createNote(db: Db, actor: Actor, kind: NoteKind, input: Required<Pick<NoteInput, 'scopes'>> & NoteInput, now: Date): Promise<NoteView> {
  const at = now.toISOString();
  const fields = { code: kind === 'ticket' ? (input.code ?? '') : null, body: input.text ?? '', activeFrom: input.activeFrom ?? at };
  const scopes = distinctScopes(input.scopes);
  return db.transaction().execute(async (trx) => {
    await checkScopes(trx, scopes);
    await checkCode(trx, fields.code);
    const id = await insertNote(trx, kind, fields, at, actor.username);
    await replaceScopes(trx, id, scopes);
    const linked = fields.activeFrom <= at ? await linkNoteToWaitingRuns(trx, id, scopes, at) : 0;
    const note = await found(trx, kind, id);
    await recordAudit(trx, { at, ...auditWho(actor), action: `${kind}.create`, entityType: kind, entityId: id, details: { after: auditShape(note), linked } });
    return view(note);
  });
}

export async function changeNote(db: Db, actor: Actor, kind: NoteKind, id: number, input: NoteInput, now: Date): Promise<NoteView> {
  const at = now.toISOString();
  const newScopes = input.scopes ? distinctScopes(input.scopes) : undefined;
  return db.transaction().execute(async (trx) => {
    // 400 (a scope names nothing) before 404 (no such note), as on every route.
    if (newScopes) await checkScopes(trx, newScopes);
    const before = await found(trx, kind, id);
    const fields = {
      code: kind === 'ticket' ? (input.code ?? before.code) : null,
      body: input.text ?? before.body,
      activeFrom: input.activeFrom ?? before.activeFrom,
      resolvedAt: before.resolvedAt,
    };
    const scopes = newScopes ?? before.scopes;
    const unchanged = fields.code === before.code && fields.body === before.body && fields.activeFrom === before.activeFrom && sameScopes(scopes, before.scopes);
    // A change that changes nothing is answered as it is: no write, no audit entry, updatedAt kept.
    if (unchanged) return view(before);
    await checkCode(trx, fields.code, id);
    await updateNote(trx, id, fields, at);
    if (newScopes) await replaceScopes(trx, id, scopes);
    const linked = newScopes && !before.resolvedAt && fields.activeFrom <= at ? await linkNoteToWaitingRuns(trx, id, scopes, at) : 0;
    const after = await found(trx, kind, id);
    await recordAudit(trx, { at, ...auditWho(actor), action: `${kind}.update`, entityType: kind, entityId: id, details: { before: auditShape(before), after: auditShape(after), linked } });
    return view(after);
  });
}

/** Resolves a note: it stops linking itself to new runs; the links it has stay. Resolving twice changes nothing. */
export async function resolveNote(db: Db, actor: Actor, kind: NoteKind, id: number, now: Date): Promise<NoteView> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, kind, id);
    if (before.resolvedAt) return view(before);
    await updateNote(trx, id, { code: before.code, body: before.body, activeFrom: before.activeFrom, resolvedAt: at }, at);
    const after = await found(trx, kind, id);
    await recordAudit(trx, { at, ...auditWho(actor), action: `${kind}.resolve`, entityType: kind, entityId: id, details: { before: auditShape(before), after: auditShape(after) } });
    return view(after);
  });
}

/** Reopens a resolved note: it links itself to new runs in scope again (and to the runs waiting now). */
export async function reopenNote(db: Db, actor: Actor, kind: NoteKind, id: number, now: Date): Promise<NoteView> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, kind, id);
    if (!before.resolvedAt) return view(before);
    await updateNote(trx, id, { code: before.code, body: before.body, activeFrom: before.activeFrom, resolvedAt: null }, at);
    const linked = before.activeFrom <= at ? await linkNoteToWaitingRuns(trx, id, before.scopes, at) : 0;
    const after = await found(trx, kind, id);
    await recordAudit(trx, { at, ...auditWho(actor), action: `${kind}.reopen`, entityType: kind, entityId: id, details: { before: auditShape(before), after: auditShape(after), linked } });
    return view(after);
  });
}
