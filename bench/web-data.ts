// Data generator for the web benchmark: customers, jobs with keys, and runs with some objects, written
// straight into a migrated SQLite file with prepared statements in one transaction (going through the
// pipeline would take an hour for a million runs). Shapes follow what approval and ingest store.
import SQLite from 'better-sqlite3';
import { jobKey } from '../src/domain/job-key.js';
import { parseSchedule } from '../src/domain/schedule/schedule.js';

export interface DataSize {
  customers: number;
  jobs: number;
  runs: number;
}

const software = ['Veeam Backup & Replication', 'Synology Hyper Backup', 'Proxmox VE', 'Duplicati', 'Bacula', 'Kopia'];
const types = ['Backup Job', 'Backup Copy', 'Replication', 'vzdump', 'Backup'];
const statuses = ['success', 'success', 'success', 'success', 'success', 'success', 'warning', 'failed', 'unknown'];

/** A deterministic pseudo-random sequence, so two runs of the benchmark measure the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateWebData(file: string, size: DataSize): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const next = random(42);
  const now = new Date('2026-12-01T00:00:00Z').getTime();
  const insertCustomer = db.prepare('insert into customers (name, name_key, active, created_at, updated_at) values (?, ?, ?, ?, ?)');
  const insertJob = db.prepare(
    'insert into jobs (customer_id, sender, host, backup_software, backup_type, job_name, archived_at, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertKey = db.prepare('insert into job_keys (key, job_id, is_alias, created_at) values (?, ?, 0, ?)');
  const insertRun = db.prepare(
    `insert into runs (job_id, message_id, kind, status, original_status, overridden, informational, started_at, ended_at, received_at, reviewed_at, reviewed_by_user_id, created_at, sort_at)
     values (?, null, 'mail', ?, ?, 0, 0, ?, ?, ?, ?, null, ?, ?)`,
  );
  const insertObject = db.prepare('insert into run_objects (run_id, position, name, type, status, message) values (?, ?, ?, ?, ?, ?)');
  const created = new Date(now - 400 * 86_400_000).toISOString();
  db.transaction(() => {
    for (let c = 1; c <= size.customers; c++) {
      const name = `Customer ${String(c).padStart(4, '0')}`;
      // One customer in fifty is inactive, one job in fifty archived: the list must leave them out.
      insertCustomer.run(name, name.toLowerCase(), c % 50 === 0 ? 0 : 1, created, created);
    }
    const runsPerJob = Math.floor(size.runs / size.jobs);
    for (let j = 1; j <= size.jobs; j++) {
      const customerId = 1 + ((j - 1) % size.customers);
      const sw = software[j % software.length]!;
      const type = types[j % types.length]!;
      const sender = `backup@customer${customerId}.example`;
      const host = `srv${j}.customer${customerId}.example`;
      const name = `Job ${j} nightly`;
      const jobId = Number(insertJob.run(customerId, sender, host, sw, type, name, j % 50 === 0 ? created : null, created, 'bench').lastInsertRowid);
      insertKey.run(jobKey({ sender, host, software: sw, type, jobName: name }), jobId, created);
      for (let r = 0; r < runsPerJob; r++) {
        const started = new Date(now - (runsPerJob - r) * 86_400_000 + Math.floor(next() * 3_600_000));
        const status = statuses[Math.floor(next() * statuses.length)]!;
        const startedIso = started.toISOString();
        const received = new Date(started.getTime() + 1_800_000).toISOString();
        const runId = Number(insertRun.run(jobId, status, status, startedIso, received, received, received, received, startedIso).lastInsertRowid);
        if (r % 10 === 0) for (let o = 0; o < 3; o++) insertObject.run(runId, o, `vm-${o}`, 'VM', o === 2 ? status : 'success', null);
      }
    }
  })();
  // The jobs' last-run columns, as insertRun keeps them (same statements as migration 0005).
  db.exec(`update jobs set last_run_id = (select r.id from runs r where r.job_id = jobs.id order by r.sort_at desc, r.id desc limit 1)`);
  db.exec(`update jobs set last_run_status = (select status from runs where id = jobs.last_run_id), last_run_at = (select sort_at from runs where id = jobs.last_run_id)`);
  // Every job runs daily at 00:00–01:00 UTC in the data: pin that schedule, as an operator would, so
  // Daily Jobs and the Missed-runs task have 10,000 scheduled jobs to work on.
  const pinned = JSON.stringify(parseSchedule({ kind: 'daily', time: '00:30', toleranceMinutes: 45, zone: 'UTC' }));
  db.prepare('update jobs set schedule_pinned = ?, schedule_pinned_at = ?').run(pinned, created);
  db.exec('analyze');
  db.close();
}
