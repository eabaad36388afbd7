import type { DecodedMessage } from '../../mime/decode.js';

/**
 * Reading helpers for PBS notification mails (proxmox-backup `templates/default/*.txt.hbs`): text only,
 * labels padded with spaces to align their values, a closing link to the web interface.
 */
export interface PbsText {
  lines: string[];
  /** First value of each `Label: value` line; split on the first colon because values hold colons (UPIDs). */
  labels: Map<string, string>;
  /** The fqdn of the closing `<https://<fqdn>:<port>/#…>` link. */
  linkHost: string | null;
  /** `<host>` of the default author `Proxmox Backup Server - <host>`. */
  authorHost: string | null;
}

export function readPbsText(mail: DecodedMessage): PbsText {
  const lines = mail.text.split(/\r?\n/).map((l) => l.replace(/\s+$/, ''));
  const labels = new Map<string, string>();
  for (const line of lines) {
    const m = /^([A-Z][A-Za-z ]{1,30}):\s+(\S.*)$/.exec(line.trim());
    if (m && !labels.has(m[1]!)) labels.set(m[1]!, m[2]!.trim());
  }
  const link = /<https?:\/\/([^:/>\s]+)(?::\d+)?\/#[^>]*>/.exec(mail.text);
  const author = /^Proxmox Backup Server\s*-\s*(\S+)/i.exec(mail.fromName ?? '');
  return { lines, labels, linkHost: link?.[1] ?? null, authorHost: author?.[1] ?? null };
}

/** Whether the mail carries PBS's own marks beyond the subject: the default author or the web-interface link. */
export function hasPbsMarks(text: PbsText, mail: DecodedMessage): boolean {
  return (
    text.authorHost !== null ||
    /Please visit the web interface for further details:/.test(mail.text) ||
    /<https?:\/\/[^>]+:8007\/#/.test(mail.text)
  );
}

/** The lines after a heading line, up to the next blank line that is followed by a non-indented line. */
export function listAfter(lines: string[], heading: RegExp): string[] {
  const start = lines.findIndex((l) => heading.test(l.trim()));
  if (start < 0) return [];
  const items: string[] = [];
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (!line) {
      if (items.length) break;
      continue;
    }
    if (/^(Duration|Used Tapes|Tape Backup|Please visit)\b/.test(line)) break;
    items.push(line);
  }
  return items;
}

/**
 * The text after `<what> failed: ` up to the blank line that ends it (errors may span lines), or
 * null when the line says `<what> successful.`.
 */
export function failureText(lines: string[], what: string): string | null {
  const start = lines.findIndex((l) => l.trim().startsWith(`${what} failed`));
  if (start < 0) return null;
  const after = lines[start]!.trim().slice(`${what} failed`.length);
  // `Verification failed on these snapshots/groups:` introduces a list, read by the caller.
  if (!after.startsWith(':')) return after.trim() || '(no error text)';
  const first = after.replace(/^:\s*/, '');
  const rest: string[] = [];
  for (let i = start + 1; i < lines.length && lines[i]!.trim() && !/^Please visit/.test(lines[i]!.trim()); i += 1) {
    rest.push(lines[i]!.trim());
  }
  return [first, ...rest].filter(Boolean).join(' ') || '(no error text)';
}

/**
 * A UPID (`UPID:<node>:<pid>:<pstart>:<task-id>:<starttime>:<type>:<id>:<user>:`) carries the task
 * start as hex Unix seconds: an absolute time, no zone needed.
 */
export function upidStart(upid: string | undefined): Date | null {
  const m = /^UPID:[^:]+:[0-9A-F]{8}:[0-9A-F]{8,}:[0-9A-F]{8}:([0-9A-F]{8}):/i.exec(upid ?? '');
  if (!m) return null;
  const date = new Date(parseInt(m[1]!, 16) * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}
