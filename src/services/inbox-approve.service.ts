import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { jobKeysOf } from '../ingest/pipeline.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { findCustomer, getInboxMessage, getInboxMessages, inboxMessagesWithKey, type CustomerRow } from '../repositories/inbox.repository.js';
import { findJobByKeys, getJobWithCustomer, insertJob, insertJobKey } from '../repositories/job.repository.js';
import type { MessageRow } from '../repositories/message.repository.js';
import { isUniqueViolation, linkAsRuns } from './inbox-link.js';
import { getJobView, type JobView } from './job.service.js';
import { canApprove, storedResult } from './message-view.js';

/** Approval of Inbox messages (DESIGN §5): a new job for a customer, or a continuation of an existing job. */

/** The approved job as the Jobs API presents it (docs/api.md Job). */
export type ApprovedJob = JobView;

export interface ApproveOutcome {
  job: ApprovedJob;
  linkedMessages: number;
  runIds: number[];
}

export interface BulkApproveOutcome {
  jobs: ApprovedJob[];
  linkedMessages: number;
  runIds: number[];
}

/** Creates the job of one Inbox message for a customer and links every Inbox message of its key. */
export async function approveMessage(db: Db, messageId: number, customerId: number, actor: Actor, now: Date): Promise<ApproveOutcome> {
  return db.transaction().execute(async (trx) => {
    const message = await inboxMessage(trx, messageId);
    requireApprovable([message], () => 'params.id');
    const customer = await requireCustomer(trx, customerId);
    const taken = await ownerOf(trx, message);
    if (taken !== null) throw keyTaken([{ key: message.job_key!, jobId: taken }]);
    const outcome = await createJobFrom(trx, message, customer, actor, now);
    await audit(trx, actor, now, 'inbox.approve', outcome, { messageId, customerId, jobKey: message.job_key });
    return outcome;
  });
}

/** Adds the message's key as an alias of an existing job (the job was renamed in the product) and links its messages. */
export async function approveAsContinuation(db: Db, messageId: number, jobId: number, actor: Actor, now: Date): Promise<ApproveOutcome> {
  return db.transaction().execute(async (trx) => {
    const message = await inboxMessage(trx, messageId);
    requireApprovable([message], () => 'params.id');
    const job = await getJobWithCustomer(trx, jobId);
    if (!job) throw new NotFoundError('job', jobId);
    const taken = await ownerOf(trx, message);
    if (taken !== null) throw keyTaken([{ key: message.job_key!, jobId: taken }]);
    const key = message.job_key!;
    await addKey(trx, key, jobId, true, now);
    const runIds = await linkAsRuns(trx, await inboxMessagesWithKey(trx, key), { jobId, archived: job.archived_at !== null, customerActive: job.customer_active === 1 }, now);
    const outcome = { job: await presentJob(trx, jobId), linkedMessages: runIds.length, runIds };
    await audit(trx, actor, now, 'inbox.approve-continuation', outcome, { messageId, jobKey: key });
    return outcome;
  });
}

/**
 * Approves several Inbox messages for one customer: one new job per distinct job key, all or nothing.
 * Keys that already belong to a job are all listed in one 409.
 */
