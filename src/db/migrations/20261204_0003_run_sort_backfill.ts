import { sql, type Kysely } from 'kysely';

/** Fills runs.sort_at (added in 0002) for runs stored before it existed. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('runs').set({ sort_at: sql`coalesce(started_at, received_at)` }).where('sort_at', 'is', null).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
