import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { objectKey } from '../domain/overrides/apply-overrides.js';
import { containsText } from './customer.repository.js';

/** Tickets and remarks share one table (DESIGN §10); `kind` tells them apart. */
export type NoteKind = 'ticket' | 'remark';

export type NoteScope =
  | { type: 'customer'; customerId: number }
  | { type: 'job'; jobId: number }
  | { type: 'object'; jobId: number; objectName: string };

/** A scope as shown: with the customer's or job's name ("Acme · Nightly", "host02 (Acme · Nightly)"). */
export type NoteScopeView = NoteScope & { label: string };

export interface StoredNote {
  id: number;
  kind: NoteKind;
  code: string | null;
  body: string;
  activeFrom: string;
  resolvedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  scopes: NoteScopeView[];
  linkedRuns: number;
}

export interface NoteFields {
  code: string | null;
  body: string;
  activeFrom: string;
}

export interface NoteFilter {
  status: 'open' | 'resolved' | 'all';
  q?: string;
  customerId?: number;
  jobId?: number;
}

type NoteRow = { id: number; kind: string; code: string | null; body: string; active_from: string; resolved_at: string | null; created_at: string; created_by: string | null; updated_at: string };

async function present(db: Db, rows: NoteRow[]): Promise<StoredNote[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [scopes, links] = await Promise.all([
    db.selectFrom('note_scopes').selectAll().where('note_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('note_runs').select((eb) => ['note_id', eb.fn.countAll().as('n')]).where('note_id', 'in', ids).groupBy('note_id').execute(),
  ]);
  const linked = new Map(links.map((l) => [l.note_id, Number(l.n)]));
  const names = await scopeNames(db, scopes);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as NoteKind,
    code: r.code,
    body: r.body,
    activeFrom: r.active_from,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    scopes: scopes.filter((s) => s.note_id === r.id).map((s) => labelled(scopeOf(s), names)),
    linkedRuns: linked.get(r.id) ?? 0,
  }));
}

type ScopeNames = { customers: Map<number, string>; jobs: Map<number, string> };

async function scopeNames(db: Db, scopes: { customer_id: number | null; job_id: number | null }[]): Promise<ScopeNames> {
  const customerIds = [...new Set(scopes.flatMap((s) => (s.customer_id === null ? [] : [s.customer_id])))];
  const jobIds = [...new Set(scopes.flatMap((s) => (s.job_id === null ? [] : [s.job_id])))];
  const [customers, jobs] = await Promise.all([
    customerIds.length ? db.selectFrom('customers').select(['id', 'name']).where('id', 'in', customerIds).execute() : [],
    jobIds.length
      ? db.selectFrom('jobs').innerJoin('customers', 'customers.id', 'jobs.customer_id').select(['jobs.id', 'jobs.job_name', 'customers.name']).where('jobs.id', 'in', jobIds).execute()
      : [],
  ]);
  return { customers: new Map(customers.map((c) => [c.id, c.name])), jobs: new Map(jobs.map((j) => [j.id, `${j.name} · ${j.job_name}`])) };
}

function labelled(scope: NoteScope, names: ScopeNames): NoteScopeView {
  if (scope.type === 'customer') return { ...scope, label: names.customers.get(scope.customerId) ?? `customer ${scope.customerId}` };
  const job = names.jobs.get(scope.jobId) ?? `job ${scope.jobId}`;
  return { ...scope, label: scope.type === 'job' ? job : `${scope.objectName} (${job})` };
}

/** A scope without its label, as it is stored and compared. */
export function bareScope(scope: NoteScope): NoteScope {
  if (scope.type === 'customer') return { type: 'customer', customerId: scope.customerId };
  if (scope.type === 'job') return { type: 'job', jobId: scope.jobId };
  return { type: 'object', jobId: scope.jobId, objectName: scope.objectName };
}

function scopeOf(row: { scope: string; customer_id: number | null; job_id: number | null; object_name: string | null }): NoteScope {
  if (row.scope === 'customer') return { type: 'customer', customerId: row.customer_id! };
  if (row.scope === 'job') return { type: 'job', jobId: row.job_id! };
  return { type: 'object', jobId: row.job_id!, objectName: row.object_name! };
}

export async function getNote(db: Db, kind: NoteKind, id: number): Promise<StoredNote | undefined> {
  const row = await db.selectFrom('notes').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
  return row ? (await present(db, [row]))[0] : undefined;
}

