import type { ReportStatus } from './status.js';

export interface ReportObject {
  name: string;
  type: string | null;
  status: ReportStatus;
  message: string | null;
}

/** What one parse of one message produced: the contract of DESIGN §4 without the file name. */
export interface ParseResult {
  /** "generic" for the fallback; null only when the mail could not be decoded at all. */
  parser: string | null;
  software: string | null;
  type: string | null;
  jobName: string | null;
  host: string | null;
  status: ReportStatus;
  informational: boolean;
  startedAt: string | null;
  endedAt: string | null;
  sender: string | null;
  subject: string | null;
  objects: ReportObject[];
  confidence: 'high' | 'low';
  trace: string[];
  /** Set when a parser threw or the mail could not be decoded; the message is kept with this reason. */
  error: string | null;
}
