import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/**
 * Schedules and Missed runs (DESIGN §9): the learned and the pinned schedule of each job (JSON of the
 * shape in src/domain/schedule/schedule.ts), how far its slots have been evaluated, customer time
 * zones, maintenance windows, Missed runs keyed by their slot (unique, so two instances cannot create
 * one twice), and leases for background tasks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('schedule_learned', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('schedule_learned_at', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('schedule_pinned', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('schedule_pinned_at', 'text').execute();
  // Slots up to this time have been evaluated for Missed runs.
  await db.schema.alterTable('jobs').addColumn('missed_evaluated_until', 'text').execute();

  await db.schema.alterTable('customers').addColumn('time_zone', 'text').execute();

  // A Missed run's slot (its expected start, ISO UTC); null for runs from mail.
  await db.schema.alterTable('runs').addColumn('missed_slot', 'text').execute();
  // On a Missed run: the run that arrived late for its slot.
  await db.schema.alterTable('runs').addColumn('resolved_by_run_id', 'integer').execute();
  // On a run from mail: it started after its slot's window (it resolved a Missed run, or arrived late).
  await db.schema.alterTable('runs').addColumn('late', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // NULLs are distinct on both dialects, so only Missed runs are constrained: one per job and slot.
  await db.schema.createIndex('runs_missed_slot').on('runs').columns(['job_id', 'missed_slot']).unique().execute();

  await withId(db, db.schema.createTable('maintenance_windows'))
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', notNull)
    .addColumn('ends_at', 'text', notNull)
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('maintenance_windows_customer').on('maintenance_windows').columns(['customer_id', 'starts_at']).execute();

  await db.schema
    .createTable('task_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
