import type { Db } from '../db/connect.js';
import { NotFoundError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getJobListRow } from '../repositories/job-list.repository.js';
import { countJobDependants, deleteJobCascade, lockJob, type JobDependants } from '../repositories/job.repository.js';
import type { Who } from './customer.service.js';
import { jobLabel } from './job.service.js';

/** What deleting the job would remove, with counts, for the confirmation (DESIGN §5). */
export async function jobDeletePreview(db: Db, jobId: number): Promise<JobDependants> {
  if (!(await getJobListRow(db, jobId))) throw new NotFoundError('job', jobId);
  return countJobDependants(db, jobId);
}

/**
 * Deletes a job with its runs, their objects, its messages (with their raw mail), its keys and its job-
 * and object-level overrides, in one transaction; the customer stays. Every feature that hangs data off a job extends this cascade, its
 * counts and its test.
 */
export async function deleteJob(db: Db, who: Who, jobId: number, now: Date): Promise<{ deleted: JobDependants }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    // Holds back a mail of this job being linked by another instance meanwhile: its run insert waits
    // on this lock and then fails on the foreign key, so the mail is retried and lands in the Inbox.
    await lockJob(trx, jobId);
    const job = await getJobListRow(trx, jobId);
    if (!job) throw new NotFoundError('job', jobId);
    const deleted = await countJobDependants(trx, jobId);
    await deleteJobCascade(trx, jobId);
    await recordAudit(trx, { at, ...auditWho(who), action: 'job.delete', entityType: 'job', entityId: jobId, details: { job: jobLabel(job), deleted } });
    return { deleted };
  });
}
