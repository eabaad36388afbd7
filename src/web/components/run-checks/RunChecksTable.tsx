import { Badge, Checkbox, Group, Table, Text } from '@mantine/core';
import type { RunCheck, Status } from '../../api/types';
import { formatTime } from '../format';
import { StatusBadge } from '../StatusBadge';
import { NoteBadges } from './Badges';

const countColors: [keyof RunCheck['counts'], string, string][] = [
  ['failed', 'red', 'failed'],
  ['missed', 'grape', 'missed'],
  ['warning', 'yellow', 'warning'],
  ['unknown', 'orange', 'unknown'],
  ['success', 'green', 'success'],
  ['overridden', 'blue', 'override'],
];

function Counts({ counts }: { counts: RunCheck['counts'] }) {
  return (
    <Group gap={4} wrap="wrap">
      {countColors.filter(([key]) => counts[key] > 0).map(([key, color, word]) => (
        <Badge key={key} color={color} variant={key === 'overridden' ? 'outline' : 'light'} size="sm" style={{ flexShrink: 0, overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
          {counts[key]} {word}
        </Badge>
      ))}
    </Group>
  );
}

interface RunChecksTableProps {
  rows: RunCheck[];
  cursor: number;
  openJobId: number | null;
  selected: Set<number>;
  onOpen(row: RunCheck, index: number): void;
  onToggle(jobId: number, index: number): void;
}

/** The jobs waiting for review, worst first; the cursor row (j/k) is highlighted, x ticks it for bulk review. */
export function RunChecksTable({ rows, cursor, openJobId, selected, onOpen, onToggle }: RunChecksTableProps) {
  return (
    <Table highlightOnHover withTableBorder aria-label="Jobs to review">
      <Table.Thead>
        <Table.Tr><Table.Th w={32} /><Table.Th>Customer · job</Table.Th><Table.Th>Worst</Table.Th><Table.Th>Runs</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => {
          const current = index === cursor;
          return (
            <Table.Tr
              key={row.jobId}
              data-testid="run-check-row"
              data-job-id={row.jobId}
              aria-selected={current}
              aria-current={row.jobId === openJobId ? 'true' : undefined}
              style={{ cursor: 'pointer', outline: current ? '2px solid var(--mantine-color-blue-5)' : undefined, outlineOffset: -2 }}
              bg={row.jobId === openJobId ? 'var(--mantine-color-blue-light)' : undefined}
              onClick={() => onOpen(row, index)}
            >
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <Checkbox aria-label={`Select ${row.customerName} ${row.jobName}`} checked={selected.has(row.jobId)} onChange={() => onToggle(row.jobId, index)} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>{row.customerName} · {row.jobName}</Text>
                <Text size="xs" c="dimmed">{row.backupSoftware} {row.backupType} · last {formatTime(row.lastReceivedAt)}</Text>
                <NoteBadges tickets={row.tickets} remarks={row.remarks} />
              </Table.Td>
              <Table.Td><StatusBadge status={row.worstStatus as Status} /></Table.Td>
              <Table.Td><Counts counts={row.counts} /></Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
