import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';
import type { List } from '../api/types';
import { useCan, useSession } from '../hooks/useSession';

/** First page after sign-in. The full dashboard (counts by status, missed, sources) comes with Run Checks. */
export function DashboardPage() {
  const { data: session } = useSession();
  const can = useCan();
  const inbox = useQuery({ queryKey: ['inbox', 'count'], queryFn: () => get<List<unknown>>('/api/v1/inbox?pageSize=1'), enabled: can('inbox.view') });
  const jobs = useQuery({ queryKey: ['jobs', 'count'], queryFn: () => get<List<unknown>>('/api/v1/jobs?pageSize=1'), enabled: can('jobs.view') });
  return (
    <>
      <Title order={2} mb="md">Welcome, {session?.user.username}</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {can('inbox.view') && (
          <Card withBorder><Text c="dimmed" size="sm">Inbox (awaiting approval)</Text><Text fz={28} fw={700} data-testid="inbox-count">{inbox.data?.total ?? '…'}</Text></Card>
        )}
        {can('jobs.view') && (
          <Card withBorder><Text c="dimmed" size="sm">Approved jobs</Text><Text fz={28} fw={700}>{jobs.data?.total ?? '…'}</Text></Card>
        )}
      </SimpleGrid>
      {!can('inbox.view') && !can('jobs.view') && (
        <Text c="dimmed" mt="md">Your active role sees report figures here. Reports are not part of this release yet.</Text>
      )}
    </>
  );
}
