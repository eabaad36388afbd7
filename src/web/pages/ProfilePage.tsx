import { Paper, Select, Stack, Table, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patch } from '../api/client';
import type { Theme } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { ChangePasswordForm } from '../components/settings/ChangePasswordForm';
import { RoleBadges, roleLabels } from '../components/settings/roles';
import { useSession } from '../hooks/useSession';

const themes: { value: Theme; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'auto', label: 'Auto (follow the system)' },
];

/** The signed-in user's own account: who they are, their theme and their password. */
export function ProfilePage() {
  const client = useQueryClient();
  const { data: session } = useSession();
  const saveTheme = useMutation({
    mutationFn: (theme: Theme) => patch<unknown>('/api/v1/auth/profile', { theme }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
  if (!session) return null;

  return (
    <Stack>
      <Title order={2}>Profile</Title>
      <Paper withBorder p="md" maw={420}>
        <Table aria-label="Account" variant="vertical" layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={120}>Username</Table.Th>
              <Table.Td>{session.user.username}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Roles</Table.Th>
              <Table.Td><RoleBadges value={session.user.roles} /></Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Active role</Table.Th>
              <Table.Td>{roleLabels[session.role] ?? session.role}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Select
          mt="md"
          label="Preferred theme"
          data={themes}
          value={saveTheme.isPending ? saveTheme.variables : (session.theme ?? 'auto')}
          onChange={(value) => value && saveTheme.mutate(value as Theme)}
          allowDeselect={false}
        />
        <ErrorText error={saveTheme.error} />
      </Paper>
      <ChangePasswordForm />
    </Stack>
  );
}
