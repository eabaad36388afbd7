import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';

/**
 * The VBR job report (FORMATS §5.2), read from its HTML turned into text: one line per table row,
 * cells separated by TAB. Layout: header `<Type> job: <Job name>` with the job description below it
 * and the result word in the next cell; the session start as a long date; a summary grid of
 * label/value pairs; then a `Name / Status / Start time / …` header and one row per object with the
 * per-object message in the ninth cell.
 */
export interface JobReport {
  kind: string | null;
  jobName: string | null;
  result: string | null;
  sessionDate: string | null;
  /** Summary grid values by label (`Start time`, `End time`, `Duration`, `Backup size`, `Success`, …). */
  summary: Map<string, string>;
  /** Session-level warning/error text from the summary's right-hand cell. */
  sessionMessage: string | null;
  objects: ReportObject[];
  footer: string | null;
}

const headerPattern = /^(.{2,40}?\bjob):\s*(.+)$/i;
const resultWords = /^(Success|Warning|Failed|Error|Succeeded)$/i;
const summaryLabels = new Set([
  'Success', 'Warning', 'Error', 'Start time', 'End time', 'Duration', 'Total size', 'Backup size', 'Data read',
  'Dedupe', 'Transferred', 'Compression', 'Processed', 'Read', 'Bottleneck',
]);

export function readJobReport(text: string): JobReport {
  const rows = text.split(/\r?\n/).map((line) => line.split('\t').map((cell) => cell.trim()));
  const objectHeader = rows.findIndex((r) => r[0] === 'Name' && r[1] === 'Status');
  const top = objectHeader < 0 ? rows : rows.slice(0, objectHeader);

  const headerRow = top.findIndex((r) => r.length >= 1 && headerPattern.test(r[0]!) && !/^Created by\b/i.test(r[0]!));
  const header = headerRow >= 0 ? headerPattern.exec(top[headerRow]![0]!) : null;
  const summaryStart = top.findIndex((r) => r[0] === 'Success' && r.includes('Start time'));
  const headEnd = summaryStart >= 0 ? summaryStart : Math.min(top.length, headerRow + 6);

  let result: string | null = null;
  let sessionDate: string | null = null;
  for (const row of top.slice(Math.max(headerRow, 0), headEnd)) {
    for (const cell of row) {
      if (!result && resultWords.test(cell)) result = cell;
      // The last date-like cell before the summary: the session row follows the free-text job description.
      else if (/\d{4}/.test(cell) && /\d{1,2}:\d{2}(:\d{2})?/.test(cell) && !/^Created by\b/i.test(cell)) sessionDate = cell;
    }
  }

  const summary = new Map<string, string>();
  let sessionMessage: string | null = null;
  for (const row of top.slice(Math.max(summaryStart, 0))) {
    for (let i = 0; i + 1 < row.length; i += 1) {
      const label = row[i]!.replace(/:$/, '');
      if (summaryLabels.has(label) && !summary.has(label) && row[i + 1] !== '') summary.set(label, row[i + 1]!);
    }
    // The summary's right-hand `rowspan` cell (session warnings/errors) follows the fourth pair.
    if (summaryStart >= 0 && row === top[summaryStart] && row.length > 8) sessionMessage = row.slice(8).join(' ').trim() || null;
  }

  const footerRow = rows.find((r) => /^Veeam Backup & Replication\b/.test(r[0] ?? ''));
  return {
    kind: header ? header[1]!.trim() : null,
    jobName: header ? header[2]!.trim() : null,
    result,
    sessionDate,
    summary,
    sessionMessage,
    objects: objectHeader < 0 ? [] : readObjects(rows.slice(objectHeader + 1)),
    footer: footerRow ? footerRow[0]! : null,
  };
}

function readObjects(rows: string[][]): ReportObject[] {
  const objects: ReportObject[] = [];
  for (const row of rows) {
    const cells = row;
    if (cells.length === 1 && cells[0] === '') continue;
    if (/^Veeam Backup & Replication\b/.test(cells[0] ?? '')) break;
    const status = objectStatus(cells[1] ?? '');
    if (cells.length >= 2 && cells[0] && status) {
      const message = cells.slice(8).join(' ').trim();
      objects.push({ name: cells[0], type: null, status, message: message || null });
    } else if (cells.length === 1 && cells[0] && objects.length) {
      // A per-object message broken over several lines (`<br>`) continues on rows of one cell.
      const last = objects[objects.length - 1]!;
      last.message = last.message ? `${last.message} ${cells[0]}` : cells[0];
    }
  }
  return objects;
}

/** Object status words in real mails: Success, Warning, Failed (MimicReport's `Error` read as failed). */
export function objectStatus(word: string): ReportStatus | null {
  if (/^(Success|Succeeded)$/i.test(word)) return 'success';
  if (/^Warning$/i.test(word)) return 'warning';
  if (/^(Failed|Error)$/i.test(word)) return 'failed';
  if (/^(Pending|In progress|Running|Skipped|None)$/i.test(word)) return 'unknown';
  return null;
}

/** Sizes as the server locale writes them: `31.6 GB`, `29,8 GB`, `1.234,5 GB`, `1,234.5 GB`. */
export function sizeInGigabytes(text: string | undefined): number | null {
  const m = /^([\d.,\s\u00a0]+)\s*([KMGTP]?B)$/i.exec(text?.trim() ?? '');
  if (!m) return null;
  let digits = m[1]!.replace(/[\s\u00a0]/g, '');
  const lastComma = digits.lastIndexOf(',');
  const lastDot = digits.lastIndexOf('.');
  // The later separator is the decimal one; a lone comma is decimal too (German locale: `29,8 GB`).
  if (lastComma > lastDot) digits = digits.replace(/\./g, '').replace(',', '.');
  else digits = digits.replace(/,/g, '');
  const value = Number(digits);
  if (!Number.isFinite(value)) return null;
  const power = { B: -3, KB: -2, MB: -1, GB: 0, TB: 1, PB: 2 }[m[2]!.toUpperCase()] ?? 0;
  return value * 1024 ** power;
}
