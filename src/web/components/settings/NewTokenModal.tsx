import { Alert, Button, CopyButton, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../api/client';
import type { ApiToken, Role, User } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { roleLabels } from './roles';

type CreatedToken = ApiToken & { token: string };

/** "New token": for a user and one of that user's roles; the secret is shown once after creation. */
export function NewTokenModal({ opened, users, onClose }: { opened: boolean; users: User[]; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New API token" closeOnClickOutside={false}>
      {opened && <NewTokenForm users={users} onDone={onClose} />}
    </Modal>
  );
}

function NewTokenForm({ users, onDone }: { users: User[]; onDone(): void }) {
  const client = useQueryClient();
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [name, setName] = useState('');
  const user = users.find((u) => String(u.id) === userId);
  const create = useMutation({
    mutationFn: () => post<CreatedToken>('/api/v1/tokens', { userId: Number(userId), name, role }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });

  if (create.data) return <CreatedTokenView token={create.data} onDone={onDone} />;

  const handleUserChange = (value: string | null) => {
    setUserId(value);
    const chosen = users.find((u) => String(u.id) === value);
    setRole(chosen?.roles.length === 1 ? (chosen.roles[0] ?? null) : null);
  };
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={handleSubmit}>
      <Stack>
        <Select
          label="User"
          placeholder="Choose a user"
          searchable
          data={users.map((u) => ({ value: String(u.id), label: u.disabled ? `${u.username} (disabled)` : u.username }))}
          value={userId}
          onChange={handleUserChange}
          allowDeselect={false}
          required
        />
        <Select
          label="Role"
          placeholder={user ? 'Choose a role' : 'Choose a user first'}
          data={(user?.roles ?? []).map((r: Role) => ({ value: r, label: roleLabels[r] }))}
          value={role}
          onChange={setRole}
          allowDeselect={false}
          disabled={!user}
          required
        />
        <TextInput label="Name" placeholder="What the token is for" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <ErrorText error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={create.isPending} disabled={!userId || !role}>Create</Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreatedTokenView({ token, onDone }: { token: CreatedToken; onDone(): void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy the token now">
        This token will not be shown again. Store it somewhere safe; it acts as {token.username} with the role {roleLabels[token.role] ?? token.role}.
      </Alert>
      <Group align="flex-end" wrap="nowrap">
        <TextInput label="Token" value={token.token} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : undefined} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
