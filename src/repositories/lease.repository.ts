import type { Db } from '../db/connect.js';

/**
 * Takes (or renews) the named lease for `holder` until `until`, only if nobody else holds it now.
 * One conditional statement, so two instances racing on PostgreSQL get it once.
 */
export async function claimLease(db: Db, name: string, holder: string, now: string, until: string): Promise<boolean> {
  await db.insertInto('task_leases').values({ name, holder: '', expires_at: '' }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const result = await db
    .updateTable('task_leases')
    .set({ holder, expires_at: until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.updateTable('task_leases').set({ expires_at: '' }).where('name', '=', name).where('holder', '=', holder).execute();
}
