import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import { findSession, touchSession } from '../repositories/session.repository.js';
import { findTokenByHash, markTokenUsed } from '../repositories/token.repository.js';
import { rolesOf } from '../repositories/user.repository.js';
import { hashSecret } from './secrets.js';

/** A session ends after this long without a request. */
export const sessionIdleMs = 7 * 24 * 3600_000;
/** Sessions and tokens record their last use at most this often, so reads do not all become writes. */
const touchEveryMs = 60_000;

/** The actor of a session cookie, or null when the cookie names no live session of an enabled user. */
export async function authenticateSession(db: Db, cookieValue: string, now: Date): Promise<Actor | null> {
  const idHash = hashSecret(cookieValue);
  const session = await findSession(db, idHash);
  if (!session || session.expires_at <= now.toISOString() || session.user.disabled_at !== null) return null;
  const roles = rolesOf(session.user);
  if (roles.length === 0) return null;
  const role = roles.find((r) => r === session.user.active_role) ?? roles[0]!;
  if (now.getTime() - Date.parse(session.last_seen_at) > touchEveryMs) {
    await touchSession(db, idHash, now.toISOString(), new Date(now.getTime() + sessionIdleMs).toISOString());
  }
  return { userId: session.user.id, username: session.user.username, roles, role, via: 'session', tokenId: null, sessionHash: idHash, csrfToken: session.csrf_token };
}

/**
 * The actor of an API token. Checked on every request against the user's current roles and disabled
 * flag, so revoking the token, disabling the user or taking the role away takes effect at once.
 */
export async function authenticateToken(db: Db, bearer: string, now: Date): Promise<Actor> {
  const token = await findTokenByHash(db, hashSecret(bearer));
  if (!token) throw new UnauthorizedError('unknown API token', 'invalid_token');
  if (token.revoked_at !== null) throw new UnauthorizedError('this API token was revoked', 'invalid_token');
  if (token.user.disabled_at !== null) throw new UnauthorizedError("this API token's user is disabled", 'invalid_token');
  const roles = rolesOf(token.user);
  const role = roles.find((r) => r === token.role);
  if (!role) throw new ForbiddenError(`this API token acts as ${token.role}, a role its user no longer holds`);
  if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > touchEveryMs) await markTokenUsed(db, token.id, now.toISOString());
  return { userId: token.user.id, username: token.user.username, roles, role, via: 'token', tokenId: token.id, sessionHash: null, csrfToken: null };
}
