// Run Checks benchmark (`npm run bench:run-checks`, also part of `npm run bench`): 2,000 jobs with
// 10,000 unreviewed runs (and as many reviewed ones) in a fresh SQLite file, served by the real HTTP
// app; prints the median and max time of GET /api/v1/run-checks over 20 requests. Never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Db } from '../src/db/connect.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildHttpApp } from '../src/http/app.js';
import { insertUser } from '../src/repositories/user.repository.js';
import { hashPassword } from '../src/services/password.js';

/** Run Checks over 10,000 unreviewed runs of 2,000 jobs (and as many reviewed ones): one grouped query. */
const jobCount = 2_000;
const runsPerJob = 5;
const statuses = ['success', 'warning', 'failed', 'unknown', 'success'];

async function seed(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const customers = await db
    .insertInto('customers')
    .values(Array.from({ length: 100 }, (_, i) => ({ name: `Customer ${i}`, name_key: `customer ${i}`, active: 1, created_at: now, updated_at: now })))
    .returning('id')
    .execute();
  const jobIds: number[] = [];
  for (let start = 0; start < jobCount; start += 500) {
    const rows = await db
      .insertInto('jobs')
      .values(Array.from({ length: 500 }, (_, k) => {
        const i = start + k;
        return { customer_id: customers[i % customers.length]!.id, sender: `s${i}@x`, host: null, backup_software: 'Veeam', backup_type: 'Backup Job', job_name: `Job ${i}`, archived_at: null, created_at: now, created_by: null };
      }))
      .returning('id')
      .execute();
    jobIds.push(...rows.map((r) => r.id));
  }
  const runs = jobIds.flatMap((jobId, j) =>
    Array.from({ length: runsPerJob * 2 }, (_, r) => {
      const at = new Date(Date.UTC(2026, 0, 1) + (j * runsPerJob * 2 + r) * 60_000).toISOString();
      const status = statuses[(j + r) % statuses.length]!;
      const reviewed = r >= runsPerJob;
      return {
        job_id: jobId, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0, started_at: at, ended_at: null,
        received_at: at, reviewed_at: reviewed ? at : null, reviewed_by_user_id: null, created_at: at, sort_at: at,
      };
    }),
  );
  for (let start = 0; start < runs.length; start += 1_000) await db.insertInto('runs').values(runs.slice(start, start + 1_000)).execute();
}

const dir = mkdtempSync(join(tmpdir(), 'bc-bench-rc-'));
const database = openDatabase(`sqlite:${join(dir, 'rc.sqlite')}`);
await migrateToLatest(database.db);
await seed(database.db);
await insertUser(database.db, { username: 'bench', passwordHash: await hashPassword('bench-password-1'), roles: ['operator'], now: new Date().toISOString() });
const app = buildHttpApp({ db: database.db, logger: pino({ level: 'silent' }), config: { trustProxy: false, publicUrl: 'http://localhost', timeZone: 'UTC' } });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench', password: 'bench-password-1' } });
const cookie = `bc_session=${login.cookies.find((c) => c.name === 'bc_session')!.value}`;
const times: number[] = [];
for (let i = 0; i < 25; i++) {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url: '/api/v1/run-checks?pageSize=50', headers: { cookie } });
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
  if (i >= 5) times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(`GET /api/v1/run-checks, ${jobCount} jobs with ${jobCount * runsPerJob} unreviewed runs (SQLite): median ${times[10]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);

/**
 * A morning as the operator works it, over the API calls the page makes: everything received so far is
 * first marked reviewed on the jobs that are all green (one click), then each job still listed is opened
 * and marked reviewed, one after the other, as the keyboard does (Enter, r).
 */
async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, payload: payload as object });
  if (response.statusCode !== 200) throw new Error(`${method} ${url}: HTTP ${response.statusCode} ${response.body}`);
  return response.json();
}
const csrf = (login.json() as { csrfToken: string }).csrfToken;
await database.db.updateTable('runs').set({ reviewed_at: new Date().toISOString() }).where('reviewed_at', 'is', null).execute();
const nightly = await database.db.selectFrom('jobs').select('id').orderBy('id').execute();
const night = new Date(Date.now() - 8 * 3_600_000).toISOString();
for (let start = 0; start < nightly.length; start += 500) {
  await database.db
    .insertInto('runs')
    .values(nightly.slice(start, start + 500).map(({ id }, k) => {
      const status = (start + k) % 10 === 0 ? 'failed' : 'success';
      return { job_id: id, message_id: null, kind: 'mail', status, original_status: status, overridden: 0, informational: 0, started_at: night, ended_at: null, received_at: night, reviewed_at: null, reviewed_by_user_id: null, created_at: night, sort_at: night };
    }))
    .execute();
}
const morning = performance.now();
const list = await call('GET', '/api/v1/run-checks?pageSize=50');
const green = performance.now();
const cleared = await call('POST', '/api/v1/run-checks/review-green', { seenUntil: list.seenAt });
const greenMs = performance.now() - green;
const perJob: number[] = [];
for (;;) {
  const page = await call('GET', '/api/v1/run-checks?pageSize=50');
  if (page.items.length === 0) break;
  for (const item of page.items as { jobId: number }[]) {
    const started = performance.now();
    const detail = await call('GET', `/api/v1/run-checks/${item.jobId}`);
    await call('POST', '/api/v1/run-checks/review', { jobIds: [item.jobId], seenUntil: detail.seenAt });
    perJob.push(performance.now() - started);
  }
}
perJob.sort((a, b) => a - b);
console.log(
  `A morning of ${jobCount} jobs, ${cleared.jobs} green and ${perJob.length} needing a look: review-green ${greenMs.toFixed(0)} ms; ` +
    `open + review per job median ${perJob[Math.floor(perJob.length / 2)]!.toFixed(1)} ms, max ${perJob.at(-1)!.toFixed(1)} ms; whole queue ${(performance.now() - morning).toFixed(0)} ms of server time`,
);
await app.close();
await database.close();
rmSync(dir, { recursive: true, force: true });
