import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, get, post, setCsrfToken } from '../api/client';
import { ErrorText } from '../components/ErrorText';

interface Captcha {
  captchaId: string;
  question: string;
}

/** Sign-in; after repeated failures the API asks for an arithmetic captcha, shown here. */
export function LoginPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [captchaAnswer, setCaptchaAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = captcha ? { username, password, captchaId: captcha.captchaId, captchaAnswer } : { username, password };
      const result = await post<{ csrfToken: string }>('/api/v1/auth/login', body);
      setCsrfToken(result.csrfToken);
      await client.invalidateQueries();
      navigate('/');
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && (caught.code === 'captcha_required' || (caught.details as { captchaRequired?: boolean } | null)?.captchaRequired || captcha)) {
        setCaptcha(await get<Captcha>('/api/v1/auth/captcha').catch(() => null));
        setCaptchaAnswer('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh">
      <Paper withBorder p="xl" w={360} component="form" onSubmit={handleSubmit}>
        <Stack>
          <Title order={3}>Sign in to BackupChecks</Title>
          <TextInput label="Username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
          <PasswordInput label="Password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          {captcha && (
            <TextInput label={`What is ${captcha.question}?`} name="captcha" value={captchaAnswer} onChange={(e) => setCaptchaAnswer(e.currentTarget.value)} required />
          )}
          <ErrorText error={error} />
          <Button type="submit" loading={busy}>Sign in</Button>
          <Text size="xs" c="dimmed">No account yet? The first start prints a setup link in the server log.</Text>
        </Stack>
      </Paper>
    </Center>
  );
}
