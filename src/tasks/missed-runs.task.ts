import { evaluateMissedRuns } from '../services/missed-runs.service.js';
import type { Task } from './task.js';

/**
 * Creates Missed runs for slots whose deadline passed unmet (src/services/missed-runs.service.ts).
 * Every minute, so a Missed run appears within a minute of its deadline; a run after downtime catches
 * up on every slot since the last one, up to 7 days back.
 */
export const missedRunsTask: Task = {
  name: 'missed-runs',
  everyMs: 60_000,
  async run(context, now) {
    const result = await evaluateMissedRuns(context.db, { defaultZone: context.defaultTimeZone, now });
    if (result.created > 0) context.logger.info({ task: 'missed-runs', ...result }, 'Missed runs created');
  },
};
