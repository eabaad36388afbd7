import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../api/client';
import type { Role, User } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { RoleCheckboxes } from './roles';

/** "New user": username, initial password and roles; the API checks the rules (409 on a duplicate name). */
export function NewUserModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New user">
      {opened && <NewUserForm onDone={onClose} />}
    </Modal>
  );
}

function NewUserForm({ onDone }: { onDone(): void }) {
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [selected, setSelected] = useState<Role[]>([]);
  const create = useMutation({
    mutationFn: () => post<User>('/api/v1/users', { username, password, roles: selected }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={handleSubmit}>
      <Stack>
        <TextInput label="Username" autoComplete="off" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required data-autofocus />
        <PasswordInput
          label="Password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the characters' }}
          required
        />
        <RoleCheckboxes value={selected} onChange={setSelected} />
        <ErrorText error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={create.isPending}>Create</Button>
        </Group>
      </Stack>
    </form>
  );
}
