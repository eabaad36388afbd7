import type { Command } from 'commander';
import { withDatabase } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      await withDatabase({}, async ({ logger }) => {
        logger.info('database is up to date');
      });
    });
}
