import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { runCli } from './support/cli.js';
import { createCustomer, createJobFor } from './support/factories.js';

// Each command starts a Node process with tsx (about a second each), so these tests get more time.
describe('backupchecks jobs export / import', { timeout: 90_000 }, () => {
  let dir: string;
  const envFor = (name: string) => ({ DATA_DIR: join(dir, name), DATABASE_URL: `sqlite:${join(dir, name, 'db.sqlite')}` });
  const source = () => envFor('source');
  const target = () => envFor('target');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bc-cli-jobs-'));
    const database = openDatabase(source().DATABASE_URL);
    try {
      await migrateToLatest(database.db);
      const acme = await createCustomer(database.db, 'Acme');
      await createJobFor(database.db, { sender: 'veeam@acme.example', host: 'vbr01', software: 'Veeam Backup & Replication', type: 'Backup Job', jobName: 'Daily VMs' }, { customerId: acme });
      await createJobFor(database.db, { sender: 'veeam@acme.example', host: null, software: 'Veeam Backup & Replication', type: 'Backup Job', jobName: 'Old' }, { customerId: acme, archived: true });
    } finally {
      await database.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports to stdout and to a file, and imports the file into another instance with the same result', async () => {
    const toStdout = await runCli(['jobs', 'export'], source());
    expect(toStdout.code).toBe(0);
    const document = JSON.parse(toStdout.stdout);
    expect(document).toMatchObject({ schema: 'approved_jobs_export_v1', customers: [{ name: 'Acme', active: true }] });
    // By customer, then job key: the any-host job's key has an empty host, so it sorts first.
    expect(document.jobs.map((j: { jobName: string; archived: boolean }) => [j.jobName, j.archived])).toEqual([
      ['Old', true],
      ['Daily VMs', false],
    ]);

    const file = join(dir, 'jobs.json');
    expect((await runCli(['jobs', 'export', file], source())).code).toBe(0);
    const imported = await runCli(['jobs', 'import', file], target());
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(imported.stdout)).toEqual({ customers: { created: 1, updated: 0, unchanged: 0 }, jobs: { created: 2, updated: 0, unchanged: 0 } });
    const again = await runCli(['jobs', 'import', file], target());
    expect(JSON.parse(again.stdout)).toEqual({ customers: { created: 0, updated: 0, unchanged: 1 }, jobs: { created: 0, updated: 0, unchanged: 2 } });

    const copy = JSON.parse((await runCli(['jobs', 'export'], target())).stdout);
    expect({ ...copy, exportedAt: null }).toEqual({ ...JSON.parse(readFileSync(file, 'utf8')), exportedAt: null });
  });

  it('prints each problem of an invalid file as "path: message" on stderr, exits 1 and writes nothing', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ schema: 'wrong', customers: [{ name: 'New Co' }], jobs: [{ customer: 'Nobody', sender: 's', backupSoftware: 'X', backupType: 'Y' }] }));
    const result = await runCli(['jobs', 'import', file], envFor('broken'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\.schema: /), expect.stringMatching(/^\$\.jobs\[0\]\.customer: .*Nobody/), expect.stringMatching(/^\$\.jobs\[0\]\.jobName: /)]));
    const copy = JSON.parse((await runCli(['jobs', 'export'], envFor('broken'))).stdout);
    expect(copy).toMatchObject({ customers: [], jobs: [] });

    writeFileSync(file, '{ not json');
    const notJson = await runCli(['jobs', 'import', file], envFor('broken'));
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain(file);
  });
});
