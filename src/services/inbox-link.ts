import type { Db } from '../db/connect.js';
import { mailRunRow } from '../ingest/pipeline.js';
import { withOverrides } from './override-apply.service.js';
import type { JobMatch } from '../repositories/job.repository.js';
import { claimInboxMessage } from '../repositories/inbox.repository.js';
import type { MessageRow } from '../repositories/message.repository.js';
import { insertRun } from '../repositories/run.repository.js';
import { storedResult } from './message-view.js';

/**
 * Turns Inbox messages into runs of a job, the way the pipeline links a new mail (src/ingest/pipeline.ts),
 * but from what is stored instead of a fresh parse. Runs of an archived job or an inactive customer are
 * reviewed by the system at once, so that unarchiving does not flood Run Checks (DESIGN §5).
 * Returns the ids of the runs created; a message that left the Inbox meanwhile (approved or deleted
 * by someone else) is skipped, never linked twice.
 */
export async function linkAsRuns(trx: Db, rows: readonly MessageRow[], match: JobMatch, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const quiet = match.archived || !match.customerActive;
  const runIds: number[] = [];
  for (const row of rows) {
    if (!(await claimInboxMessage(trx, row.id, match.jobId))) continue;
    const result = storedResult(row);
    const stored = await withOverrides(
      trx,
      mailRunRow({
        jobId: match.jobId,
        messageId: row.id,
        status: result.status,
        informational: row.informational === 1,
        // As the pipeline: the report's start time, else the mail's Date header (sent_at).
        startedAt: row.started_at ?? row.sent_at,
        endedAt: row.ended_at,
        receivedAt: row.received_at,
        quiet,
        now: at,
      }),
      row.subject,
      result.objects,
      now,
    );
    const runId = await insertRun(trx, stored.run, stored.objects);
    runIds.push(runId);
  }
  return runIds;
}

/** A primary-key or unique violation on either dialect: another writer took the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
