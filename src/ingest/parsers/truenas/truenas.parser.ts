import type { ReportObject } from '../../../domain/parse-result.js';
import { statusRank, worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import { htmlToText } from '../../mime/html-to-text.js';
import type { ParsedReport, Parser } from '../parser.js';
import { readBackupAlert } from './alert-texts.js';

/**
 * TrueNAS (and FreeNAS) alert mails (middleware `alert/base.py` `format_alerts`). Backup results come
 * as alerts batched into one mail per alert cycle, so one mail is one run of the host's "Alerts" job
 * with one object per backup task named in it. Subject `TrueNAS <hostname>.<domain>: Alerts`.
 */
const subjectPattern = /\b(?:TrueNAS|FreeNAS)(?:[ -](?:SCALE|CORE|Enterprise))?\s+(\S+?):\s*Alerts\s*$/i;
const bodyHostPattern = /^(?:TrueNAS|FreeNAS)\S*(?: \S+)? @ (\S+)\s*$/im;

type Section = 'new' | 'cleared' | 'current';
const headings: [RegExp, Section][] = [
  [/^New alerts?:$/i, 'new'],
  [/^(?:The following alert has been cleared|These alerts have been cleared|Gone alerts):$/i, 'cleared'],
  [/^(?:Current alerts|Alerts):$/i, 'current'],
];

export const truenasParser: Parser = {
  id: 'truenas',
  software: 'TrueNAS',
  types: ['Alerts'],
  match: {
    subjects: ['TrueNAS <hostname>.<domain>: Alerts', 'FreeNAS <hostname>: Alerts'],
    bodies: ['TrueNAS @ <hostname>', 'New alerts: / These alerts have been cleared: / Current alerts:'],
  },
  informational: false,
  jobNameRule:
    'the host name from the subject (`TrueNAS <host>: Alerts`): one job per system, one object per backup task alert (replication, periodic snapshot, cloud sync, cloud backup, rsync)',
  parse(mail: DecodedMessage): ParsedReport | null {
    const subject = subjectPattern.exec(mail.subject);
    if (!subject) return null;
    // The HTML part is the original; the text part is html2text output that wraps long items.
    const fromHtml = mail.html !== null;
    const text = fromHtml ? htmlToText(mail.html!) : mail.text;
    const bodyHost = bodyHostPattern.exec(text)?.[1] ?? null;
    const items = readItems(text, fromHtml);
    const isTest = /This is a test alert/.test(text);
    if (!bodyHost && items.length === 0 && !isTest) return null;

    const host = subject[1]!;
    const trace = [`job name and host "${host}" from the subject`];
    if (isTest) {
      trace.push('test alert: informational');
      return report(host, 'success', [], true, trace);
    }

    const byTask = new Map<string, ReportObject>();
    const cleared = new Set<string>();
    const ignored: string[] = [];
    // Cleared first, so that a task still (or again) alerting in the same mail keeps its current state.
    for (const section of ['cleared', 'new', 'current'] as const) {
      for (const item of items.filter((i) => i.section === section)) {
        const alert = readBackupAlert(item.text);
        if (!alert) {
          if (section !== 'cleared') ignored.push(item.text);
          continue;
        }
        const key = `${alert.type}|${alert.name}`;
        const object: ReportObject =
          section === 'cleared'
            ? { name: alert.name, type: alert.type, status: 'success', message: `alert cleared: ${item.text}` }
            : { name: alert.name, type: alert.type, status: alert.status, message: alert.message };
        const previous = byTask.get(key);
        const replace = !previous || (cleared.has(key) && section !== 'cleared') || statusRank(object.status) > statusRank(previous.status);
        if (replace) byTask.set(key, object);
        if (section === 'cleared') cleared.add(key);
        else cleared.delete(key);
        trace.push(`${section} alert → ${alert.type} "${alert.name}": ${object.status}`);
      }
    }
    const unique = [...new Set(ignored)];
    if (unique.length) trace.push(`${unique.length} alert(s) not about backups ignored, e.g. "${unique[0]}"`);

    const objects = [...byTask.values()];
    if (objects.length === 0) {
      trace.push('no backup-relevant alert: informational, status unknown');
      return report(host, 'unknown', [], true, trace);
    }
    const status = worstStatus<ReportStatus>('success', ...objects.map((o) => o.status));
    trace.push(`status ${status}: worst of the backup alerts (cleared alerts count as success)`);
    return report(host, status, objects, false, trace);
  },
};

function report(host: string, status: ReportStatus, objects: ReportObject[], informational: boolean, trace: string[]): ParsedReport {
  return { type: 'Alerts', jobName: host, host, status, informational, startedAt: null, endedAt: null, objects, trace };
}

interface Item {
  section: Section;
  text: string;
}

/**
 * The list items under each heading. From HTML every `<li>` is a line of its own; from plain text items
 * start with `*` and html2text wraps long ones onto indented continuation lines.
 */
function readItems(text: string, fromHtml: boolean): Item[] {
  const items: Item[] = [];
  let section: Section | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const heading = headings.find(([pattern]) => pattern.test(line));
    if (heading) {
      section = heading[1];
      continue;
    }
    if (!section) continue;
    const bullet = /^[*\-•]\s+(.*)$/.exec(line);
    if (fromHtml || bullet) items.push({ section, text: bullet ? bullet[1]! : line });
    else if (items.length && /^\s/.test(raw)) items[items.length - 1]!.text += ` ${line}`;
  }
  return items;
}
