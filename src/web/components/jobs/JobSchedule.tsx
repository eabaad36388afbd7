import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { describeSchedule } from './schedule';
import type { Schedule } from './types';

/** The learned (or pinned) schedule, as the API reports it. */
export function JobSchedule({ schedule }: { schedule: unknown }) {
  const text = describeSchedule(schedule);
  const s = (schedule ?? null) as Schedule | null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Schedule">
      <Title order={4} mb="xs">Schedule</Title>
      {!s || !text ? (
        <Text size="sm" c="dimmed">The schedule will be learned from the job's runs.</Text>
      ) : (
        <Group gap="lg">
          <Text size="sm" fw={500}>{text}</Text>
          {s.pinned && <Badge variant="light">pinned</Badge>}
          {typeof s.confidence === 'number' && <Text size="sm" c="dimmed">confidence {Math.round(s.confidence * 100)} %</Text>}
          {typeof s.basedOn === 'number' && <Text size="sm" c="dimmed">learned from {s.basedOn} runs</Text>}
          {s.typicalDurationMinutes != null && <Text size="sm" c="dimmed">typical duration {s.typicalDurationMinutes} min</Text>}
          {s.zone && <Text size="sm" c="dimmed">time zone {s.zone}</Text>}
        </Group>
      )}
    </Paper>
  );
}
