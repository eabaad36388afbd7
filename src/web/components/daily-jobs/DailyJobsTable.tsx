import { Badge, Group, Table, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { DailyJob } from '../../api/types';
import { formatTime } from '../format';
import { timeOfDay } from './dates';
import { NoteBadges } from '../run-checks/Badges';
import { DailyStatusBadge } from './DailyStatus';

/** The key of a row: one job can be expected several times a day. */
export function dailyRowKey(row: Pick<DailyJob, 'jobId' | 'expectedAt'>): string {
  return `${row.jobId}-${row.expectedAt}`;
}

function Reviewed({ row }: { row: DailyJob }) {
  if (!row.runId) return <Text span size="sm" c="dimmed">—</Text>;
  if (!row.reviewedAt) return <Text span size="sm">No</Text>;
  return <Text span size="sm" title={formatTime(row.reviewedAt)}>{row.reviewedBy ?? 'Yes'}, {formatTime(row.reviewedAt)}</Text>;
}

/**
 * One row per expected slot of the day; a click (or Enter) opens the run that met or missed the slot,
 * else the job. "Reviewed" only when the API sent it (Admins) and the role may see it.
 */
export function DailyJobsTable({ rows, showReviewed }: { rows: DailyJob[]; showReviewed: boolean }) {
  const navigate = useNavigate();
  const open = (row: DailyJob) => navigate(row.runId ? `/runs/${row.runId}` : `/jobs/${row.jobId}`);
  const handleKey = (event: KeyboardEvent, row: DailyJob) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(row);
    }
  };
  const columns = ['Customer', 'Backup', 'Type', 'Job name', 'Schedule', 'Expected', 'Last run', 'Status', ...(showReviewed ? ['Reviewed'] : [])];

  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover withTableBorder aria-label="Daily jobs">
        <Table.Thead>
          <Table.Tr>{columns.map((c) => <Table.Th key={c}>{c}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr><Table.Td colSpan={columns.length}><Text c="dimmed" size="sm">No jobs are expected on this day.</Text></Table.Td></Table.Tr>
          )}
          {rows.map((row) => (
            <Table.Tr
              key={dailyRowKey(row)}
              data-testid={`daily-row-${dailyRowKey(row)}`}
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              onClick={() => open(row)}
              onKeyDown={(e) => handleKey(e, row)}
            >
              <Table.Td>{row.customerName}</Table.Td>
              <Table.Td>{row.backupSoftware}</Table.Td>
              <Table.Td>{row.backupType}</Table.Td>
              <Table.Td fw={500}>{row.jobName}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm">{row.schedule?.description ?? '—'}</Text>
                  {row.schedule?.pinned && <Badge size="xs" variant="light">pinned</Badge>}
                </Group>
              </Table.Td>
              <Table.Td title={`deadline ${formatTime(row.deadline)}`}>{timeOfDay(row.expectedAt)}</Table.Td>
              <Table.Td>{row.lastRun ? formatTime(row.lastRun.startedAt) : <Text span size="sm" c="dimmed">never</Text>}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <DailyStatusBadge row={row} />
                  {row.overridden && <Badge color="blue" variant="outline" size="sm">override</Badge>}
                  <NoteBadges tickets={row.tickets ?? []} remarks={row.remarks ?? []} />
                </Group>
              </Table.Td>
              {showReviewed && <Table.Td><Reviewed row={row} /></Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
