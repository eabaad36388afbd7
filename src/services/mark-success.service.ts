/**
 * "Mark as success" with an override for the future (DESIGN §10): the run is marked (original status
 * kept, overridden, not reviewed) and the rules are stored in one transaction, so either both happen or
 * neither. Without rules in the request the narrow proposal of proposeOverrides() is used.
 */
import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { needsConfirmation, validateOverrideDraft, type OverrideDraft } from '../domain/overrides/override.js';
import { proposeOverrides } from '../domain/overrides/propose-override.js';
import type { Status } from '../domain/status.js';
import { getRunWithReviewer, mailOfRun, objectsOfRun } from '../repositories/job-history.repository.js';
import type { StoredOverride } from '../repositories/override.repository.js';
import { runDetail, type RunDetailView } from './job.service.js';
import { firstErrorText } from './override-apply.service.js';
import { checkConfirmed, checkJob, storeOverride } from './override.service.js';
import { markRunSuccessIn } from './run-checks.service.js';

export type Proposal = OverrideDraft & { needsConfirmation: boolean };

/** The rules Mark as success offers for a run, from its original status, objects and first error text. */
export async function overrideProposal(db: Db, runId: number): Promise<{ proposals: Proposal[] }> {
  const run = await getRunWithReviewer(db, runId);
  if (!run) throw new NotFoundError('run', runId);
  if (run.kind === 'missed') return { proposals: [] };
  const objects = await objectsOfRun(db, runId);
  const mail = run.message_id === null ? undefined : await mailOfRun(db, run.message_id);
  const drafts = proposeOverrides({
    jobId: run.job_id,
    status: run.original_status as Status,
    message: firstErrorText(objects, mail?.subject ?? null),
    objects: objects.map((o) => ({ name: o.name, status: o.status as Status, message: o.message })),
  });
  return { proposals: drafts.map((d) => ({ ...d, needsConfirmation: needsConfirmation(d) })) };
}

export interface MarkSuccessInput {
  createOverride?: boolean;
  /** One rule or several; without it, the proposal. */
  override?: unknown;
  /** Confirms a global or empty-text rule. */
  confirm?: boolean;
}

/** Where a rule of the request is, for its problems: `$.override`, or `$.override[1]` in a list. */
const whereOf = (override: unknown, i: number) => (Array.isArray(override) ? `$.override[${i}]` : '$.override');

/** Checks the rules the request names (paths under $.override), before anything is written. */
function draftsOf(override: unknown): OverrideDraft[] {
  const list = Array.isArray(override) ? override : [override];
  if (list.length === 0 || list.length > 50) throw new ValidationError('invalid override: $.override: give 1 to 50 rules', [{ path: '$.override', message: 'give 1 to 50 rules' }]);
  const problems: Problem[] = [];
  const drafts: OverrideDraft[] = [];
  list.forEach((item, i) => {
    const prefix = whereOf(override, i);
    try {
      const { confirm: _c, ...fields } = (item ?? {}) as Record<string, unknown>;
      drafts.push(validateOverrideDraft(fields));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...(error.problems.length ? error.problems : [{ path: '$', message: error.message }]).map((p) => ({ ...p, path: prefix + p.path.replace(/^\$/, '') })));
    }
  });
  if (problems.length > 0) throw new ValidationError(`invalid override: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  return drafts;
}

export async function markAsSuccess(
  db: Db,
  actor: Actor,
  runId: number,
  input: MarkSuccessInput,
  now: Date,
  withReviewer: boolean,
): Promise<RunDetailView & { createdOverrides: StoredOverride[] }> {
  if (!input.createOverride && input.override !== undefined) {
    throw new ValidationError('invalid request: $.override: send "createOverride": true with it', [{ path: '$.override', message: 'send "createOverride": true with it' }]);
  }
  let drafts: OverrideDraft[] = [];
  if (input.createOverride) {
    drafts = input.override === undefined ? (await overrideProposal(db, runId)).proposals.map(({ needsConfirmation: _n, ...d }) => d) : draftsOf(input.override);
    if (drafts.length === 0) throw new ValidationError('invalid request: $.createOverride: this run has no warning or failure to override', [{ path: '$.createOverride', message: 'this run has no warning or failure to override' }]);
    // In the order of the API's rules: 400 (a rule's job does not exist), 404 (no such run), then 409.
    for (const [i, draft] of drafts.entries()) await checkJob(db, draft, whereOf(input.override, i));
    if (!(await getRunWithReviewer(db, runId))) throw new NotFoundError('run', runId);
    for (const draft of drafts) checkConfirmed(draft, input.confirm === true);
  }
  const createdOverrides = await db.transaction().execute(async (trx) => {
    await markRunSuccessIn(trx, actor, runId, now);
    const created: StoredOverride[] = [];
    for (const [i, draft] of drafts.entries()) {
      await checkJob(trx, draft, whereOf(input.override, i)); // again inside: the job may have been deleted meanwhile
      created.push(await storeOverride(trx, actor, draft, now, { fromRunId: runId }));
    }
    return created;
  });
  return { ...(await runDetail(db, runId, withReviewer)), createdOverrides };
}
