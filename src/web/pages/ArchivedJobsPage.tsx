import { Group, Loader, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, queryString } from '../api/client';
import type { Job, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { ArchivedJobsTable } from '../components/jobs/ArchivedJobsTable';
import { Pager } from '../components/Pager';

const pageSize = 100;

/** Archived jobs (Admin): they are out of every list until unarchived here or on the job's page. */
export function ArchivedJobsPage() {
  const [page, setPage] = useState(1);
  const jobs = useQuery({
    queryKey: ['jobs', 'archived', page],
    queryFn: () => get<List<Job>>(`/api/v1/jobs/archived${queryString({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Archived jobs</Title>
        {jobs.isFetching && <Loader size="sm" />}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        Archived jobs are left out of the Jobs list; their new mails are linked quietly as runs already reviewed, so unarchiving brings no flood of unreviewed runs. Their history is kept; unarchiving brings a job back at once.
      </Text>
      <ErrorText error={jobs.error} />
      {jobs.isLoading && <Loader />}
      {jobs.data && (
        <>
          <ArchivedJobsTable jobs={jobs.data.items} />
          <Pager page={page} pageSize={pageSize} total={jobs.data.total} onChange={setPage} />
        </>
      )}
    </>
  );
}
