import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { statusFromWords, statusWordPatterns } from '../support/keywords.js';

/**
 * The fallback for mails no product parser claims. It always answers: a status from multilingual
 * keywords (subject first, then body), `unknown` when no keyword matches, and a job name made from the
 * subject. Its result is low-confidence.
 */
export const genericParser: Parser = {
  id: 'generic',
  software: 'Unknown',
  types: ['Unknown'],
  match: { subjects: ['(any mail no other parser claims)'] },
  informational: false,
  jobNameRule: 'subject without dates, times, counts, host names, status words and bracketed tags',
  parse(mail: DecodedMessage): ParsedReport {
    const trace: string[] = [];
    const fromSubject = statusFromWords(mail.subject);
    const fromBody = statusFromWords(mail.text.slice(0, 20_000));
    // The body decides when it is worse than the subject: "Backup OK" with errors in the body is not a success.
    const verdict = rank(fromBody.status) > rank(fromSubject.status) ? fromBody : fromSubject;
    const where = verdict === fromSubject ? 'subject' : 'body';
    trace.push(
      verdict.word
        ? `status ${verdict.status}: keyword "${verdict.word}" in the ${where}`
        : 'status unknown: no status keyword in the subject or body',
    );
    const jobName = jobNameFromSubject(mail.subject);
    trace.push(`job name "${jobName}" from the subject with dates, times, counts, hosts and status words removed`);
    return {
      software: senderSoftware(mail),
      type: 'Unknown',
      jobName,
      host: null,
      status: verdict.status,
      startedAt: null,
      endedAt: null,
      objects: [],
      confidence: 'low',
      trace,
    };
  },
};

function rank(status: string): number {
  return status === 'failed' ? 3 : status === 'warning' ? 2 : status === 'success' ? 1 : 0;
}

/** The generic software name stays "Unknown": the sender address keeps different products' keys apart. */
function senderSoftware(_mail: DecodedMessage): string {
  return 'Unknown';
}

export function jobNameFromSubject(subject: string): string {
  let name = subject
    .replace(/^((re|fwd?|aw|wg|tr|rv)\s*:\s*)+/i, '')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?/g, ' ')
    .replace(/\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g, ' ')
    .replace(/\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}\b/gi, ' ')
    .replace(/\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b/gi, ' ')
    .replace(/\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/gi, ' ')
    .replace(/\(\s*\d+\s*(?:of|\/|von|van|de|di|sur)?\s*\d*\s*[a-zäöüéè]*\s*\)/gi, ' ')
    .replace(/\b\d+\s*(?:\/|of|von|van|de|di|sur)\s*\d+\b/gi, ' ')
    .replace(/\b\d+\s+(?:objects?|vms?|items?|files?|errors?|warnings?|failed|issues?)\b/gi, ' ')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, ' ')
    .replace(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]{2,}\b/gi, ' ');
  for (const pattern of statusWordPatterns) name = name.replace(new RegExp(pattern.source, 'gi'), ' ');
  name = name
    .replace(/\[\s*\]|\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–:|,.;!\]]+|[\s\-–:|,.;!\[]+$/g, '')
    .trim();
  // Removing a host or time can leave its preposition behind: "Backup of X failed at 10:00" → "Backup of".
  let previous;
  do {
    previous = name;
    name = name.replace(/[\s\-–:|,]+(?:at|on|for|from|auf|um|am|von|op|om|van|sur|à|le|su|alle|em|a las|en)$/i, '').trim();
  } while (name !== previous);
  return name || '(no subject)';
}
