import type { ReportStatus } from '../../../domain/status.js';

/**
 * Backup-relevant alert texts of the TrueNAS middleware (`alert/source/replication.py`, `rsync.py`,
 * `plugins/cloud_sync`, `plugins/cloud_backup`). Not anchored at the start: on HA systems each item
 * is prefixed `<node> - `.
 */
export interface BackupAlert {
  type: string;
  name: string;
  status: ReportStatus;
  message: string | null;
}

const patterns: { type: string; pattern: RegExp; read: (m: RegExpExecArray) => Omit<BackupAlert, 'type'> }[] = [
  {
    type: 'Replication',
    pattern: /Replication "(.+)" succeeded\.?$/,
    read: (m) => ({ name: m[1]!, status: 'success', message: null }),
  },
  {
    type: 'Replication',
    pattern: /Replication "(.+?)" failed: ([\s\S]*)$/,
    read: (m) => ({ name: m[1]!, status: 'failed', message: trimPeriod(m[2]!) }),
  },
  {
    type: 'Snapshot Task',
    pattern: /Snapshot Task For Dataset "(.+?)" failed: ([\s\S]*)$/,
    read: (m) => ({ name: m[1]!, status: 'failed', message: trimPeriod(m[2]!) }),
  },
  {
    type: 'Cloud Sync',
    pattern: /Cloud sync task "(.+)" failed\.?$/,
    read: (m) => ({ name: m[1]!, status: 'failed', message: null }),
  },
  {
    type: 'Cloud Backup',
    pattern: /Cloud backup task "(.+)" failed\.?$/,
    read: (m) => ({ name: m[1]!, status: 'failed', message: null }),
  },
  {
    // `Rsync "<direction>" task for "<path>" …`: one task per path and direction, so both name it.
    type: 'Rsync',
    pattern: /Rsync "(.+?)" task for "(.+)" (succeeded|failed)\.?$/,
    read: (m) => ({ name: `${m[2]} (${m[1]})`, status: m[3] === 'failed' ? 'failed' : 'success', message: null }),
  },
];

export function readBackupAlert(text: string): BackupAlert | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  for (const { type, pattern, read } of patterns) {
    const m = pattern.exec(clean);
    if (m) return { type, ...read(m) };
  }
  return null;
}

/** The alert text ends the message with a period of its own (`failed: %(message)s.`). */
function trimPeriod(message: string): string | null {
  const text = message.trim().replace(/\.$/, '').trim();
  return text || null;
}
