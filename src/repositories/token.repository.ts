import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { ApiTokenTable, UserTable } from '../db/schema.js';

export type TokenRow = Selectable<ApiTokenTable>;

export async function insertToken(db: Db, token: Insertable<ApiTokenTable>): Promise<number> {
  const row = await db.insertInto('api_tokens').values(token).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<(TokenRow & { user: Selectable<UserTable> }) | undefined> {
  const token = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!token) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
  return user ? { ...token, user } : undefined;
}

export async function markTokenUsed(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
