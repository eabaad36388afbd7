import type { Db } from '../db/connect.js';

/** Key/value settings of the installation, kept in the database so every instance sees the same. */
export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Db, key: string, value: string, now: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/**
 * Deletes the setting only while it still holds `value`; true when this call deleted it. Used to
 * consume one-time values (setup token, captcha) so two concurrent requests cannot both use one.
 */
export async function takeSetting(db: Db, key: string, value: string): Promise<boolean> {
  const result = await db.deleteFrom('settings').where('key', '=', key).where('value', '=', value).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countSettingsWithPrefix(db: Db, prefix: string): Promise<number> {
  const row = await db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${prefix}%`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes settings of a prefix last written before `before` (expired one-time values). */
export async function deleteSettingsWithPrefix(db: Db, prefix: string, before: string): Promise<void> {
  await db.deleteFrom('settings').where('key', 'like', `${prefix}%`).where('updated_at', '<', before).execute();
}
