/**
 * Overrides (DESIGN §10, docs/overrides.md): list, read, create, change and delete, each audited with
 * before/after, each re-applying the rules to the unreviewed runs it can affect in the same transaction.
 */
import type { Db } from '../db/connect.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { needsConfirmation, validateOverrideDraft, validateOverridePatch, type OverrideDraft } from '../domain/overrides/override.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import {
  deleteOverride,
  getOverride,
  insertOverride,
  listOverrides,
  updateOverride,
  type OverrideFilter,
  type StoredOverride,
} from '../repositories/override.repository.js';
import type { Who } from './customer.service.js';
import { jobLabels } from '../repositories/run-checks.repository.js';
import { reapplyOverrides } from './override-apply.service.js';

/** An override as the API shows it: with its job's name ("Acme · Nightly"), null for a global rule or a job since deleted. */
export type OverrideView = StoredOverride & { jobLabel: string | null };

/** Adds the job names, in one query. */
export async function withJobLabels(db: Db, overrides: StoredOverride[]): Promise<OverrideView[]> {
  const jobIds = [...new Set(overrides.flatMap((o) => (o.jobId === null ? [] : [o.jobId])))];
  const labels = await jobLabels(db, jobIds);
  return overrides.map((o) => {
    const job = o.jobId === null ? undefined : labels.get(o.jobId);
    return { ...o, jobLabel: job ? `${job.customer} · ${job.jobName}` : null };
  });
}

export async function overrideList(db: Db, filter: OverrideFilter, page: { page: number; pageSize: number }): Promise<{ items: OverrideView[]; total: number }> {
  const { items, total } = await listOverrides(db, filter, page);
  return { items: await withJobLabels(db, items), total };
}

export async function overrideById(db: Db, id: number): Promise<OverrideView> {
  const found = await getOverride(db, id);
  if (!found) throw new NotFoundError('override', id);
  return (await withJobLabels(db, [found]))[0]!;
}

/** The body of a create or change: the override's fields and `confirm` for a broad rule. */
export type OverrideInput = Record<string, unknown> & { confirm?: unknown };

function draftOf(input: OverrideInput): { draft: OverrideDraft; confirmed: boolean } {
  const { confirm, ...fields } = input;
  return { draft: validateOverrideDraft(fields), confirmed: confirm === true };
}

/** A global rule, one with empty text, or a regex matching every message needs `confirm: true` (409 `confirmation_required` names why). */
export function checkConfirmed(draft: OverrideDraft, confirmed: boolean): void {
  if (confirmed || !needsConfirmation(draft)) return;
  const [reason, why] =
    draft.scope === 'global'
      ? ['global', 'a global override applies to every job']
      : draft.match.text.trim() === ''
        ? ['empty_text', 'an override with empty text matches every message of its scope']
        : ['matches_everything', 'this regex matches every message of its scope'];
  throw new ConflictError(`${why}; send "confirm": true to save it`, { reason }, 'confirmation_required');
}

/** A rule's job must exist: 400 at `where`.jobId (`$.override[1].jobId` for the second rule of a Mark as success). */
export async function checkJob(db: Db, draft: OverrideDraft, where = '$'): Promise<void> {
  if (draft.jobId === null) return;
  const job = await db.selectFrom('jobs').select('id').where('id', '=', draft.jobId).executeTakeFirst();
  if (!job) throw new ValidationError(`invalid override: ${where}.jobId: no such job`, [{ path: `${where}.jobId`, message: `job ${draft.jobId} does not exist` }]);
}

/** The jobs whose unreviewed runs a rule can change: its job, or every job for a global rule. */
const affected = (...rules: (OverrideDraft | undefined)[]): number[] | 'all' =>
  rules.some((r) => r?.scope === 'global') ? 'all' : rules.flatMap((r) => (r?.jobId == null ? [] : [r.jobId]));

const auditShape = ({ createdBy: _by, updatedAt: _at, ...rule }: StoredOverride) => rule;

export async function createOverride(db: Db, who: Who, input: OverrideInput, now: Date): Promise<StoredOverride> {
  const { draft, confirmed } = draftOf(input);
  return db.transaction().execute(async (trx) => {
    // 400 (no such job) before 409 (confirm a broad rule).
    await checkJob(trx, draft);
    checkConfirmed(draft, confirmed);
    return storeOverride(trx, who, draft, now);
  });
}

/**
 * Stores a checked (its job exists: checkJob) and confirmed rule, re-applies the rules to the runs it can change and audits it;
 * `details` adds to the audit entry (e.g. the run it was made from). Run it inside a transaction.
 */
export async function storeOverride(trx: Db, who: Who, draft: OverrideDraft, now: Date, details: Record<string, unknown> = {}): Promise<StoredOverride> {
  const at = now.toISOString();
  const created = await insertOverride(trx, draft, at, who === 'cli' ? null : who.username);
  const reapplied = await reapplyOverrides(trx, affected(draft), now);
  await recordAudit(trx, {
    at, ...auditWho(who), action: 'override.create', entityType: 'override', entityId: created.id, details: { after: auditShape(created), reapplied, ...details },
  });
  return created;
}

/** A change replaces the rule's fields (PATCH with the whole rule, or the fields to change over the stored ones). */
export async function changeOverride(db: Db, who: Who, id: number, input: OverrideInput, now: Date): Promise<StoredOverride> {
  const at = now.toISOString();
  const { confirm: _confirm, ...fields } = input;
  validateOverridePatch(fields);
  return db.transaction().execute(async (trx) => {
    const before = await getOverride(trx, id);
    if (!before) throw new NotFoundError('override', id);
    const { id: _id, createdAt: _c, createdBy: _b, updatedAt: _u, ...stored } = before;
    const { draft, confirmed } = draftOf({ ...stored, ...input });
    // Editing the comment or window of a broad rule already confirmed does not ask again.
    const sameReach = draft.scope === before.scope && draft.jobId === before.jobId && draft.match.type === before.match.type && draft.match.text === before.match.text;
    await checkJob(trx, draft);
    checkConfirmed(draft, confirmed || sameReach);
    // A change that changes nothing is answered as it is: no write, no re-apply, no audit entry.
    if (JSON.stringify(draft) === JSON.stringify(validateOverrideDraft(stored))) return before;
    const after = await updateOverride(trx, id, draft, at);
    const reapplied = await reapplyOverrides(trx, affected(before, draft), now);
    await recordAudit(trx, {
      at, ...auditWho(who), action: 'override.update', entityType: 'override', entityId: id, details: { before: auditShape(before), after: auditShape(after), reapplied },
    });
    return after;
  });
}

export async function removeOverride(db: Db, who: Who, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await getOverride(trx, id);
    if (!before) throw new NotFoundError('override', id);
    await deleteOverride(trx, id);
    const reapplied = await reapplyOverrides(trx, affected(before), now);
    await recordAudit(trx, { at, ...auditWho(who), action: 'override.delete', entityType: 'override', entityId: id, details: { before: auditShape(before), reapplied } });
  });
}
