import type { Command } from 'commander';
import { reparseInbox } from '../../services/reparse.service.js';
import { withDatabase } from '../context.js';

/** `backupchecks reparse`: the CLI twin of POST /api/v1/inbox/reparse, for after a parser upgrade. */
export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description('re-parse Inbox messages from their stored raw mail; a message whose new job key belongs to a job becomes a run')
    .option('--all-unlinked', 'every message in the Inbox (linked to no job, not deleted)')
    .option('--id <ids...>', 'only these Inbox message ids')
    .option('--json', 'print the summary as one JSON line on stdout')
    .action(async (options: { allUnlinked?: boolean; id?: string[]; json?: boolean }) => {
      const ids = options.id?.map((v) => Number(v));
      if (ids?.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--id takes positive message ids, got: ${options.id!.join(' ')}`);
      // Re-parsing the whole Inbox must be asked for explicitly, not happen by forgetting --id.
      if (!options.allUnlinked && !ids) throw new Error('give --all-unlinked or --id N…');
      if (options.allUnlinked && ids) throw new Error('give either --all-unlinked or --id, not both');
      const summary = await withDatabase({}, ({ database }) => reparseInbox(database.db, ids, 'cli', new Date()));
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else process.stdout.write(`reparse: ${summary.reparsed} re-parsed, ${summary.changed} changed, ${summary.linked} linked to jobs\n`);
    });
}
