import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../api/client';
import type { User } from '../../api/types';
import { ErrorText } from '../ErrorText';

/** "Reset password" of one user by an admin; the API checks the length. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose(): void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Reset password of ${user.username}` : 'Reset password'}>
      {user && <ResetPasswordForm key={user.id} user={user} onDone={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone(): void }) {
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => post<unknown>(`/api/v1/users/${user.id}/password`, { password }),
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Password reset', message: `The password of ${user.username} has been changed.` });
      onDone();
    },
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  return (
    <form onSubmit={handleSubmit}>
      <Stack>
        <PasswordInput label="New password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} data-autofocus />
        <ErrorText error={reset.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={reset.isPending}>Reset password</Button>
        </Group>
      </Stack>
    </form>
  );
}
