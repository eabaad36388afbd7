import { Alert, Badge, Code, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { InboxDetail } from '../../api/types';
import { StatusBadge } from '../StatusBadge';
import { formatTime } from '../format';
import { ParseStateBadge } from './ParseStateBadge';

function Fields({ label, rows }: { label: string; rows: [string, ReactNode][] }) {
  return (
    <Table withTableBorder variant="vertical" aria-label={label}>
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th w={160}>{name}</Table.Th>
            <Table.Td>{value ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The mail's headers as stored. */
export function InboxHeaders({ detail }: { detail: InboxDetail }) {
  return (
    <Fields
      label="Headers"
      rows={[
        ['From', detail.from],
        ['Subject', detail.subject],
        ['Received', formatTime(detail.receivedAt)],
      ]}
    />
  );
}

/** What the parser read from the mail, and why it could not if it failed. */
export function InboxParsedFields({ detail }: { detail: InboxDetail }) {
  return (
    <>
      {detail.parseError && (
        <Alert color="red" title="Parse error">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{detail.parseError}</Text>
        </Alert>
      )}
      {detail.tooLarge && <Alert color="yellow">This mail was too large to store in full.</Alert>}
      <Fields
        label="Parsed fields"
        rows={[
          ['Parse state', <ParseStateBadge state={detail.parseState} />],
          ['Parser', detail.parser],
          ['Backup software', detail.backupSoftware],
          ['Backup type', detail.backupType],
          ['Job name', detail.jobName],
          ['Host', detail.host],
          ['Overall', <Group gap="xs"><StatusBadge status={detail.status} />{detail.informational && <Badge color="gray" variant="outline">Informational</Badge>}</Group>],
          ['Started', formatTime(detail.startedAt)],
          ['Ended', formatTime(detail.endedAt)],
          ['Job key', detail.jobKey ? <Code>{readableKey(detail.jobKey)}</Code> : null],
        ]}
      />
    </>
  );
}

/** A job key is stored as a JSON array (sender, host, software, type, name); shown as its parts. */
function readableKey(key: string): string {
  try {
    const parts = JSON.parse(key) as unknown[];
    return parts.map((p) => (p === '' || p === null ? '(any host)' : String(p))).join(' · ');
  } catch {
    return key;
  }
}
