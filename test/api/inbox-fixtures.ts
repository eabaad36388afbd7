import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ingestMessage, type IngestOutcome } from '../../src/ingest/pipeline.js';
import type { TestApi } from '../support/api.js';
import { allFixtureFiles } from '../support/fixtures.js';

/**
 * Real parser fixtures for Inbox tests. Two pairs share a job key (garbage collection of 'store1' and
 * prune job 'daily-prune' on pbs01, one ok and one failed mail each); ghettoVCB's final-status mail
 * names no job, so it has no key and cannot be approved.
 */
export const mails = {
  gcOk: 'pbs-gc-ok.template.eml',
  gcFailed: 'pbs-gc-failed.template.eml',
  pruneOk: 'pbs-prune-ok.template.eml',
  pruneFailed: 'pbs-prune-failed.template.eml',
  omv: 'omv-rsync-job-completed.eml',
  unparsed: 'ghettovcb-2020-final-status-only.eml',
  vzdumpHtml: 'vzdump-legacy-success-2guests.template.eml',
} as const;

export function fixtureMail(name: string): Buffer {
  const path = allFixtureFiles().find((f) => basename(f) === name);
  if (!path) throw new Error(`no fixture ${name}`);
  return readFileSync(path);
}

/** Another delivery of the same report: one extra header makes it a distinct mail with the same job key. */
export function copyOf(raw: Buffer, n: number): Buffer {
  return Buffer.concat([Buffer.from(`X-Test-Copy: ${n}\r\n`), raw]);
}

export async function ingest(api: TestApi, raw: Buffer): Promise<IngestOutcome> {
  return ingestMessage(api.database.db, raw, { source: 'cli' });
}

export async function ingestFixture(api: TestApi, name: keyof typeof mails, copy?: number): Promise<IngestOutcome> {
  const raw = fixtureMail(mails[name]);
  return ingest(api, copy === undefined ? raw : copyOf(raw, copy));
}
