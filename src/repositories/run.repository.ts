import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunTable } from '../db/schema.js';
import type { ReportObject } from '../domain/parse-result.js';

export async function insertRun(db: Db, run: Insertable<RunTable>, objects: ReportObject[]): Promise<number> {
  const { id } = await db.insertInto('runs').values({ ...run, sort_at: run.started_at ?? run.received_at }).returning('id').executeTakeFirstOrThrow();
  if (objects.length > 0) {
    await db
      .insertInto('run_objects')
      .values(objects.map((o, position) => ({ run_id: id, position, name: o.name, type: o.type, status: o.status, message: o.message })))
      .execute();
  }
  return id;
}
