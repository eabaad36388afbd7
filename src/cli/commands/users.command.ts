import { describeError } from '../errors.js';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError, ValidationError } from '../../domain/errors.js';
import { createUser, resetPassword, userIdByName } from '../../services/user.service.js';
import { withDatabase } from '../context.js';

/**
 * `backupchecks users create|reset-password`: accounts from the server's shell, for the first admin
 * of an automated install or a locked-out admin. Writes the same database as a running server, so the
 * change takes effect at once. Passwords come from a file, never the command line (`ps`, history).
 */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage local user accounts');

  users
    .command('create')
    .description('create a user; prints "<id> <username>"')
    .requiredOption('--username <name>', 'the login name')
    .requiredOption('--password-file <file>', 'read the password from this file (one trailing newline is ignored)')
    .requiredOption('--roles <roles>', 'comma-separated roles: admin, operator, reporter, viewer')
    .action(async (options: { username: string; passwordFile: string; roles: string }) => {
      const password = readPasswordFile(options.passwordFile);
      const roles = options.roles.split(',').map((r) => r.trim()).filter(Boolean);
      await runCommand(async () => {
        const user = await withDatabase({}, ({ database }) => createUser(database.db, 'cli', { username: options.username, password, roles }, new Date()));
        process.stdout.write(`${user.id} ${user.username}\n`);
      });
    });

  users
    .command('reset-password')
    .description("set a user's password and end all their sessions")
    .requiredOption('--username <name>', 'the login name')
    .requiredOption('--password-file <file>', 'read the new password from this file (one trailing newline is ignored)')
    .action(async (options: { username: string; passwordFile: string }) => {
      const password = readPasswordFile(options.passwordFile);
      await runCommand(async () => {
        const user = await withDatabase({}, async ({ database }) => resetPassword(database.db, 'cli', await userIdByName(database.db, options.username), password, new Date()));
        process.stdout.write(`${user.id} ${user.username}\n`);
      });
    });
}

export function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    failCommand(`cannot read the password from ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // `echo secret > file` adds a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (!password) failCommand(`the password file ${file} is empty`);
  return password;
}

/** The services' typed errors become one line on stderr and exit code 1; anything else is a bug and throws. */
export async function runCommand(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ValidationError && error.problems.length > 0) {
      failCommand(describeError(error));
    }
    if (error instanceof AppError) failCommand(error.message);
    throw error;
  }
}

export function failCommand(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
