import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, patch, queryString } from '../api/client';
import type { List, User } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { Pager } from '../components/Pager';
import { EditRolesModal } from '../components/settings/EditRolesModal';
import { NewUserModal } from '../components/settings/NewUserModal';
import { ResetPasswordModal } from '../components/settings/ResetPasswordModal';
import { RoleBadges, roleLabels } from '../components/settings/roles';

/** Settings → Users: local accounts, their roles, disabling and password resets (Admins only). */
export function UsersPage() {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const users = useQuery({
    queryKey: ['users', { page }],
    queryFn: () => get<List<User>>(`/api/v1/users${queryString({ page })}`),
    placeholderData: keepPreviousData,
  });
  const toggle = useMutation({
    mutationFn: (user: User) => patch<User>(`/api/v1/users/${user.id}`, { disabled: !user.disabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        <Button onClick={() => setCreating(true)}>New user</Button>
      </Group>
      <ErrorText error={users.error ?? toggle.error} />
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Users" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Active role</Table.Th>
              <Table.Th>Disabled</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td><RoleBadges value={user.roles} /></Table.Td>
                <Table.Td>{roleLabels[user.activeRole] ?? user.activeRole}</Table.Td>
                <Table.Td>{user.disabled ? <Badge color="red" variant="light">Disabled</Badge> : <Text size="sm" c="dimmed">No</Text>}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setEditing(user)}>Edit roles</Button>
                    <Button
                      size="xs"
                      variant="default"
                      color={user.disabled ? undefined : 'red'}
                      loading={toggle.isPending && toggle.variables?.id === user.id}
                      onClick={() => toggle.mutate(user)}
                    >
                      {user.disabled ? 'Enable' : 'Disable'}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setResetting(user)}>Reset password</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {users.data?.items.length === 0 && (
              <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" size="sm">No users.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {users.data && <Pager page={users.data.page} pageSize={users.data.pageSize} total={users.data.total} onChange={setPage} />}
      <NewUserModal opened={creating} onClose={() => setCreating(false)} />
      <EditRolesModal user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Stack>
  );
}
