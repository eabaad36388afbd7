#!/usr/bin/env node
import { Command } from 'commander';
import { registerBackup } from './commands/backup.command.js';
import { registerIngest } from './commands/ingest.command.js';
import { registerJobs } from './commands/jobs.command.js';
import { registerMailboxes } from './commands/mailboxes.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerParse } from './commands/parse.command.js';
import { registerParsers } from './commands/parsers.command.js';
import { registerReparse } from './commands/reparse.command.js';
import { registerSchedule } from './commands/schedule.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerStats } from './commands/stats.command.js';
import { registerTokens } from './commands/tokens.command.js';
import { registerUsers } from './commands/users.command.js';
import { appVersion } from '../version.js';
import { describeError } from './errors.js';

/** The `backupchecks` command. Results go to stdout, logs and progress to stderr. */
const program = new Command('backupchecks')
  .description('BackupChecks: monitor backup report e-mails')
  .version(appVersion)
  .showHelpAfterError();

registerServe(program);
registerMigrate(program);
registerIngest(program);
registerParse(program);
registerStats(program);
registerParsers(program);
registerBackup(program);
registerMailboxes(program);
registerJobs(program);
registerReparse(program);
registerUsers(program);
registerTokens(program);
registerSchedule(program);

// `backupchecks parse --json … | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`backupchecks: ${describeError(error)}\n`);
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
}
