import { Badge, Button, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { del, put } from '../../api/client';
import type { Job, JobScheduleInfo, SchedulePin } from '../../api/types';
import { useCan } from '../../hooks/useSession';
import { ConfirmDialog } from '../ConfirmDialog';
import { describeSchedule, scheduleDays, slotTimes } from './schedule';
import { ScheduleFormModal } from './ScheduleFormModal';

const kindLabels: Record<string, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', irregular: 'Irregular', none: 'None (fewer than 3 runs)' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

function minutes(n: number | null | undefined): string {
  return typeof n === 'number' ? `${n} min` : '—';
}

function ScheduleFields({ s }: { s: JobScheduleInfo }) {
  const times = slotTimes(s);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" data-testid="schedule-fields">
      <Field label="Kind">{kindLabels[s.kind] ?? s.kind}</Field>
      <Field label="Days">{scheduleDays(s)}</Field>
      <Field label={times.length > 1 ? 'Times' : 'Time'}>{times.length > 0 ? times.join(', ') : '—'}</Field>
      <Field label="Tolerance">{typeof s.toleranceMinutes === 'number' ? `± ${s.toleranceMinutes} min` : '—'}</Field>
      <Field label="Typical duration">{minutes(s.typicalDurationMinutes)}</Field>
      <Field label="Grace">{minutes(s.graceMinutes)}</Field>
      <Field label="Confidence">{typeof s.confidence === 'number' ? `${Math.round(s.confidence * 100)} %` : '—'}</Field>
      <Field label="Learned from">{s.pinned ? 'pinned by hand' : `${s.basedOn ?? 0} run${s.basedOn === 1 ? '' : 's'} (distinct start times)`}</Field>
      <Field label="Time zone">{s.zone || '—'}</Field>
      <Field label="Missed runs">{s.enforced === false ? 'not yet (needs 80 % confidence or a pin)' : 'checked'}</Field>
    </SimpleGrid>
  );
}

/** The effective schedule (pinned, else learned); Admins and Operators pin, edit and unpin it. */
export function JobSchedule({ job }: { job: Job }) {
  const can = useCan();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'pin' | 'unpin' | null>(null);
  const s = job.schedule;
  const text = describeSchedule(s);
  const manage = can('jobs.schedule') && !job.archived;

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['jobs'] }), client.invalidateQueries({ queryKey: ['daily-jobs'] })]);
  const pin = async (body: SchedulePin) => {
    await put(`/api/v1/jobs/${job.id}/schedule`, body);
    await refresh();
    notifications.show({ color: 'green', message: 'Schedule pinned.' });
  };
  const unpin = async () => {
    await del(`/api/v1/jobs/${job.id}/schedule`);
    await refresh();
    notifications.show({ message: 'Schedule unpinned; the learned schedule applies again.' });
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Schedule">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>Schedule</Title>
          {s && (s.pinned ? <Badge variant="light">pinned</Badge> : <Badge variant="light" color="gray">learned</Badge>)}
        </Group>
        {manage && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setDialog('pin')}>{s?.pinned ? 'Edit pinned schedule' : 'Pin schedule'}</Button>
            {s?.pinned && <Button size="xs" variant="light" color="red" onClick={() => setDialog('unpin')}>Unpin</Button>}
          </Group>
        )}
      </Group>
      {!s || !text ? (
        <Text size="sm" c="dimmed">The schedule will be learned from the job's runs.</Text>
      ) : (
        <>
          <Text size="sm" fw={500} mb="sm" data-testid="schedule-description">{text}</Text>
          <ScheduleFields s={s} />
        </>
      )}
      {manage && (
        <>
          <ScheduleFormModal
            opened={dialog === 'pin'}
            title={s?.pinned ? 'Edit pinned schedule' : 'Pin schedule'}
            schedule={s}
            onSubmit={pin}
            onClose={() => setDialog(null)}
          />
          <ConfirmDialog opened={dialog === 'unpin'} title="Unpin schedule" color="red" onConfirm={unpin} onClose={() => setDialog(null)}>
            The pinned schedule is removed; the schedule learned from the job's runs applies again.
          </ConfirmDialog>
        </>
      )}
    </Paper>
  );
}
