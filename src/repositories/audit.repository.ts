import type { Db } from '../db/connect.js';

export interface AuditEvent {
  at: string;
  actorType: 'user' | 'token' | 'system' | 'cli';
  actorId?: string | null;
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
      action: event.action,
      entity_type: event.entityType ?? null,
      entity_id: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      details: event.details === undefined ? null : JSON.stringify(event.details),
    })
    .execute();
}
