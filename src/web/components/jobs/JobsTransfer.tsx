import { Button, FileButton, Group, Input, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../../api/client';
import { ErrorText } from '../ErrorText';
import type { ImportSummary } from './types';

/** Saves the approved jobs document (`approved_jobs_export_v1`) as a file. */
export function JobsExport() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const handleExport = async () => {
    setBusy(true);
    setError(null);
    try {
      const document_ = await get<unknown>('/api/v1/jobs/export');
      const blob = new Blob([`${JSON.stringify(document_, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `approved-jobs-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Jobs export">
      <Stack gap="xs">
        <Title order={4}>Jobs export</Title>
        <Text size="sm" c="dimmed">Customers and approved jobs (with aliases and pinned schedules) as one JSON file. Runs and mails are not exported.</Text>
        <ErrorText error={error} />
        <Group><Button onClick={handleExport} loading={busy}>Export jobs</Button></Group>
      </Stack>
    </Paper>
  );
}

function SummaryTable({ summary }: { summary: ImportSummary }) {
  const rows = [['Customers', summary.customers], ['Jobs', summary.jobs]] as const;
  return (
    <Table withTableBorder w="auto" data-testid="import-summary" aria-label="Import summary">
      <Table.Thead>
        <Table.Tr><Table.Th /><Table.Th>Created</Table.Th><Table.Th>Updated</Table.Th><Table.Th>Unchanged</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([label, counts]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row">{label}</Table.Th><Table.Td>{counts.created}</Table.Td><Table.Td>{counts.updated}</Table.Td><Table.Td>{counts.unchanged}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Reads an export file and sends it to the API, which checks all of it before writing anything. */
export function JobsImport() {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setError(null);
    setSummary(null);
  };
  const handleImport = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch (caught) {
        throw new Error(`"${file.name}" is not valid JSON: ${caught instanceof Error ? caught.message : String(caught)}. Nothing was imported.`);
      }
      setSummary(await post<ImportSummary>('/api/v1/jobs/import', parsed));
      await Promise.all([client.invalidateQueries({ queryKey: ['jobs'] }), client.invalidateQueries({ queryKey: ['customers'] })]);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Jobs import">
      <Stack gap="xs">
        <Title order={4}>Jobs import</Title>
        <Text size="sm" c="dimmed">
          Customers are matched by name and jobs by job key; nothing is deleted. The whole file is checked first: if anything is wrong, nothing is written.
        </Text>
        <Group align="flex-end">
          <Input.Wrapper label="Import file" id="jobs-import-file">
            {/* The hidden input carries the label (for scripts and screen readers); the button opens it. */}
            <FileButton onChange={choose} accept="application/json,.json" inputProps={{ id: 'jobs-import-file' }}>
              {(props) => (
                <Group gap="xs" wrap="nowrap">
                  <Button {...props} variant="default" aria-describedby="jobs-import-file-name">Choose file…</Button>
                  <Text id="jobs-import-file-name" size="sm" c={file ? undefined : 'dimmed'}>{file?.name ?? 'No file chosen'}</Text>
                </Group>
              )}
            </FileButton>
          </Input.Wrapper>
          <Button onClick={handleImport} loading={busy} disabled={!file}>Import</Button>
        </Group>
        <ErrorText error={error} jsonPaths />
        {summary && <SummaryTable summary={summary} />}
      </Stack>
    </Paper>
  );
}
