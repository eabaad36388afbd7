/**
 * Overrides in `approved_jobs_export_v1` (DESIGN §6, docs/overrides.md): optional `jobs[].overrides`
 * (job and object rules of that job) and a top-level optional `overrides` (global rules). On import a
 * list that is present replaces the stored rules of its job (or the global rules) — rules equal to one
 * in the file are kept with their id, the others deleted or added; an absent key leaves them alone.
 */
import type { Db } from '../db/connect.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import { validateOverrideDraft, type OverrideDraft, type OverrideScope } from '../domain/overrides/override.js';
import type { TextMatch } from '../domain/overrides/match-text.js';
import { deleteOverride, insertOverride, type StoredOverride } from '../repositories/override.repository.js';

/** One rule in the file: no id, no job (the enclosing job is its job). */
export interface ExportedOverride {
  scope: OverrideScope;
  objectName?: string;
  statuses: string[];
  match: TextMatch;
  validFrom?: string;
  validUntil?: string;
  comment?: string;
}

export function exportedOverride(rule: Omit<OverrideDraft, 'jobId'>): ExportedOverride {
  return {
    scope: rule.scope,
    ...(rule.objectName !== null ? { objectName: rule.objectName } : {}),
    statuses: [...rule.statuses],
    match: { type: rule.match.type, text: rule.match.text },
    ...(rule.validFrom !== null ? { validFrom: rule.validFrom } : {}),
    ...(rule.validUntil !== null ? { validUntil: rule.validUntil } : {}),
    ...(rule.comment !== null ? { comment: rule.comment } : {}),
  };
}

/** A stand-in job id while checking a job's rules from a file: the real one is known only when applying. */
const placeholderJobId = 1;

/**
 * Checks a file's list of rules: `where` is `job` for `jobs[i].overrides` (scope job or object) or
 * `global` for the top-level list (scope global, may be left out). Problems carry paths under `root`.
 */
export function checkOverrideEntries(value: unknown, root: string, where: 'job' | 'global'): { problems: Problem[]; drafts: OverrideDraft[] } {
  const problems: Problem[] = [];
  const drafts: OverrideDraft[] = [];
  if (!Array.isArray(value)) return { problems: [{ path: root, message: 'must be an array of overrides' }], drafts };
  value.forEach((entry, k) => {
    const path = `${root}[${k}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return problems.push({ path, message: 'must be an object' });
    const fields = entry as Record<string, unknown>;
    if (fields.jobId !== undefined) return problems.push({ path: `${path}.jobId`, message: 'must be left out: the enclosing job is the rule’s job' });
    const scope = where === 'global' ? (fields.scope ?? 'global') : fields.scope;
    if (where === 'global' && scope !== 'global') return problems.push({ path: `${path}.scope`, message: 'must be "global" (job and object rules go in their job’s "overrides")' });
    if (where === 'job' && scope !== 'job' && scope !== 'object') return problems.push({ path: `${path}.scope`, message: 'must be "job" or "object" (global rules go in the top-level "overrides")' });
    try {
      drafts.push(validateOverrideDraft({ ...fields, scope, jobId: where === 'job' ? placeholderJobId : null }, { allowUnknownKeys: true }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.problems.map((p) => ({ path: p.path.replace(/^\$/, path), message: p.message })));
    }
  });
  return { problems, drafts };
}

export interface OverrideCounts {
  created: number;
  deleted: number;
  unchanged: number;
}

const sameRule = (draft: OverrideDraft, rule: StoredOverride): boolean => JSON.stringify(exportedOverride(draft)) === JSON.stringify(exportedOverride(rule));

/**
 * Makes the stored rules of a job (or the global rules, `jobId` null) equal to the file's: equal rules
 * stay, the others are deleted or added. True in `changed` when anything was written.
 */
export async function replaceOverrides(
  db: Db,
  jobId: number | null,
  stored: readonly StoredOverride[],
  drafts: readonly OverrideDraft[],
  at: string,
  createdBy: string | null,
): Promise<OverrideCounts> {
  const counts: OverrideCounts = { created: 0, deleted: 0, unchanged: 0 };
  const left = [...stored];
  for (const draft of drafts) {
    const i = left.findIndex((rule) => sameRule(draft, rule));
    if (i >= 0) {
      left.splice(i, 1);
      counts.unchanged++;
      continue;
    }
    await insertOverride(db, { ...draft, jobId }, at, createdBy);
    counts.created++;
  }
  for (const rule of left) {
    await deleteOverride(db, rule.id);
    counts.deleted++;
  }
  return counts;
}
