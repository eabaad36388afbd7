import type { Task } from './task.js';

/** Creates Missed runs for slots whose deadline passed unmet. */
export const missedRunsTask: Task = {
  name: 'missed-runs',
  everyMs: 60_000,
  async run() {
    // Arrives with the Missed runs service.
  },
};
