import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines } from '../support/log-lines.js';
import { addSeconds, localToUtc, monthFromName } from '../support/time.js';

/**
 * Synology Hyper Backup task mails (FORMATS.md §4.2, German strings real). Most arrive through Synology's
 * shared relay `sns@synologynotification.com`, one sender for every customer's NAS, so the NAS name is
 * essential: the signature `Von <host>`, the failure sentence `Die Datensicherung auf <host> ist
 * fehlgeschlagen.` or the subject's `… auf <host>`. The success and failure mails label the target
 * differently (`Datensicherungsziel:` / `Sicherungsziel:`) and the start (`Startzeit:` / `Start:`); the
 * failure mail's duration unit is untranslated English (`Dauer: 0 Second`).
 * English mails are not verified: only the DSM event phrases FORMATS.md §4.1/§4.3 quote are accepted,
 * as a low-confidence fallback.
 */
const relay = 'sns@synologynotification.com';

const unitSeconds: [RegExp, number][] = [
  [/^(?:tage?|days?)$/i, 86_400],
  [/^(?:stunden?|hours?)$/i, 3_600],
  [/^(?:minuten?|minutes?)$/i, 60],
  [/^(?:sekunden?|seconds?)$/i, 1],
];

export const synologyHyperBackupParser: Parser = {
  id: 'synology-hyperbackup',
  software: 'Synology Hyper Backup',
  types: ['Backup Task'],
  match: {
    senders: [relay, '(any, with the German Hyper Backup body)'],
    subjects: ['[<prefix>] <destination kind> backup - <task> erfolgreich auf <host>'],
    bodies: [
      'Datensicherungsaufgabe: <task> + (Datensicherungsziel|Sicherungsziel): … .hbk',
      'Die Datensicherung auf <host> ist fehlgeschlagen.',
      'English fallback (unverified): "… on <host> has failed / partially completed / has successfully completed" with Hyper Backup',
    ],
  },
  informational: false,
  jobNameRule: 'the task name from "Datensicherungsaufgabe: <task>"; host (the NAS) kept separately',
  parse(mail: DecodedMessage): ParsedReport | null {
    const lines = bodyLines(mail.text).map((l) => l.trim());
    const taskLine = lines.find((l) => /^Datensicherungsaufgabe:\s*\S/i.test(l));
    const targetLine = lines.find((l) => /^(?:Datensicherungs|Sicherungs)ziel:.*\.hbk\b/i.test(l));
    const german = Boolean(taskLine && (targetLine || /Hyper Backup/i.test(mail.text)));
    const fromRelay = mail.fromAddress === relay;
    const english = !german && fromRelay && /Hyper Backup|\.hbk\b/i.test(`${mail.subject}\n${mail.text}`) && englishVerdict(mail) !== null;
    if (!german && !english) return null;
    const trace: string[] = [];
    if (english) trace.push('English mail: matched only by the unverified English fallback phrases (low confidence)');

    const { status, host: hostFromVerdict } = german ? germanVerdict(mail, lines, trace) : englishVerdict(mail)!;
    if (english) trace.push(`status ${status}: English DSM event phrase`);

    const named = readHost(mail, lines, trace);
    const host = named ?? hostFromVerdict;
    if (!named && hostFromVerdict) trace.push(`host "${hostFromVerdict}" from the event sentence "… on <host> …"`);
    if (!host) trace.push(`host unknown${fromRelay ? ' although the mail came through the shared relay: job keys of different NAS may collide' : ''}`);

    let jobName = taskLine?.replace(/^Datensicherungsaufgabe:\s*/i, '').trim() || null;
    if (jobName) trace.push(`job name "${jobName}" from "Datensicherungsaufgabe:"`);
    if (!jobName) {
      jobName = /Ihre Datensicherungsaufgabe (.+?) ist jetzt abgeschlossen/i.exec(mail.text)?.[1]?.trim() ?? null;
      trace.push(jobName ? `job name "${jobName}" from the first sentence` : 'job name null: the mail names no task');
    }

    const startLine = lines.find((l) => /^(?:Startzeit|Start):\s*\S/i.test(l));
    const startedAt = startLine ? readStart(startLine, mail, trace) : null;
    if (!startLine) trace.push('startedAt null: no "Startzeit:"/"Start:" line');
    const durationLine = lines.find((l) => /^Dauer:/i.test(l));
    const seconds = durationLine ? readDuration(durationLine.replace(/^Dauer:\s*/i, '')) : null;
    const endedAt = addSeconds(startedAt, seconds);
    trace.push(
      endedAt
        ? `endedAt ${endedAt}: start + "${durationLine}" (${seconds} s)`
        : `endedAt null: ${durationLine ? `"${durationLine}" not readable` : 'no "Dauer:" line'}${startedAt ? '' : ' or no start'}`,
    );

    return {
      type: 'Backup Task',
      jobName,
      host,
      status,
      startedAt,
      endedAt,
      objects: [],
      confidence: english ? 'low' : 'high',
      trace,
    };
  },
};

