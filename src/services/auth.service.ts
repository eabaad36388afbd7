import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { deleteSession, deleteSessionsOfUser, insertSession } from '../repositories/session.repository.js';
import { findUserByName, getUser, rolesOf, updateUserRow, type UserRow } from '../repositories/user.repository.js';
import { sessionIdleMs } from './authenticate.service.js';
import { checkThrottle, clearLoginFailures, needsCaptcha, recordLoginFailure, throttleKeys, verifyCaptcha } from './login-throttle.js';
import { checkNewPassword, dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';

export interface ClientInfo {
  address: string | null;
  userAgent: string | null;
  /** The session cookie the browser still sent, if any: signing in again ends that session. */
  previousSession?: string | null;
}

export interface LoginInput extends ClientInfo {
  username: string;
  password: string;
  captchaId?: string | undefined;
  captchaAnswer?: string | number | undefined;
}

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  sessionSecret: string;
  csrfToken: string;
  userId: number;
}

export type Theme = 'light' | 'dark' | 'auto';

/**
 * Checks the throttle, then the captcha when repeated failures require one, then the password, and
 * opens a session. Every outcome is audited; the reason for a refusal is not told to the caller.
 */
export async function login(db: Db, input: LoginInput, now: Date): Promise<LoginResult> {
  const keys = throttleKeys(input.username, input.address);
  const user = await findUserByName(db, input.username);
  const refused = (reason: string) =>
    recordAudit(db, { at: now.toISOString(), actorType: 'user', actorId: input.username.slice(0, 200), userId: user?.id ?? null, action: 'auth.login-failed', details: { address: input.address, reason } });
  try {
    const { captchaRequired } = await checkThrottle(db, keys, now);
    if (captchaRequired) await verifyCaptcha(db, input.captchaId, input.captchaAnswer, now);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A wrong captcha answer is a failed attempt; a missing one (the form did not know yet) is not, and
    // is not audited either: no password was checked, and anonymous callers must not grow the log at will.
    const missingCaptcha = error.code === 'captcha_required' && input.captchaId === undefined;
    if (missingCaptcha) throw error;
    if (error.code === 'captcha_required') await recordLoginFailure(db, keys, now);
    await refused(error.code === 'captcha_required' ? 'captcha' : 'rate-limited');
    throw error;
  }
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !valid || user.disabled_at !== null || rolesOf(user).length === 0) {
    await recordLoginFailure(db, keys, now);
    await refused('credentials');
    throw new UnauthorizedError('wrong username or password', 'invalid_credentials', { captchaRequired: await needsCaptcha(db, keys, now) });
  }
  await clearLoginFailures(db, keys.account);
  return openSession(db, user, input, now, 'auth.login');
}

/** A new session for the user (after login or first-start setup), audited with `action`. */
export async function openSession(db: Db, user: Pick<UserRow, 'id' | 'username'>, client: ClientInfo, now: Date, action: string): Promise<LoginResult> {
  const at = now.toISOString();
  const sessionSecret = newSecret('bcs_');
  const csrfToken = newSecret('');
  await db.transaction().execute(async (trx) => {
    if (client.previousSession) await deleteSession(trx, hashSecret(client.previousSession));
    await insertSession(trx, {
      id_hash: hashSecret(sessionSecret),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + sessionIdleMs).toISOString(),
      address: client.address,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, { at, actorType: 'user', actorId: user.username, userId: user.id, action, details: { address: client.address } });
  });
  return { sessionSecret, csrfToken, userId: user.id };
}

export async function logout(db: Db, actor: Actor, now: Date): Promise<void> {
  if (!actor.sessionHash) return;
  await deleteSession(db, actor.sessionHash);
  await recordAudit(db, { at: now.toISOString(), ...auditWho(actor), action: 'auth.logout' });
}

async function currentUser(db: Db, actor: Actor): Promise<UserRow> {
  const user = await getUser(db, actor.userId);
  if (!user) throw new NotFoundError('user', actor.userId);
  return user;
}

export async function sessionTheme(db: Db, actor: Actor): Promise<Theme> {
  return (await currentUser(db, actor)).theme as Theme;
}

/**
 * Switches the role the user's sessions act in; remembered on the user so the next sign-in starts in
 * it. A token always acts in its own fixed role, so this is for cookie sessions only.
 */
export async function switchRole(db: Db, actor: Actor, role: Role, now: Date): Promise<void> {
  if (actor.via === 'token') throw new ForbiddenError('an API token acts in its fixed role; switch roles in a signed-in session');
  if (!actor.roles.includes(role)) {
    throw new ValidationError(`you do not hold the ${role} role`, [{ path: '$.role', message: `must be one of your roles: ${actor.roles.join(', ')}` }]);
  }
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await currentUser(trx, actor);
    await updateUserRow(trx, actor.userId, { active_role: role, updated_at: at });
    await recordAudit(trx, { at, ...auditWho(actor), action: 'auth.role-switch', entityType: 'user', entityId: actor.userId, details: { before: { activeRole: before.active_role }, after: { activeRole: role } } });
  });
}

export async function updateProfile(db: Db, actor: Actor, profile: { theme: Theme }, now: Date): Promise<Theme> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await currentUser(trx, actor);
    await updateUserRow(trx, actor.userId, { theme: profile.theme, updated_at: at });
    await recordAudit(trx, { at, ...auditWho(actor), action: 'auth.profile', entityType: 'user', entityId: actor.userId, details: { before: { theme: before.theme }, after: { theme: profile.theme } } });
  });
  return profile.theme;
}

/**
 * Changes the caller's own password. The current password is required (a session left open on a
 * shared computer must not be enough); wrong guesses count towards the account's login throttle.
 * Every other session of the user ends, so a stolen session dies with the old password.
 */
export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string; address: string | null }, now: Date): Promise<void> {
  const user = await currentUser(db, actor);
  const keys = throttleKeys(user.username, input.address);
  await checkThrottle(db, keys, now);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await recordLoginFailure(db, keys, now);
    throw new ValidationError('the current password is wrong', [{ path: '$.currentPassword', message: 'wrong password' }]);
  }
  checkNewPassword(input.newPassword, '$.newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { password_hash: passwordHash, password_changed_at: at, updated_at: at });
    await deleteSessionsOfUser(trx, user.id, actor.sessionHash ?? undefined);
    await recordAudit(trx, { at, ...auditWho(actor), action: 'auth.password-change', entityType: 'user', entityId: user.id });
  });
}
