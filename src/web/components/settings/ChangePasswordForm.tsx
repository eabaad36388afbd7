import { Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../api/client';
import { ErrorText } from '../ErrorText';

/** The signed-in user's own password: current, new and the new one repeated; the API checks the rules. */
export function ChangePasswordForm() {
  const client = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: () => post<unknown>('/api/v1/auth/password', { currentPassword, newPassword }),
    onSuccess: async () => {
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
      notifications.show({ color: 'green', title: 'Password changed', message: 'Your new password is in use from now on.' });
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
  const mismatch = repeat !== '' && repeat !== newPassword;
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) return;
    change.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={handleSubmit} maw={420}>
      <Stack>
        <Title order={4}>Change password</Title>
        <PasswordInput label="Current password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrentPassword(e.currentTarget.value)} required withAsterisk={false} />
        <PasswordInput label="New password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} required withAsterisk={false} />
        <PasswordInput
          label="Repeat new password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={mismatch ? 'The passwords do not match' : undefined}
          required
          withAsterisk={false}
        />
        <ErrorText error={change.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending} disabled={mismatch}>Change password</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
