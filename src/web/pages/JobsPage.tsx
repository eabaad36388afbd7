import { Group, Loader, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, queryString } from '../api/client';
import type { Job, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { JobsFilters, type JobsFilterValues } from '../components/jobs/JobsFilters';
import { JobsTable } from '../components/jobs/JobsTable';
import type { JobSort, SortOrder } from '../components/jobs/types';
import { Pager } from '../components/Pager';

const pageSize = 100;
const sorts: JobSort[] = ['customer', 'jobName', 'software', 'type', 'lastRun'];

/**
 * Approved jobs (DESIGN §8): active jobs of active customers, one page of 100 at a time from the API,
 * which searches, filters and sorts. The state lives in the address so that "back" from a job returns here.
 */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const filters: JobsFilterValues = { software: params.get('software') ?? '', type: params.get('type') ?? '', status: params.get('status') ?? '' };
  const sortParam = params.get('sort') ?? '';
  const sort: JobSort | '' = (sorts as string[]).includes(sortParam) ? (sortParam as JobSort) : '';
  const order: SortOrder = params.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const [search, setSearch] = useState(q);
  const [debouncedSearch] = useDebouncedValue(search, 300);

  /** Changes some address parameters; every change except paging starts again at page 1. */
  const update = (changes: Record<string, string>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    }, { replace: true });
  };

  // Only a settled search text updates the address; an address changed elsewhere (a link) updates the box.
  useEffect(() => {
    if (debouncedSearch.trim() !== q) update({ q: debouncedSearch.trim() });
  }, [debouncedSearch]);
  useEffect(() => {
    if (q !== debouncedSearch.trim()) setSearch(q);
  }, [q]);

  const handleSort = (column: JobSort) => {
    const current = sort || 'customer';
    update({ sort: column, order: current === column && order === 'asc' ? 'desc' : 'asc' });
  };

  const query = { q, software: filters.software, type: filters.type, status: filters.status, sort, order: sort ? order : '', page, pageSize };
  const jobs = useQuery({
    queryKey: ['jobs', 'list', query],
    queryFn: () => get<List<Job>>(`/api/v1/jobs${queryString(query)}`),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Jobs</Title>
        {jobs.isFetching && <Loader size="sm" aria-label="Loading jobs" />}
      </Group>
      <JobsFilters search={search} onSearch={setSearch} values={filters} onChange={(key, value) => update({ [key]: value })} />
      <ErrorText error={jobs.error} />
      {jobs.data && (
        <>
          <JobsTable jobs={jobs.data.items} sort={sort} order={order} onSort={handleSort} />
          <Pager page={page} pageSize={pageSize} total={jobs.data.total} onChange={(p) => update({ page: p > 1 ? String(p) : '' })} />
        </>
      )}
      {!jobs.data && jobs.isLoading && <Loader />}
    </>
  );
}
