import type { LocalDateTime } from './time.js';

/** One line of a product log that starts with an ISO-like local timestamp `YYYY-MM-DD HH:MM:SS`. */
export interface TimestampedLine {
  local: LocalDateTime;
  /** The timestamp as written, for traces. */
  stamp: string;
  /** The text after the timestamp, trimmed. */
  rest: string;
}

const stampPattern = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*(.*)$/;

/**
 * Many script-based tools (ghettoVCB, Hyper-V Backup Utility, Cobian Reflector) mail their log with a
 * zone-less local timestamp at the start of each line. Returns null for lines without one (continuation
 * lines of a wrapped message).
 */
export function readTimestampedLine(line: string): TimestampedLine | null {
  const m = stampPattern.exec(line);
  if (!m) return null;
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  return { local, stamp: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`, rest: (m[7] ?? '').trim() };
}

/** The lines of a mail body, without line-end characters. */
export function bodyLines(text: string): string[] {
  return text.split(/\r?\n/);
}
