import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { baculaFamilyTypes, parseBaculaFamilyReport } from '../support/bacula-family.js';

/**
 * Bacula director job mails (job log + job report). Bareos writes the same layout; the shared reader
 * tells them apart by the report header "Bacula <director> <version> (<date>):", then the subject
 * prefix "Bacula:", the From name "(Bacula)" and bacula-dir/-sd/-fd daemon names.
 */
export const baculaParser: Parser = {
  id: 'bacula',
  software: 'Bacula',
  types: baculaFamilyTypes,
  match: {
    senders: ['From name "(Bacula)" (bsmtp default)'],
    subjects: ['Bacula: <type> <exit status> of <client> <level>'],
    bodies: ['report header "Bacula <director> <version> (<build date>):"', 'Job:, Backup Level:, Client:, Start time:, End time:, Termination:', '"<daemon> JobId N: Error:/Fatal error:/Warning:" log lines'],
  },
  informational: false,
  jobNameRule: 'the Job: name without the run suffix Bacula appends (Nightly.2024-01-15_01.00.00_05 → Nightly); host is the Client: name',
  parse(mail: DecodedMessage): ParsedReport | null {
    return parseBaculaFamilyReport(mail, 'Bacula');
  },
};
