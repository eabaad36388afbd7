import { sql, type Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/**
 * Tickets and remarks (DESIGN §10), one table with a `kind`: a ticket has a unique code and a
 * description, a remark its text in `body`. Scopes name customers, jobs or objects (job + object
 * name); note_runs links a note to the runs it was attached to. Deleting a run, job or customer
 * removes its links and scopes (foreign keys), never the note. Also the Dashboard's per-source activity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('notes'))
    .addColumn('kind', 'text', notNull)
    .addColumn('code', 'text')
    .addColumn('code_key', 'text')
    .addColumn('body', 'text', notNull)
    // The body lower-cased by JavaScript, for ?q= (SQLite's lower() only folds ASCII: "Ärger").
    .addColumn('body_key', 'text', notNull)
    .addColumn('active_from', 'text', notNull)
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('notes_code_key').on('notes').column('code_key').unique().execute();
  await db.schema.createIndex('notes_kind').on('notes').columns(['kind', 'resolved_at']).execute();

  await withId(db, db.schema.createTable('note_scopes'))
    .addColumn('note_id', 'integer', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('scope', 'text', notNull)
    .addColumn('customer_id', 'integer', (c) => c.references('customers.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('cascade'))
    .addColumn('object_name', 'text')
    .execute();
  await db.schema.createIndex('note_scopes_note').on('note_scopes').column('note_id').execute();
  await db.schema.createIndex('note_scopes_job').on('note_scopes').column('job_id').execute();
  await db.schema.createIndex('note_scopes_customer').on('note_scopes').column('customer_id').execute();

  await db.schema
    .createTable('note_runs')
    .addColumn('note_id', 'integer', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('linked_at', 'text', notNull)
    .addPrimaryKeyConstraint('note_runs_pk', ['note_id', 'run_id'])
    .execute();
  await db.schema.createIndex('note_runs_run').on('note_runs').column('run_id').execute();

  // The Dashboard's "last mail per source": one row per source (smtp, cli, upload, imap:<mailbox id>),
  // upserted with each stored mail, so the page never scans the messages. Filled from the mail so far.
  await db.schema
    .createTable('source_activity')
    .addColumn('source_key', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('last_received_at', 'text', notNull)
    .execute();
  await sql`insert into source_activity (source_key, source, label, last_received_at)
    select source, source, source, max(received_at) from messages where source <> 'imap' group by source`.execute(db);
  // Failures over the last days (Dashboard chart): runs by status and time.
  await db.schema.createIndex('runs_status_sort').on('runs').columns(['status', 'sort_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
