import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestMessage } from '../src/ingest/pipeline.js';
import { insertOverride, updateOverride } from '../src/repositories/override.repository.js';
import type { OverrideDraft } from '../src/domain/overrides/override.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createJobFor } from './support/factories.js';

/** A real Bacula report of a fatal error (no objects: its first error text is the subject). */
const fixture = readFileSync(new URL('../src/ingest/parsers/bacula/fixtures/bacula-airback-job-fatal-spool.eml', import.meta.url)).toString('latin1');
const mail = (n: number) => Buffer.from(`Message-ID: <override-${n}@test.example>\r\n${fixture.replace(/^Message-ID:.*\r?\n/im, '')}`, 'latin1');

const rule = (jobId: number, text: string): OverrideDraft => ({
  scope: 'job', jobId, objectName: null, statuses: ['failed'], match: { type: 'contains', text }, validFrom: null, validUntil: null, comment: 'known spool problem',
});

describe.each(dialects)('overrides applied when a run is stored, on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.drop());

  it('stores the next identical failure as success (override) naming the rule, while another failure text stays failed', async () => {
    const first = await ingestMessage(t.db, mail(1), { source: 'cli' });
    expect(first.result.status).toBe('failed');
    const jobId = await createJobFor(t.db, first.result);
    const stored = await insertOverride(t.db, rule(jobId, 'fatal error'), new Date().toISOString(), 'test');

    const second = await ingestMessage(t.db, mail(2), { source: 'cli' });
    const run = await t.db.selectFrom('runs').selectAll().where('id', '=', second.runId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job_id: jobId, status: 'success', original_status: 'failed', overridden: 1, override_id: stored.id });

    await updateOverride(t.db, stored.id, rule(jobId, 'tape drive offline'), new Date().toISOString());
    const third = await ingestMessage(t.db, mail(3), { source: 'cli' });
    const other = await t.db.selectFrom('runs').selectAll().where('id', '=', third.runId!).executeTakeFirstOrThrow();
    expect(other).toMatchObject({ status: 'failed', original_status: 'failed', overridden: 0, override_id: null });
  });
});
