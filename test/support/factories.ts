import type { Db } from '../../src/db/connect.js';
import type { ParseResult } from '../../src/domain/parse-result.js';
import { jobKey } from '../../src/domain/job-key.js';
import { insertCustomer } from '../../src/repositories/customer.repository.js';
import { insertJob, insertJobKey } from '../../src/repositories/job.repository.js';

let customers = 0;

export async function createCustomer(db: Db, name = `Customer ${++customers}`, active = true): Promise<number> {
  return insertCustomer(db, name, new Date().toISOString(), active);
}

/** A job approved from a parse result, as the Inbox approval does: key from (sender, host, software, type, name). */
export async function createJobFor(
  db: Db,
  result: Pick<ParseResult, 'sender' | 'host' | 'software' | 'type' | 'jobName'>,
  options: { customerId?: number; anyHost?: boolean; archived?: boolean } = {},
): Promise<number> {
  const now = new Date().toISOString();
  const customerId = options.customerId ?? (await createCustomer(db));
  const host = options.anyHost ? null : result.host;
  const jobId = await insertJob(db, {
    customer_id: customerId,
    sender: result.sender ?? '',
    host,
    backup_software: result.software ?? '',
    backup_type: result.type ?? '',
    job_name: result.jobName ?? '',
    archived_at: options.archived ? now : null,
    created_at: now,
    created_by: null,
  });
  const key = jobKey({ sender: result.sender ?? '', host, software: result.software ?? '', type: result.type ?? '', jobName: result.jobName ?? '' });
  await insertJobKey(db, key, jobId, false, now);
  return jobId;
}
