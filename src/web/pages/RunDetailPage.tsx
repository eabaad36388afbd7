import { Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { get } from '../api/client';
import type { Job, RunDetail } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { formatTime } from '../components/format';
import { objectsSummary } from '../components/jobs/types';
import { EmlLink, MailFrame } from '../components/MailFrame';
import { ObjectsTable, TraceList } from '../components/ObjectsTable';
import { NoteBadges, OverrideRuleBadge } from '../components/run-checks/Badges';
import { StatusBadge } from '../components/StatusBadge';
import { useCan } from '../hooks/useSession';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

/** One run: status, times, objects, the mail (sandboxed) and the parse trace (DESIGN §8). */
export function RunDetailPage() {
  const can = useCan();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const run = useQuery({ queryKey: ['runs', id], queryFn: () => get<RunDetail>(`/api/v1/runs/${id}`), enabled: valid });
  const jobId = run.data?.jobId;
  const job = useQuery({ queryKey: ['jobs', 'detail', jobId], queryFn: () => get<Job>(`/api/v1/jobs/${jobId}`), enabled: jobId !== undefined });

  if (!valid) return <Text>There is no such run.</Text>;
  if (run.isLoading) return <Loader />;
  if (run.error || !run.data) return <ErrorText error={run.error ?? new Error('Run not found')} />;
  const r = run.data;

  return (
    <Stack>
      <Anchor component={Link} to={`/jobs/${r.jobId}`} size="sm" data-testid="back-to-job">
        ← {job.data ? `${job.data.customerName} · ${job.data.jobName}` : 'Job'}
      </Anchor>
      <Group gap="xs">
        <Title order={2}>{r.kind === 'missed' ? 'Missed run' : 'Run'} {formatTime(r.startedAt ?? r.receivedAt)}</Title>
        <StatusBadge status={r.overridden ? r.originalStatus : r.status} overridden={r.overridden} />
        {r.informational && <Badge color="gray" variant="outline">informational</Badge>}
        {r.late && <Badge color="orange" variant="light" title="arrived after its expected time">late</Badge>}
        <OverrideRuleBadge rule={r.overrideRule} />
        <NoteBadges tickets={r.tickets ?? []} remarks={r.remarks ?? []} />
      </Group>
      <Paper withBorder p="md" component="section" aria-label="Run information">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Field label="Status"><StatusBadge status={r.status} /></Field>
          {r.overridden && <Field label="Original status"><StatusBadge status={r.originalStatus} /></Field>}
          <Field label="Started">{formatTime(r.startedAt)}</Field>
          <Field label="Ended">{formatTime(r.endedAt)}</Field>
          <Field label="Received">{formatTime(r.receivedAt)}</Field>
          <Field label="Reviewed">{r.reviewedAt ? formatTime(r.reviewedAt) : 'No'}</Field>
          {can('jobs.reviewed-by') && 'reviewedBy' in r && <Field label="Reviewed by">{r.reviewedBy ?? '—'}</Field>}
          <Field label="Objects">{objectsSummary(r.objectCounts)}</Field>
          {r.subject && <Field label="Subject">{r.subject}</Field>}
          {r.sender && <Field label="Sender">{r.sender}</Field>}
        </SimpleGrid>
      </Paper>
      <section>
        <Title order={4} mb="xs">Objects</Title>
        <ObjectsTable objects={r.objects} />
      </section>
      <section>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Mail</Title>
          {r.messageId !== null && <EmlLink messageId={r.messageId} />}
        </Group>
        {r.messageId !== null
          ? <MailFrame messageId={r.messageId} />
          : <Text size="sm" c="dimmed">{r.kind === 'missed' ? 'No mail arrived for this run.' : 'The mail of this run is not kept.'}</Text>}
      </section>
      <section>
        <Title order={4} mb="xs">Parse trace</Title>
        <TraceList trace={r.trace} />
      </section>
    </Stack>
  );
}
