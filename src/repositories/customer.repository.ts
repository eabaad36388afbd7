import type { Db } from '../db/connect.js';

/** Customer names are unique trimmed and case-insensitively (DESIGN §6). */
export function customerNameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

export async function insertCustomer(db: Db, name: string, now: string, active = true): Promise<number> {
  const row = await db
    .insertInto('customers')
    .values({ name: name.trim(), name_key: customerNameKey(name), active: active ? 1 : 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
