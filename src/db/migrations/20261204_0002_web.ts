import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/** Users, sessions, API tokens, login failures and settings for the web application; who deleted a mail. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'text', notNull)
    .addColumn('username_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', notNull)
    // Comma-separated lower-case role names, in the order admin, operator, reporter, viewer.
    .addColumn('roles', 'text', notNull)
    .addColumn('active_role', 'text', notNull)
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo('auto'))
    .addColumn('disabled_at', 'text')
    .addColumn('password_changed_at', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the cookie value: a stolen database does not hold usable session cookies.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', notNull)
    .addColumn('role', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('login_failures')
    // 'user:<name key>' or 'address:<ip>'; counted in a sliding window, shared by all instances.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', notNull)
    .addColumn('first_at', 'text', notNull)
    .addColumn('last_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema.alterTable('messages').addColumn('deleted_by', 'text').execute();
  // Job history is ordered by start time, else receipt time, then id; one column makes that one index walk.
  await db.schema.alterTable('runs').addColumn('sort_at', 'text').execute();
  await db.schema.createIndex('runs_job_sort').on('runs').columns(['job_id', 'sort_at', 'id']).execute();
  await db.schema.createIndex('messages_inbox').on('messages').columns(['job_id', 'deleted_at', 'id']).execute();
  // Who did it: the user's id, and the API token's id when the change came through a token.
  await db.schema.alterTable('audit_events').addColumn('user_id', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('token_id', 'integer').execute();
  await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['entity_type', 'entity_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
