import type { Command } from 'commander';
import { createLogger } from '../../logger.js';
import { startServer } from '../../server.js';
import { configOrExit } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web UI and API, the SMTP listener and the mailbox poller')
    .action(async () => {
      const config = configOrExit();
      const logger = createLogger(config.logLevel);
      const server = await startServer(config, logger);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        await server.close();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
    });
}
