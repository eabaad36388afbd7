import type { Task } from './task.js';

/** Re-learns the schedules of jobs with new runs. */
export const scheduleLearningTask: Task = {
  name: 'schedule-learning',
  everyMs: 5 * 60_000,
  async run() {
    // Arrives with the schedule service.
  },
};
