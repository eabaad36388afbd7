import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/**
 * Overrides (DESIGN §10): rules that make matching warning/failed runs or objects count as success,
 * visibly. A run or object remembers the rule that overrode it, so reviewed runs keep their history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('overrides'))
    .addColumn('scope', 'text', notNull)
    .addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('cascade'))
    .addColumn('object_name', 'text')
    // Comma-separated: warning, failed.
    .addColumn('statuses', 'text', notNull)
    .addColumn('match_type', 'text', notNull)
    .addColumn('match_text', 'text', notNull)
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('overrides_job').on('overrides').column('job_id').execute();

  await db.schema.alterTable('runs').addColumn('override_id', 'integer').execute();
  await db.schema.alterTable('run_objects').addColumn('overridden', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('run_objects').addColumn('override_id', 'integer').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