export async function approveMessages(db: Db, messageIds: number[], customerId: number, actor: Actor, now: Date): Promise<BulkApproveOutcome> {
  const ids = [...new Set(messageIds)];
  return db.transaction().execute(async (trx) => {
    const rows = await getInboxMessages(trx, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new NotFoundError(missing.length === 1 ? 'Inbox message' : 'Inbox messages', missing.join(', '));
    const ordered = ids.map((id) => byId.get(id)!);
    requireApprovable(ordered, (i) => `$.messageIds[${messageIds.indexOf(ordered[i]!.id)}]`);
    const customer = await requireCustomer(trx, customerId);
    // The first selected message of each key is the job's template; the others of that key follow it.
    const templates = new Map<string, MessageRow>();
    for (const row of ordered) if (!templates.has(row.job_key!)) templates.set(row.job_key!, row);
    const conflicts: { key: string; jobId: number }[] = [];
    const created: { key: string; outcome: ApproveOutcome }[] = [];
    for (const [key, message] of templates) {
      // Checked one by one, after the previous keys' jobs exist: a device key whose "any host" key
      // was just approved in this same request is refused like it would be one request later.
      const taken = await ownerOf(trx, message);
      if (taken !== null) conflicts.push({ key, jobId: taken });
      else if (conflicts.length === 0) created.push({ key, outcome: await createJobFrom(trx, message, customer, actor, now) });
    }
    // Throwing inside the transaction rolls back the jobs already created: nothing is written.
    if (conflicts.length > 0) throw keyTaken(conflicts);
    for (const { key, outcome } of created) await audit(trx, actor, now, 'inbox.approve', outcome, { customerId, jobKey: key, bulk: true });
    const outcomes = created.map((c) => c.outcome);
    return {
      jobs: outcomes.map((o) => o.job),
      linkedMessages: outcomes.reduce((n, o) => n + o.linkedMessages, 0),
      runIds: outcomes.flatMap((o) => o.runIds),
    };
  });
}

async function inboxMessage(trx: Db, id: number): Promise<MessageRow> {
  const message = await getInboxMessage(trx, id);
  if (!message) throw new NotFoundError('Inbox message', id);
  return message;
}

function requireApprovable(rows: MessageRow[], pathOf: (index: number) => string): void {
  const problems: Problem[] = [];
  rows.forEach((row, i) => {
    if (!canApprove(row)) problems.push({ path: pathOf(i), message: `message ${row.id} has no backup software, type and job name (unrecognised or parse error): re-parse it or delete it` });
  });
  if (problems.length > 0) throw new ValidationError(problems.length === 1 ? problems[0]!.message : 'some messages cannot be approved', problems);
}

async function requireCustomer(trx: Db, id: number): Promise<CustomerRow> {
  const customer = await findCustomer(trx, id);
  if (!customer) throw new NotFoundError('customer', id);
  return customer;
}

/**
 * The job that already owns the message's key, or null. The message's "any host" key counts too:
 * a job approved for any host already receives this device's mails, a second job would split them.
 */
async function ownerOf(trx: Db, message: MessageRow): Promise<number | null> {
  const match = await findJobByKeys(trx, jobKeysOf(storedResult(message)));
  return match?.jobId ?? null;
}

function keyTaken(taken: { key: string; jobId: number }[]): ConflictError {
  const message = taken.length === 1 ? `this job key already belongs to job ${taken[0]!.jobId}` : `${taken.length} job keys already belong to jobs`;
  return new ConflictError(message, taken.length === 1 ? { jobId: taken[0]!.jobId, key: taken[0]!.key, taken } : { taken }, 'job_key_taken');
}

async function createJobFrom(trx: Db, message: MessageRow, customer: CustomerRow, actor: Actor, now: Date): Promise<ApproveOutcome> {
  const at = now.toISOString();
  // Name, software and type come from the parse result and are not editable (DESIGN §5).
  const jobId = await insertJob(trx, {
    customer_id: customer.id,
    sender: message.sender ?? '',
    host: message.host,
    backup_software: message.software!,
    backup_type: message.backup_type!,
    job_name: message.job_name!,
    archived_at: null,
    created_at: at,
    created_by: actor.username,
  });
  const key = message.job_key!;
  await addKey(trx, key, jobId, false, now);
  // An inactive customer's new job is quiet like its existing ones (pipeline.ts).
  const runIds = await linkAsRuns(trx, await inboxMessagesWithKey(trx, key), { jobId, archived: false, customerActive: customer.active === 1 }, now);
  return { job: await presentJob(trx, jobId), linkedMessages: runIds.length, runIds };
}

async function addKey(trx: Db, key: string, jobId: number, alias: boolean, now: Date): Promise<void> {
  try {
    await insertJobKey(trx, key, jobId, alias, now.toISOString());
  } catch (error) {
    // A concurrent approval of the same key won the race (PostgreSQL, read committed).
    if (isUniqueViolation(error)) throw new ConflictError('this job key was just approved by someone else', { key }, 'job_key_taken');
    throw error;
  }
}

async function presentJob(trx: Db, jobId: number): Promise<ApprovedJob> {
  return getJobView(trx, jobId);
}

async function audit(trx: Db, actor: Actor, now: Date, action: string, outcome: ApproveOutcome, details: Record<string, unknown>): Promise<void> {
  await recordAudit(trx, {
    at: now.toISOString(),
    ...auditWho(actor),
    action,
    entityType: 'job',
    entityId: outcome.job.id,
    details: { ...details, jobName: outcome.job.jobName, customerId: outcome.job.customerId, linkedMessages: outcome.linkedMessages, runIds: outcome.runIds },
  });
}