/** Open first (newest first), then resolved (most recently resolved first). */
export async function listNotes(db: Db, kind: NoteKind, filter: NoteFilter, page: { page: number; pageSize: number }): Promise<{ items: StoredNote[]; total: number }> {
  let query = db.selectFrom('notes').where('kind', '=', kind);
  if (filter.status === 'open') query = query.where('resolved_at', 'is', null);
  if (filter.status === 'resolved') query = query.where('resolved_at', 'is not', null);
  if (filter.q) {
    const q = filter.q;
    // The text or code (lower-cased by JavaScript when stored), or the name of a customer or job in scope.
    const inScope = db
      .selectFrom('note_scopes')
      .leftJoin('jobs', 'jobs.id', 'note_scopes.job_id')
      .leftJoin('customers', (join) => join.on(sql<boolean>`customers.id = coalesce(note_scopes.customer_id, jobs.customer_id)`))
      .select('note_scopes.note_id')
      .where((eb) => eb.or([containsText('customers.name_key', q), containsText('jobs.job_name', q)]));
    query = query.where((eb) => eb.or([containsText('body_key', q), containsText('code_key', q), eb('id', 'in', inScope)]));
  }
  if (filter.jobId !== undefined || filter.customerId !== undefined) {
    query = query.where('id', 'in', (eb) => {
      let scopes = eb.selectFrom('note_scopes').select('note_id');
      if (filter.jobId !== undefined) scopes = scopes.where('job_id', '=', filter.jobId);
      if (filter.customerId !== undefined) {
        const customerId = filter.customerId;
        scopes = scopes.where((s) =>
          s.or([s('customer_id', '=', customerId), s('job_id', 'in', s.selectFrom('jobs').select('id').where('customer_id', '=', customerId))]),
        );
      }
      return scopes;
    });
  }
  const { n } = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy(sql`case when resolved_at is null then 0 else 1 end`)
    .orderBy(sql`coalesce(resolved_at, created_at)`, 'desc')
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { items: await present(db, rows), total: Number(n) };
}

