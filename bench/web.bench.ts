// Web benchmark (`npm run bench:web`, also part of `npm run bench`): generates 2,000 customers, 10,000
// jobs and 1,000,000 runs (BENCH_RUNS to change), starts the real HTTP app on that SQLite file, signs
// in as an Admin and times the Jobs list and job history over real HTTP: p50, p95, max in ms.
// Then opens the Jobs page in Chromium and times first rows and a search. Timings are printed, never asserted.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildHttpApp } from '../src/http/app.js';
import { insertUser } from '../src/repositories/user.repository.js';
import { evaluateMissedRuns } from '../src/services/missed-runs.service.js';
import { hashPassword } from '../src/services/password.js';
import { generateWebData } from './web-data.js';

const size = { customers: 2_000, jobs: 10_000, runs: Number(process.env.BENCH_RUNS ?? 1_000_000) };
const dir = mkdtempSync(join(tmpdir(), 'bc-bench-web-'));
const file = join(dir, 'web.sqlite');

const migrated = openDatabase(`sqlite:${file}`);
await migrateToLatest(migrated.db);
await insertUser(migrated.db, { username: 'bench', passwordHash: await hashPassword('bench-password-1'), roles: ['admin'], now: new Date().toISOString() });
await migrated.close();
let t0 = performance.now();
generateWebData(file, size);
console.log(`web benchmark: ${size.customers} customers, ${size.jobs} jobs, ${size.runs} runs generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const database = openDatabase(`sqlite:${file}`);
const app = buildHttpApp({ db: database.db, logger: pino({ level: 'silent' }), config: { trustProxy: false, publicUrl: 'http://localhost', timeZone: 'UTC' } });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

async function time(label: string, urls: () => string, count = 200): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const url = urls();
    const started = performance.now();
    const response = await fetch(`${base}${url}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= 10) samples.push(performance.now() - started); // the first ten warm the caches
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(52)} p50 ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(6)} ms  max ${at(1).padStart(6)} ms`);
}

let n = 0;
const someJob = () => 1 + ((n++ * 7919) % size.jobs);
await time('GET /api/v1/jobs (page 1, by customer)', () => '/api/v1/jobs');
await time('GET /api/v1/jobs?page=N (pages 1..98)', () => `/api/v1/jobs?page=${1 + (n++ % 98)}`);
await time('GET /api/v1/jobs?q=customer 01', () => `/api/v1/jobs?q=customer%2001${n++ % 10}`);
await time('GET /api/v1/jobs?status=failed', () => '/api/v1/jobs?status=failed');
await time('GET /api/v1/jobs?sort=lastRun&order=desc', () => '/api/v1/jobs?sort=lastRun&order=desc');
await time('GET /api/v1/jobs/:id', () => `/api/v1/jobs/${someJob()}`);
await time('GET /api/v1/jobs/:id/runs (page 1)', () => `/api/v1/jobs/${someJob()}/runs`);
await time('GET /api/v1/jobs/:id/runs?page=2', () => `/api/v1/jobs/${someJob()}/runs?page=2`);
await time('GET /api/v1/daily-jobs?date=… (10,000 scheduled jobs, page 1)', () => `/api/v1/daily-jobs?date=2026-11-${String(10 + (n++ % 20)).padStart(2, '0')}`, 20);

// The Missed-runs task: the first evaluation after a week of downtime looks at 7 daily slots of every job.
t0 = performance.now();
const first = await evaluateMissedRuns(database.db, { defaultZone: 'UTC', now: new Date('2026-12-02T06:00:00Z') });
console.log(`${'Missed-runs task, first run (7 days × 10,000 jobs)'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms, ${first.created} Missed runs`);
t0 = performance.now();
const idle = await evaluateMissedRuns(database.db, { defaultZone: 'UTC', now: new Date('2026-12-02T06:01:00Z') });
console.log(`${'Missed-runs task, next minute (nothing due)'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms, ${idle.created} Missed runs`);
await time('GET /api/v1/dashboard (Admin: every figure)', () => '/api/v1/dashboard', 50);
await time('GET /api/v1/run-checks (page 1)', () => '/api/v1/run-checks', 20);

if (existsSync('/usr/bin/chromium') && existsSync(new URL('../dist/web/index.html', import.meta.url))) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext();
  await context.addCookies([{ name: 'bc_session', value: cookie.split('=')[1]!, url: base }]);
  const page = await context.newPage();
  t0 = performance.now();
  await page.goto(`${base}/jobs`);
  await page.locator('[data-testid^="job-row-"]').first().waitFor();
  console.log(`${'Jobs page in Chromium: navigation → first rows'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  await page.getByLabel('Search').fill('Job 9999 ');
  await page.locator('[data-testid="job-row-9999"]').waitFor();
  console.log(`${'Jobs page: type a search → matching row (300 ms debounce)'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms`);
  await browser.close();
} else {
  console.log('Jobs page in Chromium: skipped (no /usr/bin/chromium or dist/web; run npm run build)');
}
await app.close();
await database.close();
rmSync(dir, { recursive: true, force: true });
