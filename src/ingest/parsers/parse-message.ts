import type { ParseResult } from '../../domain/parse-result.js';
import { worstStatus } from '../../domain/status.js';
import type { DecodedMessage } from '../mime/decode.js';
import type { Parser } from './parser.js';
import { parsers as registry } from './registry.js';

/**
 * Tries the parsers in registry order; the first that claims the mail wins. A parser that throws is a
 * bug in that parser, not a reason to lose the mail: the result records the error and the mail is kept.
 */
export function parseMessage(mail: DecodedMessage, parsers: readonly Parser[] = registry): ParseResult {
  const trace: string[] = [...mail.problems.map((p) => `decode: ${p}`)];
  for (const parser of parsers) {
    let report;
    try {
      report = parser.parse(mail);
    } catch (error) {
      const reason = `parser ${parser.id} failed: ${(error as Error).message}`;
      trace.push(reason);
      return { ...emptyResult(mail, trace), parser: parser.id, software: parser.software, error: reason };
    }
    if (!report) continue;
    trace.push(`parser ${parser.id} claimed the mail`, ...report.trace);
    const objectStatuses = report.objects.map((o) => o.status);
    const status = worstStatus(report.status, ...objectStatuses);
    if (status !== report.status) trace.push(`status ${status}: worst of the overall status ${report.status} and the objects`);
    return {
      parser: parser.id,
      software: report.software ?? parser.software,
      type: report.type,
      jobName: report.jobName,
      host: report.host,
      status,
      informational: report.informational ?? parser.informational,
      startedAt: report.startedAt,
      endedAt: report.endedAt,
      sender: mail.fromAddress,
      subject: mail.subject,
      objects: report.objects,
      confidence: report.confidence ?? 'high',
      trace,
      error: mail.unreadableBody,
    };
  }
  trace.push('no parser claimed the mail');
  return { ...emptyResult(mail, trace), error: mail.unreadableBody };
}

/** The result for a mail that could not be decoded at all: `parser: null`, status unknown. */
export function undecodableResult(reason: string): ParseResult {
  return {
    parser: null, software: null, type: null, jobName: null, host: null, status: 'unknown', informational: false,
    startedAt: null, endedAt: null, sender: null, subject: null, objects: [], confidence: 'low',
    trace: [`decode: ${reason}`], error: reason,
  };
}

function emptyResult(mail: DecodedMessage, trace: string[]): ParseResult {
  return {
    parser: null, software: null, type: null, jobName: null, host: null, status: 'unknown', informational: false,
    startedAt: null, endedAt: null, sender: mail.fromAddress, subject: mail.subject, objects: [], confidence: 'low',
    trace, error: null,
  };
}
