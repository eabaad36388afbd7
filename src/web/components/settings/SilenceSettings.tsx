import { Button, Group, NumberInput, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, put } from '../../api/client';
import { ErrorText } from '../ErrorText';

interface DashboardSettings {
  sourceSilenceHours: number;
}

/** How long a mail source may stay quiet before the Dashboard warns (0 = never). */
export function SilenceSettings() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings', 'dashboard'], queryFn: () => get<DashboardSettings>('/api/v1/settings/dashboard') });
  const [hours, setHours] = useState<number | string>('');
  useEffect(() => {
    if (settings.data) setHours(settings.data.sourceSilenceHours);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => put<DashboardSettings>('/api/v1/settings/dashboard', { sourceSilenceHours: typeof hours === 'number' ? hours : Number(hours) }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Silence warning saved.' });
      await client.invalidateQueries({ queryKey: ['settings', 'dashboard'] });
      await client.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => { e.preventDefault(); save.mutate(); }} maw={520}>
      <Stack>
        <Title order={4}>Silent sources</Title>
        <ErrorText error={settings.error ?? save.error} />
        <NumberInput label="Silence hours" description="The Dashboard warns when a mail source (SMTP, an IMAP mailbox…) sent nothing for longer; 0 turns the warning off" min={0} max={720} allowNegative={false} allowDecimal={false} clampBehavior="strict" value={hours} onChange={setHours} />
        <Group justify="flex-end"><Button type="submit" loading={save.isPending}>Save</Button></Group>
      </Stack>
    </Paper>
  );
}
