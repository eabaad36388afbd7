import type { Command } from 'commander';
import { parsers } from '../../ingest/parsers/registry.js';

export function registerParsers(program: Command): void {
  program
    .command('parsers')
    .description('list the parsers in the order they are tried')
    .option('--json', 'print one JSON line per parser')
    .action((options: { json?: boolean }) => {
      parsers.forEach((parser, index) => {
        const row = {
          id: parser.id,
          software: parser.software,
          types: parser.types,
          order: index + 1,
          informational: parser.informational,
          jobNameRule: parser.jobNameRule,
          match: parser.match,
        };
        process.stdout.write(options.json ? `${JSON.stringify(row)}\n` : `${String(row.order).padStart(3)}  ${row.id.padEnd(34)} ${row.software} (${row.types.join(', ')})\n`);
      });
    });
}
