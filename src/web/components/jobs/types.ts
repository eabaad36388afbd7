/** Shapes of the job routes that docs/api.md does not list yet (jobs facets, delete preview, import). */
import type { ObjectCounts } from '../../api/types';

export interface JobFacets {
  software: string[];
  types: string[];
}

export interface DeletePreview {
  runs: number;
  objects: number;
  messages: number;
  aliases: number;
  overrides: number;
  noteScopes: number;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  customers: ImportCounts;
  jobs: ImportCounts;
}

export type JobSort = 'customer' | 'jobName' | 'software' | 'type' | 'lastRun';
export type SortOrder = 'asc' | 'desc';

const objectWords: [keyof ObjectCounts, string][] = [['success', 'ok'], ['warning', 'warning'], ['failed', 'failed'], ['unknown', 'unknown']];

/** "3 ok, 1 failed"; "—" for a run without objects. */
export function objectsSummary(counts: ObjectCounts | null | undefined): string {
  if (!counts || counts.total === 0) return '—';
  const parts = objectWords.filter(([key]) => counts[key] > 0).map(([key, word]) => `${counts[key]} ${word}`);
  return parts.length > 0 ? parts.join(', ') : `${counts.total} objects`;
}

/** The moment a run is listed by: its start time from the report, else when the mail arrived. */
export function runTime(run: { startedAt: string | null; receivedAt: string } | null | undefined): string | null {
  return run ? (run.startedAt ?? run.receivedAt) : null;
}
