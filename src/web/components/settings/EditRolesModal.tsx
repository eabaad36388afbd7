import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { patch } from '../../api/client';
import type { Role, User } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { RoleCheckboxes } from './roles';

/** "Edit roles" of one user; the API refuses (409) when an admin removes their own admin role. */
export function EditRolesModal({ user, onClose }: { user: User | null; onClose(): void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Roles of ${user.username}` : 'Roles'}>
      {user && <EditRolesForm key={user.id} user={user} onDone={onClose} />}
    </Modal>
  );
}

function EditRolesForm({ user, onDone }: { user: User; onDone(): void }) {
  const client = useQueryClient();
  const [selected, setSelected] = useState<Role[]>(user.roles);
  const save = useMutation({
    mutationFn: () => patch<User>(`/api/v1/users/${user.id}`, { roles: selected }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['users'] });
      await client.invalidateQueries({ queryKey: ['session'] });
      onDone();
    },
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={handleSubmit}>
      <Stack>
        <RoleCheckboxes value={selected} onChange={setSelected} />
        <ErrorText error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={save.isPending}>Save</Button>
        </Group>
      </Stack>
    </form>
  );
}
