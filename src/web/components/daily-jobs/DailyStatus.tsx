import { Badge, Group } from '@mantine/core';
import type { DailyJob, DailyJobStatus } from '../../api/types';
import { StatusBadge } from '../StatusBadge';

export const dailyStatuses: DailyJobStatus[] = ['success', 'warning', 'failed', 'missed', 'expected'];
export const dailyStatusLabels: Record<DailyJobStatus, string> = { success: 'Success', warning: 'Warning', failed: 'Failed', missed: 'Missed', expected: 'Expected' };
const colors: Record<DailyJobStatus, string> = { success: 'green', warning: 'yellow', failed: 'red', missed: 'grape', expected: 'gray' };

/** A slot's status: the run's (Success / Warning / Failed), Missed, or a gray Expected; "late" when the run came late. */
export function DailyStatusBadge({ row }: { row: Pick<DailyJob, 'status' | 'late'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      {row.status === 'expected' ? <Badge color="gray" variant="light" miw="max-content">Expected</Badge> : <StatusBadge status={row.status} />}
      {row.late && <Badge color="orange" variant="light" size="xs" title="the run arrived after its expected time">late</Badge>}
    </Group>
  );
}

/** How many slots of the day have each status. */
export function DailySummary({ counts }: { counts: Partial<Record<DailyJobStatus, number>> }) {
  return (
    <Group gap="xs" aria-label="Status counts" role="group" data-testid="daily-summary">
      {dailyStatuses.map((status) => (
        <Badge key={status} color={colors[status]} variant={counts[status] ? 'filled' : 'light'} size="lg" data-testid={`daily-count-${status}`}>
          {dailyStatusLabels[status]}: {counts[status] ?? 0}
        </Badge>
      ))}
    </Group>
  );
}

/** Counts over the rows at hand. */
export function countStatuses(rows: Pick<DailyJob, 'status'>[]): Record<DailyJobStatus, number> {
  const counts: Record<DailyJobStatus, number> = { success: 0, warning: 0, failed: 0, missed: 0, expected: 0 };
  for (const row of rows) if (row.status in counts) counts[row.status] += 1;
  return counts;
}
