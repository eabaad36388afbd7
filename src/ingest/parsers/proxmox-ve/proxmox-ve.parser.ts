import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { parseReplication, parseUpdates } from './other-mails.js';
import { parseVzdump } from './vzdump.js';

/** Proxmox VE: vzdump backup jobs (PVE 8.1+ and legacy ≤ 8.0), replication failures, update notices. */
export const proxmoxVeParser: Parser = {
  id: 'proxmox-ve',
  software: 'Proxmox VE',
  types: ['Backup Job', 'Replication Job', 'Package Updates'],
  match: {
    subjects: [
      'vzdump backup status (<host>): backup successful|failed',
      'vzdump backup status (<host>) : … (PVE ≤ 8.0)',
      "Replication Job: '<job-id>' failed",
      'New software packages available (<host>)',
    ],
    bodies: ['VMID Name Status Time Size Filename table', "Replication job '<id>' with target", 'The following updates are available'],
  },
  informational: false,
  jobNameRule:
    'vzdump: the host (fqdn) from the subject, as vzdump mails name no job; replication: the job id from the subject; update notices: the host from the subject',
  parse(mail: DecodedMessage): ParsedReport | null {
    return parseVzdump(mail) ?? parseReplication(mail) ?? parseUpdates(mail);
  },
};
