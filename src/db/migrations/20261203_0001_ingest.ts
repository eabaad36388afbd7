import type { Kysely } from 'kysely';
import { blobType, notNull, withId } from './dialect.js';

/** Messages with their raw mail, customers, jobs with keys, runs with objects, mailboxes, audit events. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('customers'))
    .addColumn('name', 'text', notNull)
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('jobs'))
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('sender', 'text', notNull)
    .addColumn('host', 'text')
    .addColumn('backup_software', 'text', notNull)
    .addColumn('backup_type', 'text', notNull)
    .addColumn('job_name', 'text', notNull)
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('jobs_customer').on('jobs').column('customer_id').execute();

  await db.schema
    .createTable('job_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('is_alias', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('job_keys_job').on('job_keys').column('job_id').execute();

  await withId(db, db.schema.createTable('messages'))
    .addColumn('identity_key', 'text', notNull)
    .addColumn('content_hash', 'text', notNull)
    .addColumn('message_id_header', 'text')
    .addColumn('sender', 'text')
    .addColumn('subject', 'text')
    .addColumn('date_header', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('received_at', 'text', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('source_detail', 'text')
    .addColumn('size_bytes', 'integer', notNull)
    .addColumn('too_large', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('identity_conflict', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parse_state', 'text', notNull)
    .addColumn('parse_error', 'text')
    .addColumn('parser', 'text')
    .addColumn('software', 'text')
    .addColumn('backup_type', 'text')
    .addColumn('job_name', 'text')
    .addColumn('host', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('informational', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('confidence', 'text', notNull)
    .addColumn('parse_result', 'text', notNull)
    .addColumn('job_key', 'text')
    .addColumn('job_id', 'integer', (c) => c.references('jobs.id'))
    .addColumn('parsed_at', 'text', notNull)
    .addColumn('deleted_at', 'text')
    // The same mail arriving twice (SMTP retry, IMAP re-poll, two instances) is inserted once.
    .addUniqueConstraint('messages_identity_content', ['identity_key', 'content_hash'])
    .execute();
  await db.schema.createIndex('messages_job_key').on('messages').column('job_key').execute();
  await db.schema.createIndex('messages_received').on('messages').columns(['job_id', 'deleted_at', 'received_at']).execute();

  await db.schema
    .createTable('message_raw')
    .addColumn('message_id', 'integer', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('compression', 'text', notNull)
    .addColumn('data', blobType(db), notNull)
    .execute();

  await withId(db, db.schema.createTable('runs'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id'))
    .addColumn('message_id', 'integer', (c) => c.unique().references('messages.id'))
    .addColumn('kind', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('original_status', 'text', notNull)
    .addColumn('overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('informational', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('received_at', 'text', notNull)
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by_user_id', 'integer')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('runs_job_started').on('runs').columns(['job_id', 'started_at']).execute();
  await db.schema.createIndex('runs_unreviewed').on('runs').columns(['reviewed_at', 'job_id']).execute();

  await withId(db, db.schema.createTable('run_objects'))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('type', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('message', 'text')
    .execute();
  await db.schema.createIndex('run_objects_run').on('run_objects').column('run_id').execute();

  await withId(db, db.schema.createTable('mailboxes'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('host', 'text', notNull)
    .addColumn('port', 'integer', notNull)
    .addColumn('tls', 'text', notNull)
    .addColumn('username', 'text', notNull)
    .addColumn('password_enc', 'text', notNull)
    .addColumn('folders', 'text', notNull)
    .addColumn('processed_folder', 'text')
    .addColumn('start_date', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'text')
    .execute();

  await db.schema
    .createTable('mailbox_folders')
    .addColumn('mailbox_id', 'integer', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('folder', 'text', notNull)
    .addColumn('uid_validity', 'text', notNull)
    .addColumn('last_uid', 'integer', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addPrimaryKeyConstraint('mailbox_folders_pk', ['mailbox_id', 'folder'])
    .execute();

  await withId(db, db.schema.createTable('audit_events'))
    .addColumn('at', 'text', notNull)
    .addColumn('actor_type', 'text', notNull)
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', notNull)
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
