import type { Parser } from './parser.js';
import { duplicatiParser } from './duplicati/duplicati.parser.js';
import { burpParser } from './burp/burp.parser.js';
import { kopiaParser } from './kopia/kopia.parser.js';
import { bareosParser } from './bareos/bareos.parser.js';
import { baculaParser } from './bacula/bacula.parser.js';
import { backuppcParser } from './backuppc/backuppc.parser.js';
import { xenOrchestraParser } from './xen-orchestra/xen-orchestra.parser.js';
import { hypervBackupUtilityParser } from './hyperv-backup-utility/hyperv-backup-utility.parser.js';
import { ghettovcbParser } from './ghettovcb/ghettovcb.parser.js';
import { openmediavaultParser } from './openmediavault/openmediavault.parser.js';
import { synologyHyperBackupParser } from './synology-hyperbackup/synology-hyperbackup.parser.js';
import { cobianReflectorParser } from './cobian-reflector/cobian-reflector.parser.js';
import { proxmoxVeParser } from './proxmox-ve/proxmox-ve.parser.js';
import { proxmoxBackupServerParser } from './proxmox-backup-server/proxmox-backup-server.parser.js';
import { truenasParser } from './truenas/truenas.parser.js';
import { veeamParser } from './veeam/veeam.parser.js';
import { genericParser } from './generic/generic.parser.js';

/**
 * Every parser, in the order they are tried: specific before generic. The first that claims a mail
 * wins, so order is precedence. Adding a parser is one folder plus one line here; a test fails when a
 * parser folder is missing from this list.
 */
export const parsers: readonly Parser[] = [
  duplicatiParser,
  burpParser,
  kopiaParser,
  bareosParser,
  baculaParser,
  backuppcParser,
  xenOrchestraParser,
  hypervBackupUtilityParser,
  ghettovcbParser,
  openmediavaultParser,
  synologyHyperBackupParser,
  cobianReflectorParser,
  proxmoxVeParser,
  proxmoxBackupServerParser,
  truenasParser,
  veeamParser,
  genericParser,
];
