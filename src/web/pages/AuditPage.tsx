import { Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, queryString } from '../api/client';
import type { AuditEntry, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { formatTime } from '../components/format';
import { Pager } from '../components/Pager';
import { AuditDetails } from '../components/settings/AuditDetails';

/**
 * Settings → Audit log: every change, newest first, filtered by action and actor. Other pages can link
 * here with `?entityType=&entityId=` to show the history of one object.
 */
export function AuditPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const entityType = searchParams.get('entityType') ?? '';
  const entityId = searchParams.get('entityId') ?? '';
  const [page, setPage] = useState(1);
  const [action, setAction] = useState(searchParams.get('action') ?? '');
  const [actor, setActor] = useState(searchParams.get('actor') ?? '');
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);
  const filters = { action: debouncedAction, actor: debouncedActor };
  const audit = useQuery({
    queryKey: ['audit', { page, ...filters, entityType, entityId }],
    queryFn: () => get<List<AuditEntry>>(`/api/v1/audit${queryString({ page, ...filters, entityType, entityId })}`),
    placeholderData: keepPreviousData,
  });
  const clearEntity = () => {
    const next = new URLSearchParams(searchParams);
    next.delete('entityType');
    next.delete('entityId');
    setSearchParams(next);
    setPage(1);
  };

  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <Group align="flex-end">
        <TextInput label="Action" placeholder="e.g. user.create" value={action} onChange={(e) => { setAction(e.currentTarget.value); setPage(1); }} />
        <TextInput label="Actor" placeholder="Username" value={actor} onChange={(e) => { setActor(e.currentTarget.value); setPage(1); }} />
        {(entityType || entityId) && (
          <Group gap="xs">
            <Badge variant="light" size="lg">{[entityType, entityId && `#${entityId}`].filter(Boolean).join(' ')}</Badge>
            <Button size="xs" variant="subtle" onClick={clearEntity}>Show all entities</Button>
          </Group>
        )}
      </Group>
      <ErrorText error={audit.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table aria-label="Audit log" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audit.data?.items.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(entry.at)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{entry.actor ?? entry.actorType}</Text>
                    {entry.tokenId != null && <Badge size="xs" variant="outline">token #{entry.tokenId}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{entry.action}</Text></Table.Td>
                <Table.Td>{entry.entityType ? `${entry.entityType}${entry.entityId ? ` #${entry.entityId}` : ''}` : '—'}</Table.Td>
                <Table.Td><AuditDetails details={entry.details} /></Table.Td>
              </Table.Tr>
            ))}
            {audit.data?.items.length === 0 && (
              <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" size="sm">No entries.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {audit.data && <Pager page={audit.data.page} pageSize={audit.data.pageSize} total={audit.data.total} onChange={setPage} />}
    </Stack>
  );
}
