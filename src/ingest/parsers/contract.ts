import type { ParseResult } from '../../domain/parse-result.js';

/** The parse result contract of DESIGN §4, one JSON object per file, as `backupchecks parse --json` prints it. */
export interface ParseContract {
  file: string;
  parser: string | null;
  software: string | null;
  type: string | null;
  jobName: string | null;
  host: string | null;
  status: ParseResult['status'];
  informational: boolean;
  startedAt: string | null;
  endedAt: string | null;
  sender: string | null;
  subject: string | null;
  objects: ParseResult['objects'];
  confidence: ParseResult['confidence'];
  trace: string[];
}

export function toContract(file: string, result: ParseResult): ParseContract {
  return {
    file,
    parser: result.parser,
    software: result.software,
    type: result.type,
    jobName: result.jobName,
    host: result.host,
    status: result.status,
    informational: result.informational,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    sender: result.sender,
    subject: result.subject,
    objects: result.objects,
    confidence: result.confidence,
    trace: result.trace,
  };
}

/** The contract without `file` and `trace`: what a fixture's `*.expected.json` holds. */
export function expectedShape(result: ParseResult): Omit<ParseContract, 'file' | 'trace'> {
  const { file: _file, trace: _trace, ...rest } = toContract('', result);
  return rest;
}
