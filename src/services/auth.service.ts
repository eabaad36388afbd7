import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { UnauthorizedError } from '../domain/errors.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { deleteSession, insertSession } from '../repositories/session.repository.js';
import { findUserByName, rolesOf } from '../repositories/user.repository.js';
import { sessionIdleMs } from './authenticate.service.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';

export interface LoginInput {
  username: string;
  password: string;
  address: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  sessionSecret: string;
  csrfToken: string;
  userId: number;
}

/** Checks the password and opens a session. Every outcome is audited; the reason for a refusal is not told. */
export async function login(db: Db, input: LoginInput, now: Date): Promise<LoginResult> {
  const at = now.toISOString();
  const user = await findUserByName(db, input.username);
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !valid || user.disabled_at !== null || rolesOf(user).length === 0) {
    await recordAudit(db, { at, actorType: 'user', actorId: input.username.slice(0, 200), userId: user?.id ?? null, action: 'auth.login-failed', details: { address: input.address } });
    throw new UnauthorizedError('wrong username or password', 'invalid_credentials');
  }
  const sessionSecret = newSecret('bcs_');
  const csrfToken = newSecret('');
  await db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id_hash: hashSecret(sessionSecret),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + sessionIdleMs).toISOString(),
      address: input.address,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, { at, actorType: 'user', actorId: user.username, userId: user.id, action: 'auth.login', details: { address: input.address } });
  });
  return { sessionSecret, csrfToken, userId: user.id };
}

export async function logout(db: Db, actor: Actor, now: Date): Promise<void> {
  if (!actor.sessionHash) return;
  await deleteSession(db, actor.sessionHash);
  await recordAudit(db, { at: now.toISOString(), ...auditWho(actor), action: 'auth.logout' });
}
