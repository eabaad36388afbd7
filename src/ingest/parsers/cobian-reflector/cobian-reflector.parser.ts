import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import { jobNameFromSubject } from '../generic/generic.parser.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines, readTimestampedLine, type TimestampedLine } from '../support/log-lines.js';
import { localToUtc } from '../support/time.js';

/**
 * Cobian Reflector (and Cobian Backup 11) mails its log (FORMATS.md §9): `YYYY-MM-DD HH:MM:SS <text>`
 * in local time, `Backing up the task "<task>"`, a summary ` ** Backup for task "<task>" ended. … **`
 * (older: `** Backup done for the task "<task>". Errors: N. … **`), `The backup has ended without
 * errors.`, and error lines starting `ERR `. Sizes use the Windows locale (`41,6 KB`) even in English.
 *
 * One mail is the log of what this Cobian instance ran since the last mail, often several tasks (and the
 * same task twice). The run is the mail; each task is an object. Cobian's subject is free text the admin
 * sets (with optional %DATE%/%ERRORS% variables), so it names the job after the generic cleanup.
 */
const taskStart = /^Backing up the task "(.+)"/i;
const taskSummary = /\*\*\s*Backup for task "(.+?)" ended\.\s*(.*?)\s*\*\*\s*$/i;
const oldSummary = /\*\*\s*Backup done for the task "(.+?)"\.\s*(.*?)\s*\*\*\s*$/i;

interface Task {
  name: string;
  status: ReportStatus;
  message: string | null;
  errored: boolean;
}

export const cobianReflectorParser: Parser = {
  id: 'cobian-reflector',
  software: 'Cobian Reflector',
  types: ['Backup Log'],
  match: {
    subjects: ['(free text set by the admin)'],
    bodies: ['Backing up the task "<task>"', '** Backup for task "<task>" ended. … **', 'The backup has ended without errors.'],
  },
  informational: false,
  jobNameRule: 'the subject as the admin set it, without dates, counts and status words (generic cleanup); tasks are objects',
  parse(mail: DecodedMessage): ParsedReport | null {
    const lines = bodyLines(mail.text);
    const stamped = lines.map(readTimestampedLine).filter((l): l is TimestampedLine => l !== null);
    const cobianLines = stamped.filter((l) => taskStart.test(l.rest) || taskSummary.test(l.rest) || oldSummary.test(l.rest));
    const mentionsCobian = /Cobian/i.test(mail.subject) || /automatic mail message from Cobian/i.test(mail.text);
    const endedLine = stamped.find((l) => /^The backup has ended/i.test(l.rest));
    if (cobianLines.length === 0 && !(mentionsCobian && endedLine)) return null;
    const trace: string[] = [];

    const tasks = readTasks(lines);
    const objects: ReportObject[] = tasks.map((t) => ({ name: t.name, type: 'Task', status: t.status, message: t.message }));
    trace.push(`${tasks.length} task(s): ${tasks.map((t) => `"${t.name}" ${t.status}`).join(', ') || 'none'}`);

    const errorLine = lines.find(isErrorLine);
    const endedWithErrors = stamped.find((l) => /^The backup has ended with\b.*errors?/i.test(l.rest));
    const cleanEnd = stamped.find((l) => /^The backup has ended without errors\.?$/i.test(l.rest));
    let status: ReportStatus;
    if (errorLine) {
      status = 'failed';
      trace.push(`status failed: error line "${errorLine.trim()}"`);
    } else if (endedWithErrors) {
      status = 'failed';
      trace.push(`status failed: "${endedWithErrors.rest}"`);
    } else if (cleanEnd) {
      status = 'success';
      trace.push(`status success: "${cleanEnd.rest}" at ${cleanEnd.stamp} (the tasks' own results still count, worst wins)`);
    } else {
      status = 'unknown';
      trace.push('status unknown: no "The backup has ended" line and no error line');
    }

    const jobName = jobNameFromSubject(mail.subject);
    trace.push(`job name "${jobName}" from the subject (Cobian names no job above its tasks)`);
    trace.push('host unknown: the log does not name the computer');

    const first = stamped[0];
    const last = stamped[stamped.length - 1];
    const startedAt = first ? localToUtc(first.local, mail, trace, 'startedAt (first log line)') : null;
    const endedAt = last ? localToUtc(last.local, mail, trace, 'endedAt (last log line)') : null;

    return { type: 'Backup Log', jobName, host: null, status, startedAt, endedAt, objects, trace };
  },
};

function isErrorLine(raw: string): boolean {
  const line = raw.trim();
  if (/^ERR\s/.test(line)) return true;
  const stamped = readTimestampedLine(line);
  return Boolean(stamped && /^ERR\s/.test(stamped.rest));
}

/**
 * Errors belong to the task being backed up; a log excerpt can begin inside a task (no start line), so
 * errors seen before any start line belong to the task of the next summary.
 */
function readTasks(lines: string[]): Task[] {
  const tasks: Task[] = [];
  const byName = (name: string): Task => {
    let task = tasks.find((t) => t.name === name);
    if (!task) {
      task = { name, status: 'unknown', message: null, errored: false };
      tasks.push(task);
    }
    return task;
  };
  let current: Task | null = null;
  let pendingError: string | null = null;
  for (const raw of lines) {
    const stamped = readTimestampedLine(raw);
    const text = stamped?.rest ?? raw.trim();
    const start = taskStart.exec(text);
    if (start) {
      // A task run twice in one log keeps its worst result: an earlier failure is not undone.
      current = byName(start[1]!);
      continue;
    }
    if (isErrorLine(raw)) {
      const message = text.replace(/^ERR\s+/, '').replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*/, '');
      if (current) markError(current, message);
      else pendingError ??= message;
      continue;
    }
    const summary = taskSummary.exec(text);
    const old = summary ? null : oldSummary.exec(text);
    const found = summary ?? old;
    if (!found) continue;
    const task = byName(found[1]!);
    if (pendingError && task !== current) markError(task, pendingError);
    pendingError = null;
    const errors = old ? Number(/Errors:\s*(\d+)/i.exec(found[2]!)?.[1] ?? 0) : 0;
    if (errors > 0) markError(task, found[2]!.trim());
    if (!task.errored) {
      task.status = 'success';
      task.message = found[2]!.trim() || null;
    }
    current = null;
  }
  return tasks;
}

function markError(task: Task, message: string): void {
  if (!task.errored) task.message = message;
  task.errored = true;
  task.status = 'failed';
}
