import type { Db } from '../db/connect.js';
import { ConflictError, UnauthorizedError } from '../domain/errors.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { getSetting, setSetting, takeSetting } from '../repositories/settings.repository.js';
import { countUsers, insertUser } from '../repositories/user.repository.js';
import { openSession, type ClientInfo, type LoginResult } from './auth.service.js';
import { checkNewPassword, hashPassword } from './password.js';
import { hashSecret, newSecret, sameSecret } from './secrets.js';
import { checkUsername } from './user.service.js';

/**
 * First start (DESIGN §12): while there are no users, each server start writes a new one-time setup
 * token (its hash, valid 24 hours) and logs a link with it. Only someone who can read the server log
 * can create the first admin, so a fresh installation reachable from the network is not up for grabs.
 */
const setupKey = 'setup.token';
const setupTtlMs = 24 * 3600_000;

interface StoredSetupToken {
  hash: string;
  expiresAt: string;
}

/** A new setup token while there are no users (the previous one stops working), else null. */
export async function issueSetupToken(db: Db, now: Date): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const token = newSecret('');
  const stored: StoredSetupToken = { hash: hashSecret(token), expiresAt: new Date(now.getTime() + setupTtlMs).toISOString() };
  await setSetting(db, setupKey, JSON.stringify(stored), now.toISOString());
  return token;
}

export async function setupNeeded(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export interface SetupInput extends ClientInfo {
  token: string;
  username: string;
  password: string;
}

/**
 * Creates the first admin and signs them in. 409 once any user exists (whatever the token), 401
 * `invalid_setup_token` for a wrong or expired token. The token is consumed with the insert, so two
 * concurrent setups cannot both succeed.
 */
export async function completeSetup(db: Db, input: SetupInput, now: Date): Promise<LoginResult> {
  if (!(await setupNeeded(db))) throw setupDone();
  const username = checkUsername(input.username);
  checkNewPassword(input.password, '$.password');
  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  const user = await db.transaction().execute(async (trx) => {
    if (!(await setupNeeded(trx))) throw setupDone();
    const value = await getSetting(trx, setupKey);
    const stored = value ? (JSON.parse(value) as StoredSetupToken) : null;
    if (!stored || stored.expiresAt <= at || !sameSecret(hashSecret(input.token), stored.hash)) {
      throw new UnauthorizedError('the setup link is wrong or expired; restart the server for a new one (see its log)', 'invalid_setup_token');
    }
    if (!(await takeSetting(trx, setupKey, value!))) throw setupDone();
    const id = await insertUser(trx, { username, passwordHash, roles: ['admin'], now: at });
    await recordAudit(trx, { at, actorType: 'user', actorId: username, userId: id, action: 'user.create', entityType: 'user', entityId: id, details: { after: { username, roles: ['admin'] }, via: 'setup' } });
    return { id, username };
  });
  return openSession(db, user, input, now, 'auth.setup');
}

function setupDone(): ConflictError {
  return new ConflictError('setup is already done; sign in instead', undefined, 'setup_done');
}
