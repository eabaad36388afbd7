import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  addMailbox,
  listMailboxViews,
  MailboxConflictError,
  MailboxNotFoundError,
  MailboxValidationError,
  removeMailbox,
  tlsModes,
  type MailboxView,
  type TlsMode,
} from '../../services/mailbox.service.js';
import { withDatabase } from '../context.js';

/**
 * `backupchecks mailboxes add|list|remove`: the IMAP mailboxes the server polls. The password is read
 * from a file or stdin, never from the command line (where `ps` and shell history would show it), and
 * is never printed.
 */
export function registerMailboxes(program: Command): void {
  const mailboxes = program.command('mailboxes').description('manage the IMAP mailboxes that are polled for report mails');

  mailboxes
    .command('add')
    .description('add an IMAP mailbox to poll')
    .requiredOption('--name <name>', 'a unique name for the mailbox')
    .requiredOption('--host <host>', 'IMAP server host name or address')
    .option('--port <port>', 'IMAP server port (default 993, or 143 with --tls starttls|none)', parsePort)
    .addOption(new Option('--tls <mode>', 'implicit TLS, STARTTLS (required), or none').choices(tlsModes).default('implicit'))
    .requiredOption('--username <user>', 'login name')
    .option('--password-file <file>', 'read the password from this file (one trailing newline is ignored)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--folder <folder>', 'folder to poll; repeat for several (default INBOX)', collect, [] as string[])
    .option('--processed-folder <folder>', 'move each mail here after it is stored')
    .option('--since <YYYY-MM-DD>', 'import only mails received on or after this day')
    .action(async (options: AddOptions) => {
      const password = await readPassword(options);
      await run(async () => {
        const view = await withDatabase({}, ({ config, database }) =>
          addMailbox(
            database.db,
            config.secretKey,
            {
              name: options.name,
              host: options.host,
              ...(options.port !== undefined ? { port: options.port } : {}),
              tls: options.tls,
              username: options.username,
              password,
              folders: options.folder,
              processedFolder: options.processedFolder ?? null,
              since: options.since ?? null,
            },
            { type: 'cli' },
          ),
        );
        process.stdout.write(`added mailbox ${view.id} "${view.name}": ${describe(view)}\n`);
      });
    });

  mailboxes
    .command('list')
    .description('list the mailboxes with their last poll and error (passwords are never shown)')
    .option('--json', 'print one JSON array')
    .action(async (options: { json?: boolean }) => {
      const views = await withDatabase({}, ({ database }) => listMailboxViews(database.db));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(views)}\n`);
        return;
      }
      if (views.length === 0) process.stdout.write('no mailboxes\n');
      for (const view of views) {
        const state = view.lastError ? `failing (${view.failures}x): ${view.lastError}` : view.lastPolledAt ? `polled ${view.lastPolledAt}` : 'not polled yet';
        process.stdout.write(`${view.id}\t${view.name}\t${describe(view)}\t${state}\n`);
      }
    });

  mailboxes
    .command('remove')
    .description('remove a mailbox (the mails it imported stay)')
    .argument('<name|id>', 'the mailbox name, or its id')
    .action(async (ref: string) => {
      await run(async () => {
        const view = await withDatabase({}, ({ database }) => removeMailbox(database.db, ref, { type: 'cli' }));
        process.stdout.write(`removed mailbox ${view.id} "${view.name}"\n`);
      });
    });
}

interface AddOptions {
  name: string;
  host: string;
  port?: number;
  tls: TlsMode;
  username: string;
  passwordFile?: string;
  passwordStdin?: boolean;
  folder: string[];
  processedFolder?: string;
  since?: string;
}

function describe(view: MailboxView): string {
  const extras = [view.processedFolder ? `then move to ${view.processedFolder}` : null, view.since ? `since ${view.since}` : null].filter(Boolean);
  return `${view.username}@${view.host}:${view.port} (${view.tls}) folders ${view.folders.join(', ')}${extras.length ? `; ${extras.join('; ')}` : ''}`;
}

async function readPassword(options: AddOptions): Promise<string> {
  if (Boolean(options.passwordFile) === Boolean(options.passwordStdin)) fail('give exactly one of --password-file FILE or --password-stdin');
  let text: string;
  try {
    text = options.passwordFile ? readFileSync(options.passwordFile, 'utf8') : await readStdin();
  } catch (error) {
    const from = options.passwordFile ? `from ${options.passwordFile}` : 'from stdin';
    fail(`cannot read the password ${from}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // `echo secret > file` and `echo secret | …` add a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (!password) fail('the password is empty');
  return password;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reports the service's typed errors as one line on stderr with exit code 1; anything else is a bug and throws. */
async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof MailboxValidationError) fail(error.details.map((d) => `error: ${d}`).join('\n'));
    if (error instanceof MailboxConflictError || error instanceof MailboxNotFoundError) fail(`error: ${error.message}`);
    throw error;
  }
}

function fail(message: string): never {
  process.stderr.write(`${message.startsWith('error:') ? message : `error: ${message}`}\n`);
  process.exit(1);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) fail(`--port must be a number 1..65535 (got "${value}")`);
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
