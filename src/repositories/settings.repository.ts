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

/** Removes settings of a prefix last written before `before` (expired one-time values). */
export async function deleteSettingsWithPrefix(db: Db, prefix: string, before: string): Promise<void> {
  await db.deleteFrom('settings').where('key', 'like', `${prefix}%`).where('updated_at', '<', before).execute();
}

/** Inserts the setting unless the key exists; true when this call inserted it (a one-time marker). */
export async function insertSettingOnce(db: Db, key: string, value: string, now: string): Promise<boolean> {
  const result = await db.insertInto('settings').values({ key, value, updated_at: now }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
