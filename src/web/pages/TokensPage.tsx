import { Badge, Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, queryString } from '../api/client';
import type { ApiToken, List, User } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { formatTime } from '../components/format';
import { Pager } from '../components/Pager';
import { NewTokenModal } from '../components/settings/NewTokenModal';
import { roleLabels } from '../components/settings/roles';

/** Settings → API tokens: per user, scoped to a role, revocable (Admins only). */
export function TokensPage() {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [userId, setUserId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => get<List<User>>(`/api/v1/users${queryString({ pageSize: 500 })}`),
  });
  const tokens = useQuery({
    queryKey: ['tokens', { page, userId }],
    queryFn: () => get<List<ApiToken>>(`/api/v1/tokens${queryString({ userId, page })}`),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => del<unknown>(`/api/v1/tokens/${token.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const confirmRevoke = (token: ApiToken) =>
    modals.openConfirmModal({
      title: 'Revoke API token',
      children: <Text size="sm">Revoke “{token.name}” of {token.username}? Integrations using it stop working at once.</Text>,
      labels: { confirm: 'Confirm', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(token),
    });

  const userOptions = (users.data?.items ?? []).map((u) => ({ value: String(u.id), label: u.username }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>API tokens</Title>
        <Button onClick={() => setCreating(true)} disabled={!users.data}>New token</Button>
      </Group>
      <Select
        aria-label="Show tokens of"
        placeholder="All users"
        w={240}
        clearable
        searchable
        data={userOptions}
        value={userId}
        onChange={(value) => {
          setUserId(value);
          setPage(1);
        }}
      />
      <ErrorText error={tokens.error ?? users.error ?? revoke.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table aria-label="API tokens" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Prefix</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Revoked</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data?.items.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.username}</Table.Td>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>{roleLabels[token.role] ?? token.role}</Table.Td>
                <Table.Td><Code>{token.prefix}</Code></Table.Td>
                <Table.Td>
                  {formatTime(token.createdAt)}
                  {token.createdBy && <Text size="xs" c="dimmed">by {token.createdBy}</Text>}
                </Table.Td>
                <Table.Td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>{token.revokedAt ? <Badge color="red" variant="light">{formatTime(token.revokedAt)}</Badge> : '—'}</Table.Td>
                <Table.Td>
                  {!token.revokedAt && (
                    <Button size="xs" variant="default" color="red" loading={revoke.isPending && revoke.variables?.id === token.id} onClick={() => confirmRevoke(token)}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {tokens.data?.items.length === 0 && (
              <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" size="sm">No API tokens.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {tokens.data && <Pager page={tokens.data.page} pageSize={tokens.data.pageSize} total={tokens.data.total} onChange={setPage} />}
      <NewTokenModal opened={creating} users={users.data?.items ?? []} onClose={() => setCreating(false)} />
    </Stack>
  );
}
