import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { baculaFamilyTypes, parseBaculaFamilyReport } from '../support/bacula-family.js';

/**
 * Bareos director job mails (job log + job report). Bareos kept the layout of Bacula, which it forked;
 * the shared reader tells them apart by the report header "Bareos <director> <version> (<date>):", then
 * the subject prefix "Bareos:", the From name "(Bareos)" and bareos-dir/-sd/-fd daemon names.
 */
export const bareosParser: Parser = {
  id: 'bareos',
  software: 'Bareos',
  types: baculaFamilyTypes,
  match: {
    senders: ['From name "(Bareos)" (bsmtp default)'],
    subjects: ['Bareos: <type> <exit status> of <client> <level>'],
    bodies: ['report header "Bareos <director> <version> (<build date>):"', 'Job:, Backup Level:, Client:, Start time:, End time:, Termination:', '"<daemon> JobId N: Error:/Fatal error:/Warning:" log lines'],
  },
  informational: false,
  jobNameRule: 'the Job: name without the run suffix Bareos appends (Nightly.2024-01-15_01.00.00_05 → Nightly); host is the Client: name',
  parse(mail: DecodedMessage): ParsedReport | null {
    return parseBaculaFamilyReport(mail, 'Bareos');
  },
};
