import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { isRole, sortRoles, type Role } from '../domain/roles.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { deleteSessionsOfUser } from '../repositories/session.repository.js';
import { encodeRoles, findUserByName, getUser, insertUser, listUserRows, rolesOf, updateUserRow, type UserChanges, type UserRow } from '../repositories/user.repository.js';
import { checkNewPassword, hashPassword } from './password.js';

/** Who changes users: a signed-in admin or token, or the `backupchecks users` command on the server. */
export type ChangeActor = Actor | 'cli';

export interface UserView {
  id: number;
  username: string;
  roles: Role[];
  activeRole: Role;
  theme: 'light' | 'dark' | 'auto';
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The User shape of docs/api.md; the password hash never leaves the service. */
export function userView(row: UserRow): UserView {
  const roles = rolesOf(row);
  return {
    id: row.id,
    username: row.username,
    roles,
    activeRole: roles.find((r) => r === row.active_role) ?? roles[0] ?? 'viewer',
    theme: row.theme as UserView['theme'],
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Letters, digits and `. _ @ + -` (e-mail addresses work as names); no spaces or control characters. */
const usernamePattern = /^[\p{L}\p{N}._@+-]{1,64}$/u;

export function checkUsername(username: string, path = '$.username'): string {
  const name = username.trim();
  if (!usernamePattern.test(name)) throw new ValidationError('invalid username', [{ path, message: 'must be 1 to 64 letters, digits or . _ @ + -' }]);
  return name;
}

export function checkRoles(list: readonly string[], path = '$.roles'): Role[] {
  const unknown = list.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new ValidationError('unknown role', [{ path, message: `unknown role ${unknown.join(', ')}; roles are admin, operator, reporter, viewer` }]);
  if (list.length === 0) throw new ValidationError('no role', [{ path, message: 'a user needs at least one role' }]);
  return sortRoles(list as Role[]);
}

export async function listUsers(db: Db, page: number, pageSize: number): Promise<{ items: UserView[]; total: number }> {
  const { rows, total } = await listUserRows(db, page, pageSize);
  return { items: rows.map(userView), total };
}

export async function getUserView(db: Db, id: number): Promise<UserView> {
  return userView(await userOr404(db, id));
}

async function userOr404(db: Db, id: number): Promise<UserRow> {
  const row = await getUser(db, id);
  if (!row) throw new NotFoundError('user', id);
  return row;
}

export interface NewUserInput {
  username: string;
  password: string;
  roles: readonly string[];
}

/** Creates a local account; 409 when the name is taken in any letter case. */
export async function createUser(db: Db, actor: ChangeActor, input: NewUserInput, now: Date): Promise<UserView> {
  const username = checkUsername(input.username);
  const roles = checkRoles(input.roles);
  checkNewPassword(input.password, '$.password');
  // Hashing takes a moment; it happens before the transaction so SQLite's write lock is held briefly.
  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findUserByName(trx, username)) throw duplicate(username);
      const id = await insertUser(trx, { username, passwordHash, roles, now: at });
      const view = userView(await userOr404(trx, id));
      await recordAudit(trx, { at, ...auditWho(actor), action: 'user.create', entityType: 'user', entityId: id, details: { after: view } });
      return view;
    });
  } catch (error) {
    // Another request created the same name between the check and the insert.
    if (isUniqueViolation(error)) throw duplicate(username);
    throw error;
  }
}

export interface UserUpdate {
  roles?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

/**
 * Changes roles or the disabled flag. An admin cannot take away their own admin role or disable
 * themselves (409), so an installation cannot lose its last admin by a slip. Disabling ends the
 * user's sessions at once; their API tokens are refused from the next request on.
 */
export async function updateUser(db: Db, actor: ChangeActor, id: number, update: UserUpdate, now: Date): Promise<UserView> {
  const roles = update.roles === undefined ? undefined : checkRoles(update.roles);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await userOr404(trx, id);
    const before = userView(row);
    const self = actor !== 'cli' && actor.userId === id;
    if (self && roles && before.roles.includes('admin') && !roles.includes('admin')) throw new ConflictError('you cannot remove your own admin role; ask another admin');
    if (self && update.disabled === true) throw new ConflictError('you cannot disable your own account; ask another admin');
    const changes: UserChanges = { updated_at: at };
    if (roles) {
      changes.roles = encodeRoles(roles);
      if (!roles.includes(row.active_role as Role)) changes.active_role = roles[0]!;
    }
    if (update.disabled !== undefined && update.disabled !== before.disabled) changes.disabled_at = update.disabled ? at : null;
    await updateUserRow(trx, id, changes);
    if (update.disabled === true) await deleteSessionsOfUser(trx, id);
    const after = userView(await userOr404(trx, id));
    await recordAudit(trx, { at, ...auditWho(actor), action: 'user.update', entityType: 'user', entityId: id, details: { before, after } });
    return after;
  });
}

/** Sets a new password for another user (an admin's reset) and ends all their sessions. */
export async function resetPassword(db: Db, actor: ChangeActor, id: number, password: string, now: Date): Promise<UserView> {
  checkNewPassword(password, '$.password');
  const passwordHash = await hashPassword(password);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await userOr404(trx, id);
    await updateUserRow(trx, id, { password_hash: passwordHash, password_changed_at: at, updated_at: at });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, { at, ...auditWho(actor), action: 'user.password-reset', entityType: 'user', entityId: id, details: { username: row.username } });
    return userView({ ...row, password_changed_at: at, updated_at: at });
  });
}

export async function userIdByName(db: Db, username: string): Promise<number> {
  const row = await findUserByName(db, username);
  if (!row) throw new NotFoundError('user', username);
  return row.id;
}

function duplicate(username: string): ConflictError {
  return new ConflictError(`a user named "${username}" already exists (names are compared ignoring case)`, undefined, 'duplicate_username');
}

/** SQLite and PostgreSQL report a unique-constraint violation differently. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
