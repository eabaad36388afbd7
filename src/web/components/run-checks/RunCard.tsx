import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { RunDetail } from '../../api/types';
import { formatTime } from '../format';
import { EmlLink, MailFrame } from '../MailFrame';
import { ObjectsTable, TraceList } from '../ObjectsTable';
import { StatusBadge } from '../StatusBadge';
import { NoteBadges, OverrideRuleBadge } from './Badges';

interface RunCardProps {
  run: RunDetail;
  mailOpen: boolean;
  canUnreview: boolean;
  onMarkSuccess(run: RunDetail): void;
  onToggleMail(run: RunDetail): void;
  onUnreview(run: RunDetail): void;
}

/** One run to check: status with its badges, objects, and the sandboxed mail and trace on demand. */
export function RunCard({ run, mailOpen, canUnreview, onMarkSuccess, onToggleMail, onUnreview }: RunCardProps) {
  return (
    <Paper withBorder p="sm" data-testid="run-card" data-run-id={run.id} data-status={run.status}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <StatusBadge status={run.overridden ? run.originalStatus : run.status} overridden={run.overridden} />
            <OverrideRuleBadge rule={run.overrideRule} />
            {run.late && <Badge color="orange" variant="light">late</Badge>}
            {run.reviewedAt && <Badge color="gray" variant="outline">reviewed {formatTime(run.reviewedAt)}{run.reviewedBy ? ` by ${run.reviewedBy}` : ''}</Badge>}
            <Anchor component={Link} to={`/runs/${run.id}`} size="sm">{run.kind === 'missed' ? 'Missed' : 'Run'} {formatTime(run.startedAt ?? run.receivedAt)}</Anchor>
            <NoteBadges tickets={run.tickets} remarks={run.remarks} />
          </Group>
          <Group gap="xs">
            {run.status !== 'success' && <Button size="xs" variant="light" color="blue" onClick={() => onMarkSuccess(run)}>Mark as success</Button>}
            {run.messageId !== null && <Button size="xs" variant="default" onClick={() => onToggleMail(run)}>{mailOpen ? 'Close mail' : 'Open mail'}</Button>}
            {canUnreview && run.reviewedAt && <Button size="xs" variant="subtle" onClick={() => onUnreview(run)}>Unreview</Button>}
          </Group>
        </Group>
        {run.subject && <Text size="sm" c="dimmed">{run.subject}</Text>}
        {run.objects.length > 0 && <ObjectsTable objects={run.objects} />}
        {run.kind === 'missed' && <Text size="sm" c="dimmed">No report arrived for this slot.</Text>}
        {mailOpen && run.messageId !== null && (
          <Stack gap="xs">
            <Group justify="flex-end"><EmlLink messageId={run.messageId} /></Group>
            <MailFrame messageId={run.messageId} height={360} />
            <TraceList trace={run.trace} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