/** Failure words beat warning words beat the success sentence; the subject's "erfolgreich" alone is not enough against the body. */
function germanVerdict(mail: DecodedMessage, lines: string[], trace: string[]): { status: ReportStatus; host: string | null } {
  const failure = lines.find((l) => /fehlgeschlagen/i.test(l));
  if (failure) {
    trace.push(`status failed: "${failure}"`);
    return { status: 'failed', host: null };
  }
  if (/fehlgeschlagen/i.test(mail.subject)) {
    trace.push('status failed: "fehlgeschlagen" in the subject');
    return { status: 'failed', host: null };
  }
  // backup-monitor3 (written against real mails) looks for WARNUNGEN; "teilweise" is DSM's "partially".
  const warning = [mail.subject, ...lines].find((l) => /WARNUNG|teilweise/i.test(l));
  if (warning) {
    trace.push(`status warning: "${warning}"`);
    return { status: 'warning', host: null };
  }
  const done = lines.find((l) => /ist jetzt abgeschlossen/i.test(l));
  if (done || /\berfolgreich\b/i.test(mail.subject)) {
    trace.push(`status success: ${done ? `"${done}"` : '"erfolgreich" in the subject'}`);
    return { status: 'success', host: null };
  }
  trace.push('status unknown: no German status sentence');
  return { status: 'unknown', host: null };
}

/** [UNVERIFIED] English DSM event phrases from FORMATS.md §4.1/§4.3 only. */
function englishVerdict(mail: DecodedMessage): { status: ReportStatus; host: string | null } | null {
  const text = `${mail.subject}\n${mail.text}`;
  const checks: [RegExp, ReportStatus][] = [
    [/\bon\s+(\S+?)\s+has failed\b/i, 'failed'],
    [/\bon\s+(\S+?)\s+partially completed\b/i, 'warning'],
    [/\bon\s+(\S+?)\s+has successfully completed\b/i, 'success'],
  ];
  for (const [pattern, status] of checks) {
    const m = pattern.exec(text);
    if (m) return { status, host: m[1]! };
  }
  return null;
}

function readHost(mail: DecodedMessage, lines: string[], trace: string[]): string | null {
  const signatures = lines.map((l) => /^Von\s+(\S+)$/.exec(l)?.[1]).filter((h): h is string => Boolean(h));
  const signature = signatures[signatures.length - 1] ?? null;
  const sentence = /Die Datensicherung auf (\S+) ist fehlgeschlagen/i.exec(lines.join('\n'))?.[1] ?? null;
  const subject = /\sauf\s+(\S+)\s*$/i.exec(mail.subject)?.[1] ?? null;
  const host = signature ?? sentence ?? subject;
  if (!host) return null;
  const where = signature ? 'the signature "Von <host>"' : sentence ? 'the failure sentence' : 'the subject "… auf <host>"';
  trace.push(`host "${host}" from ${where}`);
  if (subject && subject !== host) trace.push(`the subject names another host "${subject}"; the body wins`);
  return host;
}

/** `Sa, 25 Jan 2025 02:00:01`: weekday abbreviation, day, month abbreviation, year, time; no zone. */
function readStart(line: string, mail: DecodedMessage, trace: string[]): string | null {
  const m = /:\s*(?:[A-Za-zÄÖÜäöü]{2,3}\.?,\s*)?(\d{1,2})\.?\s+([A-Za-zÄÖÜäöüé]+)\.?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(line);
  const month = m ? monthFromName(m[2]!) : null;
  if (!m || !month) {
    trace.push(`startedAt null: "${line}" not readable`);
    return null;
  }
  const local = { year: Number(m[3]), month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) };
  return localToUtc(local, mail, trace, `startedAt ("${line}")`);
}

/** `14 Minuten 26 Sekunden`, `1 Stunde 2 Minuten`, `0 Second`: German or untranslated English units. */
export function readDuration(text: string): number | null {
  const pairs = [...text.matchAll(/(\d+)\s*([A-Za-z]+)/g)];
  let total = 0;
  let understood = 0;
  for (const [, amount, unit] of pairs) {
    const factor = unitSeconds.find(([pattern]) => pattern.test(unit!))?.[1];
    if (factor === undefined) continue;
    total += Number(amount) * factor;
    understood++;
  }
  return understood > 0 ? total : null;
}
