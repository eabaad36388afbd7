import { relearnDueSchedules } from '../services/schedule.service.js';
import type { Task } from './task.js';

/** Jobs re-learned per run: 200 every 5 minutes keeps up with 10,000 jobs refreshed daily. */
export const scheduleLearningBatch = 200;

/**
 * Re-learns the schedules of jobs with new runs (and, after those, of jobs learned over a day ago, so
 * late reports and zone changes are picked up). Jobs that are archived or of inactive customers wait.
 */
export const scheduleLearningTask: Task = {
  name: 'schedule-learning',
  everyMs: 5 * 60_000,
  async run(context, now) {
    const count = await relearnDueSchedules(context.db, context.defaultTimeZone, now, { limit: scheduleLearningBatch });
    if (count > 0) context.logger.debug({ task: 'schedule-learning', jobs: count }, 'schedules re-learned');
  },
};
