import type { Db } from '../db/connect.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { isRole, type Role } from '../domain/roles.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getToken, insertToken, listTokenRows, revokeTokenRow, type TokenWithUsername } from '../repositories/token.repository.js';
import { getUser, rolesOf } from '../repositories/user.repository.js';
import { hashSecret, newSecret } from './secrets.js';
import type { ChangeActor } from './user.service.js';

export interface ApiTokenView {
  id: number;
  userId: number;
  username: string;
  name: string;
  role: Role;
  /** The first characters of the token, to recognise it in a list; the token itself is shown once. */
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function tokenView(row: TokenWithUsername): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function listTokens(db: Db, filter: { userId?: number | undefined }, page: number, pageSize: number): Promise<{ items: ApiTokenView[]; total: number }> {
  const { rows, total } = await listTokenRows(db, filter, page, pageSize);
  return { items: rows.map(tokenView), total };
}

export interface NewTokenInput {
  userId: number;
  name: string;
  role: string;
}

/**
 * Creates an API token acting for a user in one of the user's roles. The token is returned once;
 * only its SHA-256 is stored (it is 256 random bits, so there is nothing to brute-force).
 */
export async function createToken(db: Db, actor: ChangeActor, input: NewTokenInput, now: Date): Promise<ApiTokenView & { token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new ValidationError('invalid token name', [{ path: '$.name', message: 'must be 1 to 100 characters' }]);
  const user = await getUser(db, input.userId);
  if (!user) throw new NotFoundError('user', input.userId);
  const roles = rolesOf(user);
  if (!isRole(input.role) || !roles.includes(input.role)) {
    throw new ValidationError(`user ${user.username} does not hold the ${input.role} role`, [{ path: '$.role', message: `must be one of the user's roles: ${roles.join(', ')}` }]);
  }
  if (user.disabled_at !== null) throw new ConflictError(`user ${user.username} is disabled; enable the account first`);
  const token = newSecret('bct_');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const id = await insertToken(trx, {
      user_id: user.id,
      name,
      role: input.role,
      token_hash: hashSecret(token),
      prefix: token.slice(0, 12),
      created_at: at,
      created_by: actor === 'cli' ? 'cli' : actor.username,
      last_used_at: null,
      revoked_at: null,
    });
    const view = tokenView((await getToken(trx, id))!);
    await recordAudit(trx, { at, ...auditWho(actor), action: 'token.create', entityType: 'api_token', entityId: id, details: { after: view } });
    return { ...view, token };
  });
}

/** Revokes a token; it is refused from the next request on. Revoking a revoked token changes nothing. */
export async function revokeToken(db: Db, actor: ChangeActor, id: number, now: Date): Promise<ApiTokenView> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await getToken(trx, id);
    if (!row) throw new NotFoundError('API token', id);
    if (row.revoked_at !== null) return tokenView(row);
    await revokeTokenRow(trx, id, at);
    const after = tokenView({ ...row, revoked_at: at });
    await recordAudit(trx, { at, ...auditWho(actor), action: 'token.revoke', entityType: 'api_token', entityId: id, details: { before: tokenView(row), after } });
    return after;
  });
}
