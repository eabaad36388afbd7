import type { Command } from 'commander';
import { countStats } from '../../repositories/stats.repository.js';
import { withDatabase } from '../context.js';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count messages, Inbox, customers, jobs and runs')
    .option('--json', 'print one JSON line')
    .action(async (options: { json?: boolean }) => {
      const stats = await withDatabase({}, ({ database }) => countStats(database.db));
      if (options.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
      else for (const [name, value] of Object.entries(stats)) process.stdout.write(`${name.padEnd(10)} ${value}\n`);
    });
}
