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
import { isoInstant } from '../instant.js';
import { compileMatcher, matchTypes, regexProblem, type TextMatch } from './match-text.js';

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

const instant = isoInstant;
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

/**
 * The checks between fields. They run even when a field failed its own check (so one answer names every
 * problem), which is why they look at what is there defensively: a field may still hold the raw input.
 */
function checkDraft(value: DraftShape, ctx: z.RefinementCtx): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  // One problem per field: a field that failed its own check is not blamed again here.
  const add = (path: string[], message: string) => {
    if (!ctx.issues.some((issue) => issue.path?.join('.') === path.join('.'))) ctx.addIssue({ code: 'custom', path, message });
  };
  const name = value.objectName as unknown;
  const o = { ...value, jobId: value.jobId ?? null, objectName: typeof name === 'string' && name.trim() !== '' ? name : name == null || name === '' ? null : name, validFrom: value.validFrom ?? null, validUntil: value.validUntil ?? null };
  if (typeof o.match === 'object' && o.match !== null && o.match.type === 'regex' && typeof o.match.text === 'string') {
    const problem = regexProblem(o.match.text);
    if (problem !== null) add(['match', 'text'], problem);
  }
  if (!overrideScopes.includes(o.scope)) return;
  if (o.scope !== 'global' && o.jobId === null) add(['jobId'], `is required for ${o.scope === 'job' ? 'a job' : 'an object'} override`);
  if (o.scope === 'global' && o.jobId !== null) add(['jobId'], 'must be empty for a global override');
  if (o.scope === 'object' && o.objectName === null) add(['objectName'], 'is required for an object override');
  if (o.scope !== 'object' && o.objectName !== null) add(['objectName'], `must be empty for ${o.scope === 'job' ? 'a job' : 'a global'} override`);
  const instant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v);
  if (instant(o.validFrom) && instant(o.validUntil) && o.validUntil <= o.validFrom) {
    add(['validUntil'], 'must be later than validFrom');
  }
}

const always = { when: () => true };
export const overrideDraftSchema = z.object(draftFields).superRefine(checkDraft, always);
/** As sent to the API: a field it does not know (a typo such as `scop`, or `enabled`) is an error, not silently dropped. */
const strictDraftSchema = z.object({ ...draftFields, match: draftFields.match.strict() }).strict().superRefine(checkDraft, always);

export const overrideSchema = z
  .object({ ...draftFields, id: z.number().int().positive(), createdAt: instant })
  .superRefine(checkDraft, always);

/**
 * Unrelated messages a regex must all match to count as matching everything (`.*`, `^`, `$`, `a*`,
 * `(?s).*`): a pattern that finds a match in each of them, the empty one included, reaches every message.
 */
const probes = ['', 'x', 'Backup job finished with 3 errors.\nVM sql01: 0x80070070 disk full', '   '];

/** A global rule, one with empty text, or a regex that matches every message reaches far more than one failure: the UI asks first. */
export function needsConfirmation(override: Pick<Override, 'scope' | 'match'>): boolean {
  if (override.scope === 'global' || override.match.text.trim() === '') return true;
  if (override.match.type !== 'regex' || regexProblem(override.match.text) !== null) return false;
  const matcher = compileMatcher(override.match);
  return probes.every((probe) => matcher(probe));
}

/** A stored or submitted override, checked; throws a ValidationError naming every bad field (`$.match.text`). */
export function validateOverride(input: unknown): Override {
  return parseWith(overrideSchema, input);
}

const patchSchema = z.object({ ...draftFields, match: draftFields.match.strict() }).strict().partial();

/**
 * The fields a change sends, each checked on its own (400 before the stored rule is even read, so an
 * unknown id with a bad body answers 400, not 404); the whole rule is checked once merged.
 */
export function validateOverridePatch(input: unknown): void {
  parseWith(patchSchema, input);
}

/**
 * A new override before it is stored (no `id`, no `createdAt`). Unknown fields are refused unless
 * `allowUnknownKeys` (a jobs import file of a later version may carry keys this one does not know).
 */
export function validateOverrideDraft(input: unknown, options: { allowUnknownKeys?: boolean } = {}): OverrideDraft {
  return parseWith(options.allowUnknownKeys ? overrideDraftSchema : strictDraftSchema, input);
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
