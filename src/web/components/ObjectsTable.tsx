import { Code, Stack, Table, Text } from '@mantine/core';
import type { RunObject } from '../api/types';
import { OverrideRuleBadge } from './run-checks/Badges';
import { StatusBadge } from './StatusBadge';

export function ObjectsTable({ objects }: { objects: RunObject[] }) {
  if (objects.length === 0) return <Text c="dimmed" size="sm">No objects in this report.</Text>;
  return (
    <Table striped withTableBorder aria-label="Objects">
      <Table.Thead>
        <Table.Tr><Table.Th>Object</Table.Th><Table.Th>Type</Table.Th><Table.Th>Status</Table.Th><Table.Th>Message</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {objects.map((o, i) => (
          <Table.Tr key={`${o.name}-${i}`}>
            <Table.Td>{o.name}</Table.Td><Table.Td>{o.type ?? '—'}</Table.Td><Table.Td><StatusBadge status={o.status} overridden={o.overridden} /> <OverrideRuleBadge rule={o.overrideRule} /></Table.Td><Table.Td>{o.message ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The parser's trace: why it claimed the mail and how it read the status. */
export function TraceList({ trace }: { trace: string[] }) {
  if (trace.length === 0) return <Text c="dimmed" size="sm">No trace.</Text>;
  return <Stack gap={2} aria-label="Parse trace">{trace.map((line, i) => <Code key={i} block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{line}</Code>)}</Stack>;
}
