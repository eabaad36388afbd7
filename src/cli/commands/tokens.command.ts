import type { Command } from 'commander';
import { createToken, revokeToken } from '../../services/token.service.js';
import { userIdByName } from '../../services/user.service.js';
import { withDatabase } from '../context.js';
import { failCommand, runCommand } from './users.command.js';

/**
 * `backupchecks tokens create|revoke`: API tokens for scripts. `create` prints only the token on
 * stdout, so `TOKEN=$(backupchecks tokens create …)` works; it is shown this once and stored hashed.
 */
export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('manage API tokens');

  tokens
    .command('create')
    .description("create an API token acting for a user in one of the user's roles; prints only the token")
    .requiredOption('--username <name>', 'the user the token acts for')
    .requiredOption('--role <role>', 'the role it acts in (one the user holds)')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (options: { username: string; role: string; name: string }) => {
      await runCommand(async () => {
        const created = await withDatabase({}, async ({ database }) =>
          createToken(database.db, 'cli', { userId: await userIdByName(database.db, options.username), name: options.name, role: options.role.trim().toLowerCase() }, new Date()),
        );
        process.stdout.write(`${created.token}\n`);
      });
    });

  tokens
    .command('revoke')
    .description('revoke an API token; it is refused from the next request on')
    .requiredOption('--id <id>', 'the token id (see GET /api/v1/tokens)')
    .action(async (options: { id: string }) => {
      if (!/^\d+$/.test(options.id) || Number(options.id) < 1) failCommand(`--id must be a positive number (got "${options.id}")`);
      await runCommand(async () => {
        const token = await withDatabase({}, ({ database }) => revokeToken(database.db, 'cli', Number(options.id), new Date()));
        process.stdout.write(`revoked token ${token.id} "${token.name}" of ${token.username}\n`);
      });
    });
}
