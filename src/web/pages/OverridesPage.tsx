import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { del, get, queryString } from '../api/client';
import type { List, Override } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import { formatTime } from '../components/format';
import { matchTypeOptions } from '../components/overrides/OverrideFields';
import { OverrideFormModal } from '../components/overrides/OverrideFormModal';
import { Pager } from '../components/Pager';
import { useCan } from '../hooks/useSession';

const pageSize = 100;

function Scope({ o }: { o: Override }) {
  if (o.scope === 'global') return <Badge color="orange" variant="light">Global</Badge>;
  const job = <Anchor component={Link} to={`/jobs/${o.jobId}`} size="sm">{o.jobLabel ?? `job #${o.jobId}`}</Anchor>;
  return o.scope === 'job' ? <Text size="sm">{job}</Text> : <Text size="sm">object <b>{o.objectName}</b> of {job}</Text>;
}

function validity(o: Override): string {
  if (o.validFrom && o.validUntil) return `${formatTime(o.validFrom)} – ${formatTime(o.validUntil)}`;
  if (o.validFrom) return `from ${formatTime(o.validFrom)}`;
  if (o.validUntil) return `until ${formatTime(o.validUntil)}`;
  return 'always';
}

const matchWords = (o: Override) => (o.match.text === '' ? 'any message' : `${matchTypeOptions.find((m) => m.value === o.match.type)?.label ?? o.match.type} “${o.match.text}”`);

/** Overrides (DESIGN §10): every rule, with create and edit for Operators and delete for Admins. */
export function OverridesPage() {
  const can = useCan();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Override | null | 'new'>(null);
  const [deleting, setDeleting] = useState<Override | null>(null);
  const list = useQuery({ queryKey: ['overrides', page], queryFn: () => get<List<Override>>(`/api/v1/overrides${queryString({ page, pageSize })}`), placeholderData: keepPreviousData });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['overrides'] });
    void queryClient.invalidateQueries({ queryKey: ['run-checks'] });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Overrides</Title>
        {can('overrides.manage') && <Button onClick={() => setEditing('new')}>New override</Button>}
      </Group>
      <Text size="sm" c="dimmed">A matching warning or failure counts as success, with a blue override badge. Job and object rules are tried before global ones; changes apply at once to runs not yet reviewed.</Text>
      <ErrorText error={list.error} />
      {list.isLoading && <Loader />}
      {list.data && (
        <>
          <Table withTableBorder striped aria-label="Overrides">
            <Table.Thead>
              <Table.Tr><Table.Th>#</Table.Th><Table.Th>Applies to</Table.Th><Table.Th>Status</Table.Th><Table.Th>Message</Table.Th><Table.Th>Valid</Table.Th><Table.Th>Comment</Table.Th><Table.Th>By</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.length === 0 && <Table.Tr><Table.Td colSpan={8}><Text size="sm" c="dimmed">No overrides yet. Create one here or with "Mark as success" in Run Checks.</Text></Table.Td></Table.Tr>}
              {list.data.items.map((o) => (
                <Table.Tr key={o.id} data-testid="override-row">
                  <Table.Td>{o.id}</Table.Td>
                  <Table.Td><Scope o={o} /></Table.Td>
                  <Table.Td>{o.statuses.join(', ')}</Table.Td>
                  <Table.Td><Text size="sm" style={{ wordBreak: 'break-word' }}>{matchWords(o)}</Text></Table.Td>
                  <Table.Td><Text size="xs">{validity(o)}</Text></Table.Td>
                  <Table.Td>{o.comment ?? ''}</Table.Td>
                  <Table.Td><Text size="xs">{o.createdBy ?? '—'}<br />{formatTime(o.createdAt)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {can('overrides.manage') && <Button size="xs" variant="subtle" onClick={() => setEditing(o)}>Edit</Button>}
                      {can('overrides.delete') && <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(o)}>Delete</Button>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager page={page} pageSize={pageSize} total={list.data.total} onChange={setPage} />
        </>
      )}
      <OverrideFormModal opened={editing !== null} override={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); notifications.show({ message: 'Override saved', color: 'green' }); refresh(); }} />
      <ConfirmDialog opened={deleting !== null} title={`Delete override #${deleting?.id ?? ''}`} confirmLabel="Delete" onClose={() => setDeleting(null)}
        onConfirm={async () => { await del(`/api/v1/overrides/${deleting!.id}`); refresh(); }}>
        <Text size="sm">Runs not yet reviewed that it overrode get their original status back. Reviewed runs keep their history.</Text>
      </ConfirmDialog>
    </Stack>
  );
}
