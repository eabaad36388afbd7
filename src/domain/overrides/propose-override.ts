/**
 * The overrides "Mark as success" offers for the future (DESIGN §10), narrow by default so that one
 * accepted failure never hides a different one:
 *
 * - a run whose status came from its objects: one object rule per failing object (its name, its
 *   status, its message "contains");
 * - any other warning/failed run: one job rule (the run's status, "contains" the run's first error
 *   text), plus object rules for failing objects it has, since those must be overridden too;
 * - success and Missed runs: nothing (Missed runs are never overridden).
 *
 * `unknown` becomes the status `warning` (it counts as one). Texts are trimmed and cut to
 * `maxTextLength`; a cut prefix still "contains"-matches the same message. A proposal with empty text
 * (no message) matches every message and `needsConfirmation()` says so.
 */
import type { Status } from '../status.js';
import { objectKey, statusCameFromObjects, type RunInput } from './apply-overrides.js';
import { maxTextLength, type OverrideDraft, type OverrideStatus } from './override.js';

export function proposeOverrides(run: RunInput): OverrideDraft[] {
  const status = overrideStatusOf(run.status);
  if (status === null) return [];
  const proposals: OverrideDraft[] = [];
  if (!statusCameFromObjects(run)) proposals.push(draft('job', run.jobId, null, status, run.message));

  const seen = new Set<string>();
  for (const object of run.objects) {
    const objectStatus = overrideStatusOf(object.status);
    if (objectStatus === null) continue;
    const text = textOf(object.message);
    const key = JSON.stringify([objectKey(object.name), objectStatus, text.toLowerCase()]);
    if (seen.has(key)) continue;
    seen.add(key);
    proposals.push(draft('object', run.jobId, object.name.trim(), objectStatus, text));
  }
  return proposals;
}

function draft(scope: 'job' | 'object', jobId: number, objectName: string | null, status: OverrideStatus, message: string | null): OverrideDraft {
  return {
    scope,
    jobId,
    objectName,
    statuses: [status],
    match: { type: 'contains', text: textOf(message) },
    validFrom: null,
    validUntil: null,
    comment: null,
  };
}

function overrideStatusOf(status: Status): OverrideStatus | null {
  if (status === 'warning' || status === 'unknown') return 'warning';
  return status === 'failed' ? 'failed' : null;
}

function textOf(message: string | null): string {
  return (message ?? '').trim().slice(0, maxTextLength);
}
