/**
 * Which runs and objects count as success because of an override (DESIGN §10). Pure: the caller loads
 * the rules, passes the time, and stores the result next to the run's original status, which this
 * never changes.
 *
 * - Only rules valid at `now` apply: `validFrom <= now < validUntil`.
 * - Precedence: object rules, then job rules, then global rules; among equals the lowest id. The first
 *   matching rule is the one an override badge names.
 * - A non-success object is overridden by an object rule for its job and name, or a job rule for its
 *   job, or a global rule, whose statuses include the object's status (unknown counts as warning) and
 *   whose text matches the object's message.
 * - The run: when its status came from its objects (it has non-success objects and none is better
 *   than the run), it counts as success exactly when every non-success object is overridden. Otherwise
 *   a job or global rule must match the run's own status and message, and every non-success object
 *   must be overridden as well; a rule for one failure never hides another.
 * - Success and Missed runs are never overridden: a rule matches warning/failed (DESIGN §10), and a
 *   missed backup needs a schedule change or a review, not a text rule.
 */
import { statusRank, worstStatus, type Status } from '../status.js';
import { compileMatcher, type TextMatcher } from './match-text.js';
import type { Override, OverrideStatus } from './override.js';

export interface RunObjectInput {
  name: string;
  status: Status;
  message: string | null;
}

export interface RunInput<O extends RunObjectInput = RunObjectInput> {
  jobId: number;
  status: Status;
  /** The text run-level rules match: the first error text, or the subject when there is none. */
  message: string | null;
  objects: O[];
}

export type OverriddenObject<O extends RunObjectInput> = O & { overridden: boolean; overrideId: number | null };

export interface OverrideOutcome<O extends RunObjectInput = RunObjectInput> {
  /** The effective status: `success` when overridden, else the original. */
  status: Status;
  overridden: boolean;
  /** The rule the run's badge names. */
  overrideId: number | null;
  objects: OverriddenObject<O>[];
}

interface Rule {
  override: Override;
  matches: TextMatcher;
}

const scopeOrder = { object: 0, job: 1, global: 2 } as const;

export function applyOverrides<O extends RunObjectInput>(run: RunInput<O>, overrides: readonly Override[], now: Date): OverrideOutcome<O> {
  const rules = activeRules(overrides, now);
  const objects = run.objects.map((object): OverriddenObject<O> => {
    const rule = object.status === 'success' ? undefined : rules.find((r) => matchesObject(r, run.jobId, object));
    return { ...object, overridden: rule !== undefined, overrideId: rule?.override.id ?? null };
  });
  const original = { status: run.status, overridden: false, overrideId: null, objects };
  if (run.status === 'success' || run.status === 'missed') return original;

  const failing = objects.filter((object) => object.status !== 'success');
  if (!failing.every((object) => object.overridden)) return original;
  const rule = statusCameFromObjects(run)
    ? rules.find((r) => failing.some((object) => object.overrideId === r.override.id))
    : rules.find((r) => r.override.scope !== 'object' && matchesRun(r, run));
  if (rule === undefined) return original;
  return { status: 'success', overridden: true, overrideId: rule.override.id, objects };
}

/** The run has non-success objects and none of them is better than the run: worst wins explains it. */
export function statusCameFromObjects(run: Pick<RunInput, 'status' | 'objects'>): boolean {
  const failing = run.objects.filter((object) => object.status !== 'success');
  if (failing.length === 0) return false;
  return statusRank(failing.reduce<Status>((worst, object) => worstStatus(worst, object.status), 'success')) >= statusRank(run.status);
}

/** The rules valid at `now`, in precedence order, each with its text matcher compiled once. */
function activeRules(overrides: readonly Override[], now: Date): Rule[] {
  const at = now.getTime();
  const rules: Rule[] = [];
  for (const override of overrides) {
    if (override.validFrom !== null && Date.parse(override.validFrom) > at) continue;
    if (override.validUntil !== null && Date.parse(override.validUntil) <= at) continue;
    try {
      rules.push({ override, matches: compileMatcher(override.match) });
    } catch {
      // A stored pattern this engine refuses matches nothing rather than stopping ingest; saving it
      // again through validateOverride reports why.
    }
  }
  return rules.sort((a, b) => scopeOrder[a.override.scope] - scopeOrder[b.override.scope] || a.override.id - b.override.id);
}

function matchesObject(rule: Rule, jobId: number, object: RunObjectInput): boolean {
  const { override } = rule;
  if (override.scope !== 'global' && override.jobId !== jobId) return false;
  if (override.scope === 'object' && objectKey(override.objectName ?? '') !== objectKey(object.name)) return false;
  return statusMatches(override.statuses, object.status) && rule.matches(object.message);
}

function matchesRun(rule: Rule, run: RunInput): boolean {
  const { override } = rule;
  if (override.scope === 'job' && override.jobId !== run.jobId) return false;
  return statusMatches(override.statuses, run.status) && rule.matches(run.message);
}

/** `unknown` counts as a warning (DESIGN §2); success and missed never match. */
export function statusMatches(statuses: readonly OverrideStatus[], status: Status): boolean {
  if (status === 'unknown' || status === 'warning') return statuses.includes('warning');
  return status === 'failed' && statuses.includes('failed');
}

/** Object names are compared ignoring case and whitespace at both ends. */
export function objectKey(name: string): string {
  return name.trim().toLowerCase();
}
