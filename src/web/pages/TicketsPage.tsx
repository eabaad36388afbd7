import { Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { get, post, queryString } from '../api/client';
import type { List, Remark, Ticket } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { formatTime } from '../components/format';
import { NoteFormModal, scopeLabel, type NoteKind } from '../components/notes/NoteFormModal';
import { Pager } from '../components/Pager';
import { useCan } from '../hooks/useSession';

const pageSize = 50;
type Note = Ticket | Remark;

function NotesTab({ kind }: { kind: NoteKind }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>('open');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Note | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const params = { status, q: debounced, page, pageSize };
  const list = useQuery({ queryKey: [`${kind}s`, params], queryFn: () => get<List<Note>>(`/api/v1/${kind}s${queryString(params)}`), placeholderData: keepPreviousData });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: [`${kind}s`] });
    void queryClient.invalidateQueries({ queryKey: ['run-checks'] });
  };
  const setResolved = async (note: Note, resolved: boolean) => {
    setError(null);
    try {
      await post(`/api/v1/${kind}s/${note.id}/${resolved ? 'resolve' : 'reopen'}`);
      notifications.show({ message: `${kind === 'ticket' ? 'Ticket' : 'Remark'} ${resolved ? 'resolved: it no longer links itself to new runs' : 'reopened'}`, color: 'green' });
      refresh();
    } catch (caught) {
      setError(caught);
    }
  };
  const noun = kind === 'ticket' ? 'ticket' : 'remark';
  return (
    <Stack mt="md">
      <Group justify="space-between">
        <Group>
          <SegmentedControl value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }} data={[{ value: 'open', label: 'Open' }, { value: 'resolved', label: 'Resolved' }, { value: 'all', label: 'All' }]} />
          <TextInput placeholder={kind === 'ticket' ? 'Search code, text, customer or job' : 'Search text, customer or job'} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} aria-label={`Search ${noun}s`} />
        </Group>
        {can('tickets.manage') && <Button onClick={() => setEditing('new')}>{`New ${noun}`}</Button>}
      </Group>
      <ErrorText error={error ?? list.error} />
      {list.isLoading && <Loader />}
      {list.data && (
        <>
          <Table withTableBorder striped aria-label={`${noun}s`}>
            <Table.Thead>
              <Table.Tr>
                {kind === 'ticket' && <Table.Th>Code</Table.Th>}
                <Table.Th>{kind === 'ticket' ? 'Description' : 'Remark'}</Table.Th><Table.Th>Scope</Table.Th><Table.Th>Runs</Table.Th><Table.Th>Active from</Table.Th><Table.Th>State</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.length === 0 && <Table.Tr><Table.Td colSpan={7}><Text size="sm" c="dimmed">{`No ${status === 'all' ? '' : `${status} `}${noun}s.`}</Text></Table.Td></Table.Tr>}
              {list.data.items.map((n) => (
                <Table.Tr key={n.id} data-testid={`${noun}-row`}>
                  {n.kind === 'ticket' && <Table.Td><Text fw={600} size="sm">🎫 {n.code}</Text></Table.Td>}
                  <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{n.kind === 'ticket' ? n.description : n.body}</Text></Table.Td>
                  <Table.Td><Stack gap={0}>{n.scopes.map((s) => <Text key={JSON.stringify(s)} size="xs">{scopeLabel(s)}</Text>)}</Stack></Table.Td>
                  <Table.Td>{n.linkedRuns}</Table.Td>
                  <Table.Td><Text size="xs">{formatTime(n.activeFrom)}</Text></Table.Td>
                  <Table.Td>
                    {n.resolvedAt ? <Text size="xs">resolved {formatTime(n.resolvedAt)}</Text> : <Badge color="indigo" variant="light">open</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {can('tickets.manage') && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(n)}>Edit</Button>
                        {n.resolvedAt
                          ? <Button size="xs" variant="subtle" onClick={() => void setResolved(n, false)}>Reopen</Button>
                          : <Button size="xs" variant="subtle" onClick={() => void setResolved(n, true)}>Resolve</Button>}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pager page={page} pageSize={pageSize} total={list.data.total} onChange={setPage} />
        </>
      )}
      <NoteFormModal kind={kind} opened={editing !== null} note={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); notifications.show({ message: 'Saved', color: 'green' }); refresh(); }} />
    </Stack>
  );
}

/** Tickets and remarks (DESIGN §10) in two tabs; the tab lives in the address (?tab=remarks). */
export function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'remarks' ? 'remarks' : 'tickets';
  return (
    <Stack>
      <Title order={2}>Tickets and remarks</Title>
      <Tabs value={tab} onChange={(v) => setParams(v === 'remarks' ? { tab: 'remarks' } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="remarks">Remarks</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tickets">{tab === 'tickets' && <NotesTab kind="ticket" />}</Tabs.Panel>
        <Tabs.Panel value="remarks">{tab === 'remarks' && <NotesTab kind="remark" />}</Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
