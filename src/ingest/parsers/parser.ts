import type { ReportObject } from '../../domain/parse-result.js';
import type { ReportStatus } from '../../domain/status.js';
import type { DecodedMessage } from '../mime/decode.js';

/** What a parser found in a mail it recognised. Software comes from the parser unless it names another. */
export interface ParsedReport {
  software?: string;
  type: string;
  jobName: string | null;
  host: string | null;
  status: ReportStatus;
  informational?: boolean;
  startedAt: string | null;
  endedAt: string | null;
  objects: ReportObject[];
  confidence?: 'high' | 'low';
  /** Why the parser decided what it did: which line set the status, where each time came from. */
  trace: string[];
}

/** Shown on the Parsers page and by `backupchecks parsers --json`; the parse function decides. */
export interface MatchCriteria {
  senders?: string[];
  subjects?: string[];
  bodies?: string[];
}

export interface Parser {
  /** Stable id, "<product>.<kind>"; part of the contract. */
  id: string;
  software: string;
  types: string[];
  match: MatchCriteria;
  /** Whether this parser's mails are informational (not runs that count); a result may also say so. */
  informational: boolean;
  /** How the job name is chosen; pinned by the contract snapshot test (job keys are built from it). */
  jobNameRule: string;
  /** Returns null for "not mine". Must not throw for a malformed mail. */
  parse(mail: DecodedMessage): ParsedReport | null;
}
