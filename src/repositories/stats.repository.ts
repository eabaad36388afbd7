import type { Db } from '../db/connect.js';

export interface Stats {
  messages: number;
  inbox: number;
  customers: number;
  jobs: number;
  runs: number;
}

/**
 * The counts of DESIGN §13: messages stored (soft-deleted included), the Inbox (not linked to a job,
 * not deleted), customers, jobs (archived included) and runs (Missed included).
 */
export async function countStats(db: Db): Promise<Stats> {
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n);
  const [messages, inbox, customers, jobs, runs] = await Promise.all([
    count(db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n'))),
    count(db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('job_id', 'is', null).where('deleted_at', 'is', null)),
    count(db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n'))),
    count(db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n'))),
    count(db.selectFrom('runs').select((eb) => eb.fn.countAll().as('n'))),
  ]);
  return { messages, inbox, customers, jobs, runs };
}
