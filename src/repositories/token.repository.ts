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

export type TokenWithUsername = TokenRow & { username: string };

export async function getToken(db: Db, id: number): Promise<TokenWithUsername | undefined> {
  return db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.username').where('api_tokens.id', '=', id).executeTakeFirst();
}

/** Newest first; all users' tokens, or one user's. */
export async function listTokenRows(db: Db, filter: { userId?: number | undefined }, page: number, pageSize: number): Promise<{ rows: TokenWithUsername[]; total: number }> {
  let query = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id');
  if (filter.userId !== undefined) query = query.where('api_tokens.user_id', '=', filter.userId);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.selectAll('api_tokens').select('users.username').orderBy('api_tokens.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { rows, total: Number(total) };
}

export async function revokeTokenRow(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
