import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';

export interface TaskContext {
  db: Db;
  logger: Logger;
  /** The installation's default time zone (TZ), used where neither settings nor the customer name one. */
  defaultTimeZone: string;
}

/** A background task: small, idempotent, run by one instance at a time under a lease. */
export interface Task {
  name: string;
  everyMs: number;
  run(context: TaskContext, now: Date): Promise<void>;
}
