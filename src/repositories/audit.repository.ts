import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';

export interface AuditEvent {
  at: string;
  actorType: 'user' | 'token' | 'system' | 'cli';
  actorId?: string | null;
  userId?: number | null;
  tokenId?: number | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  details?: unknown;
}

export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: event.at,
      actor_type: event.actorType,
      actor_id: event.actorId ?? null,
      user_id: event.userId ?? null,
      token_id: event.tokenId ?? null,
      action: event.action,
      entity_type: event.entityType ?? null,
      entity_id: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      details: event.details === undefined ? null : JSON.stringify(event.details),
    })
    .execute();
}

/** The "who" of an audit event for a request's actor: the user, and the token when one was used. */
export function auditWho(actor: Actor | 'system' | 'cli'): Pick<AuditEvent, 'actorType' | 'actorId' | 'userId' | 'tokenId'> {
  if (actor === 'system' || actor === 'cli') return { actorType: actor, actorId: null };
  return { actorType: actor.via === 'token' ? 'token' : 'user', actorId: actor.username, userId: actor.userId, tokenId: actor.tokenId };
}

export interface AuditEntry {
  id: number;
  at: string;
  actorType: string;
  actor: string | null;
  userId: number | null;
  tokenId: number | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  details: unknown;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
}

/** Newest first. */
export async function listAudit(db: Db, filter: AuditFilter, page: number, pageSize: number): Promise<{ items: AuditEntry[]; total: number }> {
  let query = db.selectFrom('audit_events');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) query = query.where('actor_id', '=', filter.actor);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  const [{ total }] = [await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()];
  const rows = await query.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorType: r.actor_type,
      actor: r.actor_id,
      userId: r.user_id,
      tokenId: r.token_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: r.details === null ? null : JSON.parse(r.details),
    })),
  };
}
