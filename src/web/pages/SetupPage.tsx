import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { post, setCsrfToken } from '../api/client';
import { ErrorText } from '../components/ErrorText';

/** First start: the one-time link from the server log creates the first Admin. */
export function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) return setError(new Error('the two passwords differ'));
    try {
      const result = await post<{ csrfToken: string }>('/api/v1/auth/setup', { token: params.get('token') ?? '', username, password });
      setCsrfToken(result.csrfToken);
      await client.invalidateQueries();
      navigate('/');
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Center mih="100vh">
      <Paper withBorder p="xl" w={380} component="form" onSubmit={handleSubmit}>
        <Stack>
          <Title order={3}>Create the first Admin</Title>
          <Text size="sm" c="dimmed">This link works once, while the installation has no users.</Text>
          <TextInput label="Username" name="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
          <PasswordInput label="Password (at least 10 characters)" name="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          <PasswordInput label="Repeat password" name="repeat" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} required />
          <ErrorText error={error} />
          <Button type="submit">Create Admin</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
