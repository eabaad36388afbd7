import { Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import type { Job } from '../../api/types';
import { formatTime } from '../format';

/** The archived jobs with an "Unarchive" button each; a click elsewhere on a row opens the job. */
export function ArchivedJobsTable({ jobs }: { jobs: Job[] }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [busyId, setBusyId] = useState<number | null>(null);

  const unarchive = async (job: Job) => {
    setBusyId(job.id);
    try {
      await post(`/api/v1/jobs/${job.id}/unarchive`);
      await client.invalidateQueries({ queryKey: ['jobs'] });
      notifications.show({ message: `Job "${job.jobName}" is active again.`, color: 'green' });
    } catch (error) {
      notifications.show({ title: 'Unarchive failed', message: error instanceof Error ? error.message : String(error), color: 'red' });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Table.ScrollContainer minWidth={800}>
      <Table highlightOnHover withTableBorder aria-label="Archived jobs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th><Table.Th>Backup</Table.Th><Table.Th>Type</Table.Th><Table.Th>Job name</Table.Th>
            <Table.Th>Archived at</Table.Th><Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.length === 0 && (
            <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" size="sm">No archived jobs.</Text></Table.Td></Table.Tr>
          )}
          {jobs.map((job) => (
            <Table.Tr key={job.id} data-testid={`archived-job-row-${job.id}`} style={{ cursor: 'pointer' }} onClick={() => navigate(`/jobs/${job.id}`)}>
              <Table.Td>{job.customerName}</Table.Td>
              <Table.Td>{job.backupSoftware}</Table.Td>
              <Table.Td>{job.backupType}</Table.Td>
              <Table.Td fw={500}>{job.jobName}</Table.Td>
              <Table.Td>{formatTime(job.archivedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="default" loading={busyId === job.id} onClick={(e) => { e.stopPropagation(); void unarchive(job); }}>
                  Unarchive
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
