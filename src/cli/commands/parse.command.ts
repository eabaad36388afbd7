import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { toContract } from '../../ingest/parsers/contract.js';
import { parseRaw } from '../../ingest/parsers/support/parse-file.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse mail files without storing them')
    .argument('<files...>', '.eml files')
    .option('--json', 'print one JSON line per file (the parse result contract)')
    .option('--explain', 'print the parse trace: which parsers were tried and why')
    .action(async (files: string[], options: { json?: boolean; explain?: boolean }) => {
      for (const file of files) {
        let raw: Buffer;
        try {
          // A FIFO or device would block the read forever; only regular files are mails.
          if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
          raw = await readFile(file);
        } catch (error) {
          process.stderr.write(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
          process.exitCode = 1;
          continue;
        }
        const contract = toContract(file, await parseRaw(raw));
        if (options.json) {
          process.stdout.write(`${JSON.stringify(contract)}\n`);
          continue;
        }
        const objects = contract.objects.map((o) => `\n    - ${o.name} (${o.type ?? 'object'}): ${o.status}${o.message ? ` — ${o.message}` : ''}`).join('');
        process.stdout.write(
          `${file}\n  parser: ${contract.parser ?? '(none)'} (${contract.confidence} confidence)\n  software: ${contract.software ?? '-'} / ${contract.type ?? '-'}\n` +
            `  job: ${contract.jobName ?? '-'}  host: ${contract.host ?? '-'}\n  status: ${contract.status}${contract.informational ? ' (informational)' : ''}\n` +
            `  started: ${contract.startedAt ?? '-'}  ended: ${contract.endedAt ?? '-'}\n  objects: ${contract.objects.length}${objects}\n`,
        );
        if (options.explain) process.stdout.write(`  trace:\n${contract.trace.map((t) => `    ${t}`).join('\n')}\n`);
      }
    });
}
