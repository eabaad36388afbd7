import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestMessage } from '../src/ingest/pipeline.js';
import { countStats } from '../src/repositories/stats.repository.js';
import { projectRoot } from './support/cli.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { createCustomer, createJobFor } from './support/factories.js';

const hyperBackup = readFileSync(join(projectRoot, 'src/ingest/parsers/synology-hyperbackup/fixtures/hyperbackup-de-success-webdav.eml'), 'latin1');

/** The same real mail as it would come from another customer's NAS: only the device name and Message-ID differ. */
function fromDevice(device: string, id: string): Buffer {
  return Buffer.from(hyperBackup.replace(/DiskStation/g, device).replace(/^Message-ID:.*$/im, `Message-ID: <${id}@synology.example>`), 'latin1');
}

describe.each(dialects)('job keys on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await t.drop();
  });

  it("gives two customers' devices that report from one shared sender with the same job name different job keys", async () => {
    const first = await ingestMessage(t.db, fromDevice('NAS-Acme', 'a1'), { source: 'smtp' });
    const second = await ingestMessage(t.db, fromDevice('NAS-Contoso', 'b1'), { source: 'smtp' });
    expect(first.result.sender).toBe(second.result.sender);
    expect(first.result.jobName).toBe(second.result.jobName);
    expect(first.result.host).toBe('NAS-Acme');
    expect(second.result.host).toBe('NAS-Contoso');
    const acmeJob = await createJobFor(t.db, first.result, { customerId: await createCustomer(t.db, 'Acme') });
    const nextAcme = await ingestMessage(t.db, fromDevice('NAS-Acme', 'a2'), { source: 'smtp' });
    const nextContoso = await ingestMessage(t.db, fromDevice('NAS-Contoso', 'b2'), { source: 'smtp' });
    expect(nextAcme.jobId).toBe(acmeJob);
    expect(nextContoso.jobId).toBeNull();
    // Both Contoso mails and the first Acme mail (approval, which links it, comes with the web UI) wait in the Inbox.
    expect((await countStats(t.db)).inbox).toBe(3);
  });

  it('links mails of every device to a job approved for any host', async () => {
    const first = await ingestMessage(t.db, fromDevice('NAS-1', 'c1'), { source: 'smtp' });
    const jobId = await createJobFor(t.db, first.result, { anyHost: true });
    const other = await ingestMessage(t.db, fromDevice('NAS-2', 'c2'), { source: 'smtp' });
    expect(other.jobId).toBe(jobId);
  });
});
