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
 *
 * A text holding dates or times ("Backup Fehler - 15.01.2024 22:00:01", often the subject of a report
 * without objects) would never match the next run's text; it becomes a case-insensitive regex with each
 * date and time replaced by digits of any value (`(?i)Backup Fehler - \d+\.\d+\.\d+ \d+:\d+:\d+`) and
 * everything else matched literally. Error codes and other numbers stay as they are.
 */
import type { Status } from '../status.js';
import { objectKey, statusCameFromObjects, type RunInput } from './apply-overrides.js';
import { maxPatternLength, type TextMatch } from './match-text.js';
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
    match: matchFor(textOf(message)),
    validFrom: null,
    validUntil: null,
    comment: null,
  };
}

function overrideStatusOf(status: Status): OverrideStatus | null {
  if (status === 'warning' || status === 'unknown') return 'warning';
  return status === 'failed' ? 'failed' : null;
}

/**
 * ISO date-times, file-name stamps such as 2024_01_15-01_09_30 (vzdump), dates such as 15.01.2024,
 * 2024-01-15 or 1/15/24, and times such as 22:00 or 22:00:01;
 * not parts of longer runs of digits and dots or colons (IP addresses, 192.0.2.20:8007, version numbers).
 */
const dateOrTime =
  /(?<![\d.:])(?:\d{4}_\d{2}_\d{2}[-_]\d{2}_\d{2}_\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)(?![\d.:]?\d)/g;

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

function matchFor(text: string): TextMatch {
  const pieces = text.split(dateOrTime);
  const stamps = text.match(dateOrTime) ?? [];
  if (stamps.length === 0) return { type: 'contains', text };
  const pattern = `(?i)${pieces.map((piece, i) => escapeRegex(piece) + (i < stamps.length ? escapeRegex(stamps[i]!).replace(/\d+/g, '\\d+') : '')).join('')}`;
  // A pattern over the length limit stays the plain text: narrower (only that timestamp) but valid.
  return pattern.length <= maxPatternLength ? { type: 'regex', text: pattern } : { type: 'contains', text };
}

function textOf(message: string | null): string {
  return (message ?? '').trim().slice(0, maxTextLength);
}
