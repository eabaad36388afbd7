import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get } from '../api/client';
import type { Dashboard, DashboardSource, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { FailuresChart } from '../components/FailuresChart';
import { formatTime } from '../components/format';
import { useCan, useSession } from '../hooks/useSession';

const statusWords: [keyof NonNullable<Dashboard['unreviewed']>, string, string][] = [
  ['failed', 'red', 'failed'], ['missed', 'grape', 'missed'], ['warning', 'yellow', 'warning'], ['unknown', 'orange', 'unknown'], ['success', 'green', 'success'], ['overridden', 'blue', 'override'],
];

function SourceState({ source }: { source: DashboardSource }) {
  if (source.lastError) return <Badge color="red" variant="light">error</Badge>;
  if (source.silent) return <Badge color="orange" variant="light">silent</Badge>;
  if (!source.lastReceivedAt) return <Badge color="gray" variant="light">waiting</Badge>;
  return <Badge color="green" variant="light">ok</Badge>;
}

function Figure({ label, value, to, testId }: { label: string; value: number | string; to?: string; testId?: string }) {
  const number = <Text fz={28} fw={700} data-testid={testId}>{value}</Text>;
  return (
    <Card withBorder>
      <Text c="dimmed" size="sm">{label}</Text>
      {to ? <Anchor component={Link} to={to} underline="never" c="inherit">{number}</Anchor> : number}
    </Card>
  );
}

/** The first page after sign-in (DESIGN §7): today's figures, the sources' last mail, failures over 14 days. */
export function DashboardPage() {
  const { data: session } = useSession();
  const can = useCan();
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => get<Dashboard>('/api/v1/dashboard'), refetchInterval: 60_000 });
  const jobs = useQuery({ queryKey: ['jobs', 'count'], queryFn: () => get<List<unknown>>('/api/v1/jobs?pageSize=1'), enabled: can('jobs.view') });
  const d = dashboard.data;
  const troubled = d?.sources?.filter((s) => s.silent || s.lastError) ?? [];
  const sourceName = (s: { source: string; label: string }) => (s.source === 'imap' ? `IMAP ${s.label}` : s.source.toUpperCase());
  return (
    <Stack>
      <Title order={2}>Welcome, {session?.user.username}</Title>
      <ErrorText error={dashboard.error} />
      {troubled.length > 0 && (
        <Alert color="orange" title="Mail sources need a look" role="alert" data-testid="silent-sources">
          {troubled.map((s) => (
            <Text key={`${s.source}-${s.label}`} size="sm">
              {sourceName(s)}: {s.lastError ? `fails: ${s.lastError}` : s.lastReceivedAt ? `no mail for more than ${d?.silenceHours} hours` : `no mail received in ${d?.silenceHours} hours since it was added`}
            </Text>
          ))}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {d?.unreviewed && (
          <Card withBorder>
            <Text c="dimmed" size="sm">Runs to review</Text>
            <Anchor component={Link} to="/run-checks" underline="never" c="inherit"><Text fz={28} fw={700} data-testid="unreviewed-count">{d.unreviewed.total}</Text></Anchor>
            <Group gap={4}>
              {statusWords.filter(([k]) => (d.unreviewed![k] ?? 0) > 0).map(([k, color, word]) => <Badge key={k} color={color} variant="light" size="sm">{d.unreviewed![k]} {word}</Badge>)}
            </Group>
          </Card>
        )}
        {d?.missedToday !== undefined && <Figure label="Missed today" value={d.missedToday} to="/daily-jobs" testId="missed-today" />}
        {can('inbox.view') && <Figure label="Inbox (awaiting approval)" value={d?.inbox?.count ?? '…'} to="/inbox" testId="inbox-count" />}
        {can('jobs.view') && <Figure label="Approved jobs" value={jobs.data?.total ?? '…'} to="/jobs" />}
      </SimpleGrid>
      {d && (
        <Card withBorder>
          <Text fw={500} mb="xs">Failures, last 14 days ({d.zone})</Text>
          <FailuresChart days={d.failures} />
        </Card>
      )}
      {d?.sources && (
        <Card withBorder>
          <Text fw={500} mb="xs">Last mail per source</Text>
          {d.sources.length === 0 ? <Text size="sm" c="dimmed">No mail received yet.</Text> : (
            <Table aria-label="Sources">
              <Table.Tbody>
                {d.sources.map((s) => (
                  <Table.Tr key={`${s.source}-${s.label}`}>
                    <Table.Td>{sourceName(s)}</Table.Td>
                    <Table.Td>{s.lastReceivedAt ? formatTime(s.lastReceivedAt) : 'no mail yet'}</Table.Td>
                    <Table.Td><SourceState source={s} /></Table.Td>
                    <Table.Td><Text size="xs" c="red">{s.lastError ?? ''}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Stack>
  );
}
