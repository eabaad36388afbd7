import { randomUUID } from 'node:crypto';
import { claimLease, releaseLease } from '../repositories/lease.repository.js';
import type { Task, TaskContext } from './task.js';

export interface TaskRunner {
  stop(): Promise<void>;
}

/**
 * Runs each task every `everyMs`, under a lease named after it, so with several instances on one
 * PostgreSQL each run happens once. A failing run is logged and tried again at the next tick. The lease
 * outlives a run by a margin; a crashed instance's lease simply expires.
 */
export function startTasks(tasks: readonly Task[], context: TaskContext, options: { firstRunDelayMs?: number } = {}): TaskRunner {
  const holder = randomUUID();
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  const tick = (task: Task) => {
    if (stopped) return;
    const work = (async () => {
      const now = new Date();
      const until = new Date(now.getTime() + Math.max(task.everyMs * 2, 60_000)).toISOString();
      if (!(await claimLease(context.db, `task:${task.name}`, holder, now.toISOString(), until))) return;
      await task.run(context, now);
    })().catch((error: Error) => context.logger.error({ task: task.name, err: error }, 'background task failed'));
    running.add(work);
    void work.finally(() => {
      running.delete(work);
      if (!stopped) timers.push(setTimeout(() => tick(task), task.everyMs).unref());
    });
  };
  for (const task of tasks) timers.push(setTimeout(() => tick(task), options.firstRunDelayMs ?? 1_000).unref());
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
      for (const task of tasks) await releaseLease(context.db, `task:${task.name}`, holder).catch(() => undefined);
    },
  };
}
