/**
 * An override (DESIGN §2, §10): a rule that makes matching warning/failed runs or objects count as
 * success, visibly. The same zod schema checks an override from the API and one read back from storage.
 *
 * - `scope`: `global` (every job), `job` (`jobId`), or `object` (`jobId` + `objectName`, compared
 *   ignoring case and whitespace at both ends).
 * - `statuses`: `warning`, `failed` or both; `unknown` counts as a warning (DESIGN §2). Missed runs
 *   are never overridden.
 * - `match`: the text criterion, see match-text.ts.
 * - `validFrom` / `validUntil`: ISO instants, normalised to UTC; the rule applies from `validFrom`
 *   (inclusive) until `validUntil` (exclusive).
 */
import { z } from 'zod';
import { ValidationError, type Problem } from '../errors.js';
import { matchTypes, regexProblem, type TextMatch } from './match-text.js';

export const overrideScopes = ['global', 'job', 'object'] as const;
export type OverrideScope = (typeof overrideScopes)[number];

export const overrideStatuses = ['warning', 'failed'] as const;
export type OverrideStatus = (typeof overrideStatuses)[number];

export interface Override {
  id: number;
  scope: OverrideScope;
  jobId: number | null;
  objectName: string | null;
  statuses: OverrideStatus[];
  match: TextMatch;
  validFrom: string | null;
  validUntil: string | null;
  comment: string | null;
  createdAt: string;
}

/** What a user fills in; the store adds `id` and `createdAt`. */
export type OverrideDraft = Omit<Override, 'id' | 'createdAt'>;

export const maxTextLength = 2_000;

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with Z or an offset, like 2026-12-24T18:00:00+01:00' })
  .transform((value) => new Date(value).toISOString());
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional().transform((value) => value ?? null);

const draftFields = {
  scope: z.enum(overrideScopes),
  jobId: optional(z.number().int().positive()),
  objectName: optional(z.string().trim().min(1, 'must not be empty').max(maxTextLength)),
  statuses: z
    .array(z.enum(overrideStatuses, { message: 'must be "warning" or "failed" (unknown counts as warning)' }))
    .min(1, 'must name at least one status: "warning", "failed" or both')
    .transform((list) => overrideStatuses.filter((status) => list.includes(status))),
  match: z.object({
    type: z.enum(matchTypes),
    text: z.string().max(maxTextLength),
  }),
  validFrom: optional(instant),
  validUntil: optional(instant),
  comment: optional(z.string().max(maxTextLength)),
};

type DraftShape = Omit<OverrideDraft, 'match'> & { match: TextMatch };

function checkDraft(o: DraftShape, ctx: z.RefinementCtx): void {
  if (o.scope !== 'global' && o.jobId === null) ctx.addIssue({ code: 'custom', path: ['jobId'], message: `is required for ${o.scope === 'job' ? 'a job' : 'an object'} override` });
  if (o.scope === 'global' && o.jobId !== null) ctx.addIssue({ code: 'custom', path: ['jobId'], message: 'must be empty for a global override' });
  if (o.scope === 'object' && o.objectName === null) ctx.addIssue({ code: 'custom', path: ['objectName'], message: 'is required for an object override' });
  if (o.scope !== 'object' && o.objectName !== null) ctx.addIssue({ code: 'custom', path: ['objectName'], message: `must be empty for ${o.scope === 'job' ? 'a job' : 'a global'} override` });
  if (o.match.type === 'regex') {
    const problem = regexProblem(o.match.text);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['match', 'text'], message: problem });
  }
  if (o.validFrom !== null && o.validUntil !== null && o.validUntil <= o.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be later than validFrom' });
  }
}

export const overrideDraftSchema = z.object(draftFields).superRefine(checkDraft);

export const overrideSchema = z
  .object({ ...draftFields, id: z.number().int().positive(), createdAt: instant })
  .superRefine(checkDraft);

/** A global rule or one with empty text matches far more than one failure: the UI asks first. */
export function needsConfirmation(override: Pick<Override, 'scope' | 'match'>): boolean {
  return override.scope === 'global' || override.match.text.trim() === '';
}

/** A stored or submitted override, checked; throws a ValidationError naming every bad field (`$.match.text`). */
export function validateOverride(input: unknown): Override {
  return parseWith(overrideSchema, input);
}

/** A new override before it is stored (no `id`, no `createdAt`). */
export function validateOverrideDraft(input: unknown): OverrideDraft {
  return parseWith(overrideDraftSchema, input);
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
  throw new ValidationError(`invalid override: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), '$');
}
