import { Anchor, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { get } from '../api/client';
import type { Job } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { JobActions } from '../components/jobs/JobActions';
import { JobHistory } from '../components/jobs/JobHistory';
import { JobInfo } from '../components/jobs/JobInfo';
import { JobSchedule } from '../components/jobs/JobSchedule';

/** One approved job: its facts, schedule, history and the archive / delete actions (DESIGN §8). */
export function JobDetailPage() {
  const id = Number(useParams().id);
  const job = useQuery({
    queryKey: ['jobs', 'detail', id],
    queryFn: () => get<Job>(`/api/v1/jobs/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });

  if (!Number.isInteger(id) || id <= 0) return <Text>There is no such job.</Text>;
  if (job.isLoading) return <Loader />;
  if (job.error || !job.data) return <ErrorText error={job.error ?? new Error('Job not found')} />;
  const data = job.data;

  return (
    <Stack>
      <Anchor component={Link} to={data.archived ? '/archived-jobs' : '/jobs'} size="sm">
        ← {data.archived ? 'Archived jobs' : 'Jobs'}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={2}>{data.jobName}</Title>
            {data.archived && <Badge color="gray" variant="light">Archived</Badge>}
          </Group>
          <Text c="dimmed" size="sm">{data.customerName} · {data.backupSoftware} · {data.backupType}</Text>
        </div>
        <JobActions job={data} />
      </Group>
      <JobInfo job={data} />
      <JobSchedule job={data} />
      <JobHistory jobId={data.id} />
    </Stack>
  );
}