export async function codeTaken(db: Db, code: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('notes').select('id').where('code_key', '=', code.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertNote(db: Db, kind: NoteKind, fields: NoteFields, at: string, createdBy: string | null): Promise<number> {
  const { id } = await db
    .insertInto('notes')
    .values({
      kind, code: fields.code, code_key: fields.code?.toLowerCase() ?? null, body: fields.body, body_key: fields.body.toLowerCase(), active_from: fields.activeFrom, resolved_at: null,
      created_at: at, created_by: createdBy, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateNote(db: Db, id: number, fields: NoteFields & { resolvedAt: string | null }, at: string): Promise<void> {
  await db
    .updateTable('notes')
    .set({
      code: fields.code, code_key: fields.code?.toLowerCase() ?? null, body: fields.body, body_key: fields.body.toLowerCase(), active_from: fields.activeFrom,
      resolved_at: fields.resolvedAt, updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function replaceScopes(db: Db, noteId: number, scopes: NoteScope[]): Promise<void> {
  await db.deleteFrom('note_scopes').where('note_id', '=', noteId).execute();
  if (scopes.length === 0) return;
  await db
    .insertInto('note_scopes')
    .values(
      scopes.map((s) => ({
        note_id: noteId, scope: s.type, customer_id: s.type === 'customer' ? s.customerId : null, job_id: s.type === 'customer' ? null : s.jobId,
        object_name: s.type === 'object' ? s.objectName : null,
      })),
    )
    .execute();
}

async function link(db: Db, pairs: { noteId: number; runId: number }[], at: string): Promise<number> {
  if (pairs.length === 0) return 0;
  const rows = await db
    .insertInto('note_runs')
    .values(pairs.map((p) => ({ note_id: p.noteId, run_id: p.runId, linked_at: at })))
    .onConflict((oc) => oc.columns(['note_id', 'run_id']).doNothing())
    .returning('run_id')
    .execute();
  return rows.length;
}

/**
 * Links a run just stored to every open note in its scope: scoped to its customer, its job, or one of
 * its objects (names compared trimmed and case-insensitively, as overrides compare them), and active
 * since the run was received. Missed runs have no objects, so only customer and job notes reach them.
 */
export async function linkOpenNotesToRun(db: Db, run: { id: number; jobId: number; receivedAt: string }, objectNames: string[]): Promise<number> {
  const scopes = await db
    .selectFrom('note_scopes')
    .innerJoin('notes', 'notes.id', 'note_scopes.note_id')
    .select(['note_scopes.note_id', 'note_scopes.scope', 'note_scopes.object_name'])
    .where('notes.resolved_at', 'is', null)
    .where('notes.active_from', '<=', run.receivedAt)
    .where((eb) =>
      eb.or([
        eb('note_scopes.job_id', '=', run.jobId),
        eb('note_scopes.customer_id', '=', eb.selectFrom('jobs').select('customer_id').where('id', '=', run.jobId)),
      ]),
    )
    .execute();
  if (scopes.length === 0) return 0;
  const keys = new Set(objectNames.map(objectKey));
  const noteIds = new Set(scopes.filter((s) => s.scope !== 'object' || keys.has(objectKey(s.object_name ?? ''))).map((s) => s.note_id));
  return link(db, [...noteIds].map((noteId) => ({ noteId, runId: run.id })), run.receivedAt);
}

/**
 * When a note is created, reopened or its scopes change: links it to the runs in its scope that are
 * still waiting in Run Checks, so a ticket made from a failed run shows on that run at once.
 */
export async function linkNoteToWaitingRuns(db: Db, noteId: number, scopes: NoteScope[], at: string): Promise<number> {
  const jobIds = scopes.flatMap((s) => (s.type === 'job' ? [s.jobId] : []));
  const customerIds = scopes.flatMap((s) => (s.type === 'customer' ? [s.customerId] : []));
  const waiting = db.selectFrom('runs').where('runs.reviewed_at', 'is', null).where('runs.resolved_by_run_id', 'is', null);
  const runIds = new Set<number>();
  if (jobIds.length > 0 || customerIds.length > 0) {
    const rows = await waiting
      .select('runs.id')
      .where((eb) =>
        eb.or([
          ...(jobIds.length > 0 ? [eb('runs.job_id', 'in', jobIds)] : []),
          ...(customerIds.length > 0 ? [eb('runs.job_id', 'in', eb.selectFrom('jobs').select('id').where('customer_id', 'in', customerIds))] : []),
        ]),
      )
      .execute();
    for (const r of rows) runIds.add(r.id);
  }
  const objectScopes = scopes.filter((s): s is Extract<NoteScope, { type: 'object' }> => s.type === 'object');
  if (objectScopes.length > 0) {
    const rows = await waiting
      .innerJoin('run_objects', 'run_objects.run_id', 'runs.id')
      .select(['runs.id', 'runs.job_id', 'run_objects.name'])
      .where('runs.job_id', 'in', [...new Set(objectScopes.map((s) => s.jobId))])
      .execute();
    const wanted = new Set(objectScopes.map((s) => `${s.jobId}\n${objectKey(s.objectName)}`));
    for (const r of rows) if (wanted.has(`${r.job_id}\n${objectKey(r.name)}`)) runIds.add(r.id);
  }
  return link(db, [...runIds].map((runId) => ({ noteId, runId })), at);
}

/** `resolved`: the note was resolved since it was linked (shown struck through). */
export interface NoteBadges {
  tickets: { id: number; code: string; resolved: boolean }[];
  remarks: { id: number; body: string; resolved: boolean }[];
}

const badgeText = (body: string) => (body.length > 120 ? `${body.slice(0, 119)}…` : body);

function badgesOf(rows: { key: number; id: number; kind: string; code: string | null; body: string; resolved_at: string | null }[]): Map<number, NoteBadges> {
  const out = new Map<number, NoteBadges>();
  for (const r of rows) {
    const entry = out.get(r.key) ?? { tickets: [], remarks: [] };
    if (r.kind === 'ticket' && !entry.tickets.some((t) => t.id === r.id)) entry.tickets.push({ id: r.id, code: r.code ?? '', resolved: r.resolved_at !== null });
    if (r.kind === 'remark' && !entry.remarks.some((t) => t.id === r.id)) entry.remarks.push({ id: r.id, body: badgeText(r.body), resolved: r.resolved_at !== null });
    out.set(r.key, entry);
  }
  return out;
}

/** The tickets and remarks linked to each run. */
export async function notesOfRuns(db: Db, runIds: number[]): Promise<Map<number, NoteBadges>> {
  if (runIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('note_runs')
    .innerJoin('notes', 'notes.id', 'note_runs.note_id')
    .select(['note_runs.run_id as key', 'notes.id', 'notes.kind', 'notes.code', 'notes.body', 'notes.resolved_at'])
    .where('note_runs.run_id', 'in', runIds)
    .orderBy('notes.id')
    .execute();
  return badgesOf(rows);
}

/** The tickets and remarks linked to the runs of each job that wait in Run Checks. */
export async function notesOfWaitingRuns(db: Db, jobIds: number[]): Promise<Map<number, NoteBadges>> {
  if (jobIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('note_runs')
    .innerJoin('notes', 'notes.id', 'note_runs.note_id')
    .innerJoin('runs', 'runs.id', 'note_runs.run_id')
    .select(['runs.job_id as key', 'notes.id', 'notes.kind', 'notes.code', 'notes.body', 'notes.resolved_at'])
    .where('runs.job_id', 'in', jobIds)
    .where('runs.reviewed_at', 'is', null)
    .where('runs.resolved_by_run_id', 'is', null)
    .orderBy('notes.id')
    .execute();
  return badgesOf(rows);
}

/** The runs a note is linked to, newest first. */
export async function runIdsOfNote(db: Db, noteId: number, page: { page: number; pageSize: number }): Promise<{ ids: number[]; total: number }> {
  const base = db.selectFrom('note_runs').innerJoin('runs', 'runs.id', 'note_runs.run_id').where('note_runs.note_id', '=', noteId);
  const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await base.select('runs.id').orderBy('runs.sort_at', 'desc').orderBy('runs.id', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute();
  return { ids: rows.map((r) => r.id), total: Number(n) };
}
