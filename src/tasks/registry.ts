import { missedRunsTask } from './missed-runs.task.js';
import { scheduleLearningTask } from './schedule-learning.task.js';
import type { Task } from './task.js';

/** Every background task `serve` runs, each under its own lease. */
export const tasks: readonly Task[] = [scheduleLearningTask, missedRunsTask];
