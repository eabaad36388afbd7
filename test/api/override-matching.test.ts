import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { ingestMessage } from '../../src/ingest/pipeline.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';

/** A real Hyper-V Backup Utility report (Italian): VM host02 failed, its message says the disk is full. */
const fixture = readFileSync(new URL('../../src/ingest/parsers/hyperv-backup-utility/fixtures/hvbu-0of1-disk-full-it.eml', import.meta.url)).toString('latin1');
const errorText = /\(VM:host02\) Impossibile copiare file[\s\S]*?\(0x80070070/;
/** The object's message as the parser reads it (the fixture's expected result). */
const message = "Impossibile copiare file durante l'esportazione. Spazio su disco insufficiente per eseguire la copia in 'c:\\bkup\\host02'. Impossibile copiare i file: Spazio su disco insufficiente. (0x80070070";

let sent = 0;
/** The report again with a new Message-ID; `error` replaces host02's error text (a transformed real mail). */
function mail(error?: string): Buffer {
  sent += 1;
  let raw = fixture.replace(/^Message-ID:.*$/im, `Message-ID: <match-${sent}-${Date.now()}@hv02.acme.example>`);
  if (error !== undefined) raw = raw.replace(errorText, `(VM:host02) ${error}`);
  return Buffer.from(raw, 'latin1');
}

interface RunJson {
  status: string;
  overridden: boolean;
  overrideRule: { id: number } | null;
  objects: { name: string; message: string | null; overridden: boolean; overrideRule: { id: number } | null }[];
}

for (const dialect of dialects) {
  describe(`overrides through the API, applied by the ingest pipeline, on ${dialect}`, () => {
    let api: TestApi;
    let db: Db;
    let operator: Client;
    let admin: Client;
    let jobId: number;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      db = api.database.db;
      operator = await signIn(api, 'operator');
      admin = await signIn(api, 'admin');
      const first = await ingestMessage(db, mail(), { source: 'cli' });
      jobId = await createJobFor(db, first.result, { customerId: await createCustomer(db, 'Hyper-V customer') });
    });
    afterAll(async () => api.close());

    /** Ingests the next report and answers its run as the API shows it. */
    async function nextRun(error?: string): Promise<RunJson> {
      const outcome = await ingestMessage(db, mail(error), { source: 'cli' });
      expect(outcome.runId, 'linked to the job').not.toBeNull();
      return (await admin.get(`/api/v1/runs/${outcome.runId}`)).json();
    }
    async function withRule<T>(rule: Record<string, unknown>, work: (id: number) => Promise<T>): Promise<T> {
      const created = await operator.post('/api/v1/overrides', { statuses: ['failed'], ...rule });
      expect(created.statusCode, created.body).toBe(201);
      try {
        return await work(created.json().id);
      } finally {
        expect((await admin.delete(`/api/v1/overrides/${created.json().id}`)).statusCode).toBe(204);
      }
    }

    it('reads the real report as a failure of host02 with the expected message', async () => {
      const run = await nextRun();
      expect(run).toMatchObject({ status: 'failed', overridden: false, objects: [{ name: 'host02', message }] });
    });

    const cases: [string, string, boolean][] = [
      ['contains', 'SPAZIO SU DISCO insufficiente', true],
      ['contains', 'spazio esaurito', false],
      ['exact', `  ${message.toUpperCase()}  `, true],
      ['exact', 'Spazio su disco insufficiente', false],
      ['startsWith', 'impossibile copiare file', true],
      ['startsWith', 'Spazio su disco', false],
      ['endsWith', '(0x80070070', true],
      ['endsWith', 'insufficiente.', false],
      ['regex', String.raw`\(0x8007[0-9a-f]{4}$`, true],
      ['regex', String.raw`^Spazio`, false],
    ];
    for (const [type, text, expected] of cases) {
      it(`${expected ? 'overrides' : 'does not override'} with a ${type} match on "${text.trim().slice(0, 40)}"`, async () => {
        const run = await withRule({ scope: 'object', jobId, objectName: 'HOST02', match: { type, text } }, async (id) => {
          const stored = await nextRun();
          if (expected) expect(stored.objects[0]!.overrideRule?.id).toBe(id);
          return stored;
        });
        expect(run.status).toBe(expected ? 'success' : 'failed');
        expect(run.overridden).toBe(expected);
        expect(run.objects[0]!.overridden).toBe(expected);
      });
    }

    it('names the most specific rule: object before job before global, whatever was made first', async () => {
      const match = { type: 'contains', text: 'disco' };
      const global = (await operator.post('/api/v1/overrides', { scope: 'global', statuses: ['failed'], match, confirm: true })).json().id;
      const job = (await operator.post('/api/v1/overrides', { scope: 'job', jobId, statuses: ['failed'], match })).json().id;
      const object = (await operator.post('/api/v1/overrides', { scope: 'object', jobId, objectName: 'host02', statuses: ['failed'], match })).json().id;
      expect((await nextRun()).objects[0]!.overrideRule?.id).toBe(object);
      await admin.delete(`/api/v1/overrides/${object}`);
      expect((await nextRun()).objects[0]!.overrideRule?.id).toBe(job);
      await admin.delete(`/api/v1/overrides/${job}`);
      expect((await nextRun()).objects[0]!.overrideRule?.id).toBe(global);
      await admin.delete(`/api/v1/overrides/${global}`);
      expect((await nextRun()).status).toBe('failed');
    });

    it('applies only inside its validity window', async () => {
      const match = { type: 'contains', text: 'disco' };
      const hour = 3_600_000;
      const past = { validFrom: new Date(Date.now() - 2 * hour).toISOString(), validUntil: new Date(Date.now() - hour).toISOString() };
      const future = { validFrom: new Date(Date.now() + hour).toISOString() };
      const now = { validFrom: new Date(Date.now() - hour).toISOString(), validUntil: new Date(Date.now() + hour).toISOString() };
      expect((await withRule({ scope: 'job', jobId, match, ...past }, () => nextRun())).status).toBe('failed');
      expect((await withRule({ scope: 'job', jobId, match, ...future }, () => nextRun())).status).toBe('failed');
      expect((await withRule({ scope: 'job', jobId, match, ...now }, () => nextRun())).status).toBe('success');
    });

    it('does not stall ingest on a pathological regex over a long message (linear-time engine)', async () => {
      // `(a+)+$` against 50,000 "a" followed by "!" takes a backtracking engine longer than the universe's age.
      const long = `${'a'.repeat(50_000)}!`;
      const run = await withRule({ scope: 'job', jobId, match: { type: 'regex', text: '(a+)+$' } }, () => nextRun(long));
      expect(run.objects[0]!.message).toContain('aaaa');
      expect(run.status).toBe('failed');
      const matching = await withRule({ scope: 'job', jobId, match: { type: 'regex', text: '(a+)+!$' } }, () => nextRun(long));
      expect(matching.status).toBe('success');
    }, 20_000);
  });
}
