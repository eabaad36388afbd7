import { Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import type { JobFacets } from './types';

export interface JobsFilterValues {
  software: string;
  type: string;
  status: string;
}

const statusOptions = [
  { value: 'success', label: 'Success' },
  { value: 'warning', label: 'Warning' },
  { value: 'failed', label: 'Failed' },
  { value: 'missed', label: 'Missed' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'none', label: 'No runs yet' },
];

/** Search box and the software / type / last status filters of the Jobs page; options come from the API. */
export function JobsFilters({ search, onSearch, values, onChange }: {
  search: string;
  onSearch(value: string): void;
  values: JobsFilterValues;
  onChange(key: keyof JobsFilterValues, value: string): void;
}) {
  const facets = useQuery({ queryKey: ['jobs', 'facets'], queryFn: () => get<JobFacets>('/api/v1/jobs/facets'), staleTime: 60_000 });
  return (
    <Group mb="md" align="flex-end">
      <TextInput label="Search" placeholder="Customer, job name, sender, host…" value={search} onChange={(e) => onSearch(e.currentTarget.value)} w={300} />
      <Select label="Backup software" placeholder="Any" clearable searchable data={facets.data?.software ?? []} value={values.software || null} onChange={(v) => onChange('software', v ?? '')} w={240} />
      <Select label="Type" placeholder="Any" clearable searchable data={facets.data?.types ?? []} value={values.type || null} onChange={(v) => onChange('type', v ?? '')} w={200} />
      <Select label="Last status" placeholder="Any" clearable data={statusOptions} value={values.status || null} onChange={(v) => onChange('status', v ?? '')} w={160} />
    </Group>
  );
}
