import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ingestPaths } from '../../services/file-ingest.service.js';
import { withDatabase } from '../context.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('import .eml files, mbox files and folders of them')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print the summary as one JSON line on stdout')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .action(async (paths: string[], options: { json?: boolean; progress: boolean }) => {
      // Bulk import commits without a full sync per mail; a crash of the process loses nothing committed.
      const summary = await withDatabase({ durability: 'batch' }, async ({ config, database, logger }) => {
        const bar = options.progress && process.stderr.isTTY ? new SingleBar({ format: 'ingest [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr }) : null;
        return ingestPaths(database.db, paths, config.maxMessageBytes, {
          onStart: (total) => bar?.start(total, 0),
          onProgress: (done) => bar?.update(done),
          onSkipped: (path, reason) => logger.warn({ path, reason }, 'skipped'),
          onFailed: (where, error) => process.stderr.write(`ingest: ${where}: ${error.message}\n`),
        }).finally(() => bar?.stop());
      });
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        process.stderr.write(
          `ingest: ${summary.new} new, ${summary.duplicate} duplicate, ${summary.unrecognised} unrecognised, ${summary.skipped} skipped, ${summary.failed} failed\n`,
        );
      }
      if (summary.failed > 0) process.exitCode = 1;
    });
}
