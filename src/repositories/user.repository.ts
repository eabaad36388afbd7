import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { UserTable } from '../db/schema.js';
import { isRole, sortRoles, type Role } from '../domain/roles.js';

export type UserRow = Selectable<UserTable>;

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export function rolesOf(row: Pick<UserRow, 'roles'>): Role[] {
  return sortRoles(row.roles.split(',').filter(isRole));
}

export function encodeRoles(list: readonly Role[]): string {
  return sortRoles(list).join(',');
}

export async function getUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByName(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUser {
  username: string;
  passwordHash: string;
  roles: Role[];
  now: string;
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username.trim(),
      username_key: usernameKey(user.username),
      password_hash: user.passwordHash,
      roles: encodeRoles(user.roles),
      active_role: sortRoles(user.roles)[0] ?? 'viewer',
      theme: 'auto',
      disabled_at: null,
      password_changed_at: user.now,
      created_at: user.now,
      updated_at: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type UserChanges = Partial<Pick<UserRow, 'password_hash' | 'roles' | 'active_role' | 'theme' | 'disabled_at' | 'password_changed_at' | 'updated_at'>>;

export async function updateUserRow(db: Db, id: number, changes: UserChanges): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Users by name, one page. */
export async function listUserRows(db: Db, page: number, pageSize: number): Promise<{ rows: UserRow[]; total: number }> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username_key').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { rows, total: await countUsers(db) };
}
