/** Stored overrides (DESIGN §10) ↔ the `Override` shape of src/domain/overrides/override.ts. */
import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { OverrideTable } from '../db/schema.js';
import type { MatchType } from '../domain/overrides/match-text.js';
import type { Override, OverrideDraft, OverrideScope, OverrideStatus } from '../domain/overrides/override.js';

export type OverrideRow = Selectable<OverrideTable>;

/** A stored override with who made it and when it last changed, as the API shows it. */
export type StoredOverride = Override & { createdBy: string | null; updatedAt: string };

export function overrideOfRow(row: OverrideRow): StoredOverride {
  return {
    id: row.id,
    scope: row.scope as OverrideScope,
    jobId: row.job_id,
    objectName: row.object_name,
    statuses: row.statuses.split(',').filter((s) => s !== '') as OverrideStatus[],
    match: { type: row.match_type as MatchType, text: row.match_text },
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    comment: row.comment,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

function columnsOf(draft: OverrideDraft) {
  return {
    scope: draft.scope,
    job_id: draft.jobId,
    object_name: draft.objectName,
    statuses: draft.statuses.join(','),
    match_type: draft.match.type,
    match_text: draft.match.text,
    valid_from: draft.validFrom,
    valid_until: draft.validUntil,
    comment: draft.comment,
  };
}

export async function insertOverride(db: Db, draft: OverrideDraft, at: string, createdBy: string | null): Promise<StoredOverride> {
  const row = await db
    .insertInto('overrides')
    .values({ ...columnsOf(draft), created_at: at, created_by: createdBy, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return overrideOfRow(row);
}

export async function updateOverride(db: Db, id: number, draft: OverrideDraft, at: string): Promise<StoredOverride> {
  const row = await db.updateTable('overrides').set({ ...columnsOf(draft), updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return overrideOfRow(row);
}

export async function deleteOverride(db: Db, id: number): Promise<void> {
  await db.deleteFrom('overrides').where('id', '=', id).execute();
}

export async function getOverride(db: Db, id: number): Promise<StoredOverride | undefined> {
  const row = await db.selectFrom('overrides').selectAll().where('id', '=', id).executeTakeFirst();
  return row && overrideOfRow(row);
}

export interface OverrideFilter {
  jobId?: number;
  scope?: OverrideScope;
}

/** Lowest id first; `jobId` selects that job's job and object overrides. */
export async function listOverrides(db: Db, filter: OverrideFilter, page: { page: number; pageSize: number }): Promise<{ items: StoredOverride[]; total: number }> {
  let query = db.selectFrom('overrides');
  if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
  if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
  const { n } = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('id').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute();
  return { items: rows.map(overrideOfRow), total: Number(n) };
}

/** The rules that can apply to a job's runs: its job and object overrides and every global one. */
export async function overridesForJob(db: Db, jobId: number): Promise<StoredOverride[]> {
  const rows = await db
    .selectFrom('overrides')
    .selectAll()
    .where((eb) => eb.or([eb('job_id', '=', jobId), eb('scope', '=', 'global')]))
    .orderBy('id')
    .execute();
  return rows.map(overrideOfRow);
}

/** Every override, lowest id first. */
export async function allOverrides(db: Db): Promise<StoredOverride[]> {
  return (await db.selectFrom('overrides').selectAll().orderBy('id').execute()).map(overrideOfRow);
}

export async function deleteOverridesWhere(db: Db, where: { jobId: number } | 'global'): Promise<void> {
  if (where === 'global') await db.deleteFrom('overrides').where('scope', '=', 'global').execute();
  else await db.deleteFrom('overrides').where('job_id', '=', where.jobId).execute();
}

/** How a run or object names the rule that overrode it: `#12 job override: contains "disk full"`. */
export interface OverrideBadge {
  id: number;
  label: string;
}

export async function overrideBadges(db: Db, ids: number[]): Promise<Map<number, OverrideBadge>> {
  const out = new Map<number, OverrideBadge>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('overrides').select(['id', 'scope', 'object_name', 'match_type', 'match_text', 'comment']).where('id', 'in', ids).execute();
  for (const r of rows) {
    const where = r.scope === 'object' ? `object ${r.object_name}` : r.scope;
    const text = r.match_text === '' ? 'any message' : `${r.match_type} "${r.match_text.length > 60 ? `${r.match_text.slice(0, 59)}…` : r.match_text}"`;
    out.set(r.id, { id: r.id, label: `#${r.id} ${where} override: ${text}${r.comment ? ` (${r.comment})` : ''}` });
  }
  return out;
}
