import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { describeSchedule } from '../../domain/schedule/describe-schedule.js';
import { expectedSlots } from '../../domain/schedule/expected-slots.js';
import { learnSchedule, type RunInput } from '../../domain/schedule/learn-schedule.js';
import { daysBetween, parseLocalDate } from '../../domain/schedule/local-time.js';
import { isValidZone, parseSchedule } from '../../domain/schedule/schedule.js';

/**
 * `backupchecks schedule infer|expected`: the pure schedule rules (DESIGN §9) from the command line,
 * without a database, so they can be checked from outside. Bad input ends with one line on stderr.
 */
export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('learn a schedule from run times, or list the slots a schedule expects (no database)');

  schedule
    .command('infer')
    .description('learn a schedule from run start times')
    .requiredOption('--zone <zone>', 'the customer\'s time zone, e.g. Europe/Amsterdam')
    .requiredOption('--runs <file>', 'JSON array of ISO start times, or of {startedAt, endedAt?, receivedAt?}')
    .option('--now <time>', 'ignore runs that start after this ISO time')
    .option('--grace <minutes>', 'grace after the typical duration before a slot is missed', '120')
    .option('--json', 'print the schedule as one JSON line')
    .action(async (options: { zone: string; runs: string; now?: string; grace: string; json?: boolean }) => {
      const zone = checkZone(options.zone);
      const runs = await readJson(options.runs, '--runs');
      if (!Array.isArray(runs)) throw new Error(`--runs ${options.runs}: expected a JSON array of ISO times`);
      const grace = Number(options.grace);
      if (!Number.isInteger(grace) || grace < 0) throw new Error(`--grace must be a whole number of minutes (got "${options.grace}")`);
      const now = options.now === undefined ? undefined : new Date(options.now);
      if (now && Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO time (got "${options.now}")`);
      const learned = learnSchedule(runs as RunInput[], zone, { graceMinutes: grace, ...(now ? { now } : {}) });
      process.stdout.write(
        options.json ? `${JSON.stringify(learned)}\n` : `${describeSchedule(learned)} (confidence ${learned.confidence}, tolerance ${learned.toleranceMinutes} min, ${learned.basedOn} runs, zone ${learned.zone})\n`,
      );
    });

  schedule
    .command('expected')
    .description('list the slots a schedule expects between two local dates (inclusive)')
    .requiredOption('--zone <zone>', 'the zone of --from and --to, e.g. Europe/Amsterdam')
    .requiredOption('--schedule <file>', 'the schedule as JSON (the output of `schedule infer --json`)')
    .requiredOption('--from <date>', 'first local date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last local date, YYYY-MM-DD')
    .option('--json', 'print the slots as one JSON line')
    .action(async (options: { zone: string; schedule: string; from: string; to: string; json?: boolean }) => {
      const zone = checkZone(options.zone);
      const from = parseLocalDate(options.from);
      const to = parseLocalDate(options.to);
      if (!from) throw new Error(`--from must be a date YYYY-MM-DD (got "${options.from}")`);
      if (!to) throw new Error(`--to must be a date YYYY-MM-DD (got "${options.to}")`);
      if (to < from) throw new Error(`--to ${to} is before --from ${from}`);
      if (daysBetween(from, to) > 3660) throw new Error('--from and --to may be at most 10 years apart');
      let parsed;
      try {
        parsed = parseSchedule(await readJson(options.schedule, '--schedule'));
      } catch (error) {
        throw new Error(`--schedule ${options.schedule}: ${(error as Error).message}`);
      }
      const slots = expectedSlots(parsed, from, to, { zone }).map((s) => ({ expectedAt: iso(s.expectedAt), deadline: iso(s.deadline) }));
      if (options.json) process.stdout.write(`${JSON.stringify(slots)}\n`);
      else for (const s of slots) process.stdout.write(`${s.expectedAt}  deadline ${s.deadline}\n`);
    });
}

function checkZone(zone: string): string {
  if (!isValidZone(zone)) throw new Error(`--zone "${zone}" is not a time zone (use an IANA name such as Europe/Amsterdam, or UTC)`);
  return zone;
}

async function readJson(file: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${option} ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${option} ${file}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Slots are whole minutes: ISO without milliseconds, like the rest of the JSON output. */
function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
