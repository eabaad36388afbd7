import { Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { Fragment, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Job } from '../../api/types';
import { formatTime } from '../format';
import { StatusBadge } from '../StatusBadge';
import { describeSchedule } from './schedule';
import { runTime, type JobSort, type SortOrder } from './types';

const columns: { label: string; sort?: JobSort }[] = [
  { label: 'Customer', sort: 'customer' },
  { label: 'Backup', sort: 'software' },
  { label: 'Type', sort: 'type' },
  { label: 'Job name', sort: 'jobName' },
  { label: 'Schedule' },
  { label: 'Last run', sort: 'lastRun' },
  { label: 'Last status' },
];

function SortHeader({ label, column, sort, order, onSort }: { label: string; column: JobSort; sort: JobSort | ''; order: SortOrder; onSort(column: JobSort): void }) {
  const active = (sort || 'customer') === column;
  const arrow = active ? (order === 'desc' ? ' ▼' : ' ▲') : '';
  return (
    <Table.Th aria-sort={active ? (order === 'desc' ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(column)} fw={700} fz="sm">{label}{arrow}</UnstyledButton>
    </Table.Th>
  );
}

/**
 * The page of jobs the API returned, in its order. While sorted by customer (the default) a header row
 * precedes each customer's jobs; a click or Enter anywhere on a job row opens the job.
 */
export function JobsTable({ jobs, sort, order, onSort }: { jobs: Job[]; sort: JobSort | ''; order: SortOrder; onSort(column: JobSort): void }) {
  const navigate = useNavigate();
  const grouped = sort === '' || sort === 'customer';
  const open = (job: Job) => navigate(`/jobs/${job.id}`);
  const handleKey = (event: KeyboardEvent, job: Job) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(job);
    }
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover withTableBorder aria-label="Jobs">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => c.sort
              ? <SortHeader key={c.label} label={c.label} column={c.sort} sort={sort} order={order} onSort={onSort} />
              : <Table.Th key={c.label}>{c.label}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.length === 0 && (
            <Table.Tr><Table.Td colSpan={columns.length}><Text c="dimmed" size="sm">No jobs match.</Text></Table.Td></Table.Tr>
          )}
          {jobs.map((job, i) => {
            const newGroup = grouped && (i === 0 || jobs[i - 1]?.customerId !== job.customerId);
            const schedule = describeSchedule(job.schedule);
            return (
              <Fragment key={job.id}>
                {newGroup && (
                  <Table.Tr data-testid={`job-group-${job.customerId}`} bg="var(--mantine-color-default-hover)">
                    <Table.Th colSpan={columns.length} scope="colgroup">{job.customerName}</Table.Th>
                  </Table.Tr>
                )}
                <Table.Tr data-testid={`job-row-${job.id}`} role="row" tabIndex={0} style={{ cursor: 'pointer' }} onClick={() => open(job)} onKeyDown={(e) => handleKey(e, job)}>
                  <Table.Td>{job.customerName}</Table.Td>
                  <Table.Td>{job.backupSoftware}</Table.Td>
                  <Table.Td>{job.backupType}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>{job.jobName}</Text>
                    {/* Two devices can run jobs of the same name; the host (or sender) tells them apart. */}
                    <Text size="xs" c="dimmed">{job.host ?? job.sender}</Text>
                  </Table.Td>
                  <Table.Td>
                    {schedule ? (
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm">{schedule}</Text>
                        {job.schedule?.pinned && <Badge size="xs" variant="light">pinned</Badge>}
                      </Group>
                    ) : <Text span c="dimmed" size="sm">Not learned yet</Text>}
                  </Table.Td>
                  <Table.Td>{formatTime(runTime(job.lastRun))}</Table.Td>
                  <Table.Td><StatusBadge status={job.lastRun?.status} /></Table.Td>
                </Table.Tr>
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
