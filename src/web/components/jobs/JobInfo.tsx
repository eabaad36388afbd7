import { Badge, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Job } from '../../api/types';
import { formatTime } from '../format';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

/** The job's fixed facts: they come from approval and cannot be edited. */
export function JobInfo({ job }: { job: Job }) {
  return (
    <Paper withBorder p="md" aria-label="Job information" component="section">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
        <Field label="Customer">{job.customerName}</Field>
        <Field label="Backup software">{job.backupSoftware}</Field>
        <Field label="Type">{job.backupType}</Field>
        <Field label="Job name">{job.jobName}</Field>
        <Field label="Sender">{job.sender}</Field>
        <Field label="Host">{job.host ?? <Text span c="dimmed" size="sm">any host</Text>}</Field>
        <Field label="Approved by">{job.createdBy ?? '—'}</Field>
        <Field label="Approved at">{formatTime(job.createdAt)}</Field>
        <Field label="State">
          {job.archived
            ? <><Badge color="gray" variant="light">Archived</Badge> {formatTime(job.archivedAt)}</>
            : <Badge color="green" variant="light">Active</Badge>}
        </Field>
        <Field label="Aliases">
          {job.aliases.length === 0 ? '—' : <Stack gap={2}>{job.aliases.map((a) => <Text key={a} size="sm" ff="monospace">{a}</Text>)}</Stack>}
        </Field>
      </SimpleGrid>
    </Paper>
  );
}
