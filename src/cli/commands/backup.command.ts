import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { withDatabase } from '../context.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the SQLite database, also while the server runs')
    .argument('<file>', 'where to write the copy (must not exist)')
    .action(async (file: string) => {
      if (!file.trim()) {
        process.stderr.write('backup: give the file to write the copy to\n');
        process.exitCode = 1;
        return;
      }
      const target = resolve(file);
      if (existsSync(target)) {
        process.stderr.write(`backup: ${target} already exists; choose a new file\n`);
        process.exitCode = 1;
        return;
      }
      await withDatabase({}, async ({ database, logger }) => {
        if (database.dialect !== 'sqlite') {
          process.stderr.write('backup: the database is PostgreSQL; use pg_dump for it\n');
          process.exitCode = 1;
          return;
        }
        // VACUUM INTO reads one snapshot inside a transaction, so writers may go on meanwhile.
        await sql`vacuum into ${target}`.execute(database.db);
        chmodSync(target, 0o600);
        logger.info({ file: target }, 'backup written');
        process.stdout.write(`${target}\n`);
      });
    });
}
