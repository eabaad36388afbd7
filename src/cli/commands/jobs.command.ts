import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { exportJobs } from '../../services/jobs-export.service.js';
import { importJobs } from '../../services/jobs-import.service.js';
import { withDatabase } from '../context.js';

/** `backupchecks jobs export|import`: the CLI twins of the Settings → Maintenance actions (DESIGN §6). */
export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('export or import customers and approved jobs (approved_jobs_export_v1)');
  jobs
    .command('export')
    .description('write every customer and approved job as JSON, to FILE or stdout')
    .argument('[file]', 'where to write the export (stdout when left out)')
    .action(async (file: string | undefined) => {
      const document = await withDatabase({}, ({ database }) => exportJobs(database.db, new Date()));
      const json = `${JSON.stringify(document, null, 2)}\n`;
      if (file) {
        writeFileSync(file, json, { mode: 0o600 });
        process.stderr.write(`exported ${document.customers.length} customers and ${document.jobs.length} jobs to ${file}\n`);
      }
      else process.stdout.write(json);
    });
  jobs
    .command('import')
    .description('create or update customers and jobs from an export file; nothing is written when the file has a problem')
    .argument('<file>', 'an approved_jobs_export_v1 file')
    .action(async (file: string) => {
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        process.stderr.write(`jobs import: ${file}: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const summary = await withDatabase({}, ({ database }) => importJobs(database.db, 'cli', document, new Date()));
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        process.stderr.write(`jobs import: ${error.message}\n`);
        for (const problem of error.problems) process.stderr.write(`${problem.path}: ${problem.message}\n`);
        process.exitCode = 1;
      }
    });
}
