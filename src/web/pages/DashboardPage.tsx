import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get } from '../api/client';
import type { Dashboard, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { FailuresChart } from '../components/FailuresChart';
import { formatTime } from '../components/format';
import { useCan, useSession } from '../hooks/useSession';

const statusWords: [keyof NonNullable<Dashboard['unreviewed']>, string, string][] = [
  ['failed', 'red', 'failed'], ['missed', 'grape', 'missed'], ['warning', 'yellow', 'warning'], ['unknown', 'orange', 'unknown'], ['success', 'green', 'success'], ['overridden', 'blue', 'override'],
];

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
  const silent = d?.sources?.filter((s) => s.silent) ?? [];
  return (
    <Stack>
      <Title order={2}>Welcome, {session?.user.username}</Title>
      <ErrorText error={dashboard.error} />
      {silent.length > 0 && (
        <Alert color="orange" title="Silent sources" role="alert" data-testid="silent-sources">
          No mail for more than {d?.silenceHours} hours from: {silent.map((s) => `${s.source} ${s.label === s.source ? '' : s.label}`.trim()).join(', ')}.
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
                    <Table.Td>{s.source === 'imap' ? `IMAP ${s.label}` : s.source.toUpperCase()}</Table.Td>
                    <Table.Td>{formatTime(s.lastReceivedAt)}</Table.Td>
                    <Table.Td>{s.silent ? <Badge color="orange" variant="light">silent</Badge> : <Badge color="green" variant="light">ok</Badge>}</Table.Td>
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
