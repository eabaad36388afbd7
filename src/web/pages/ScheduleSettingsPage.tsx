import { Button, Group, Loader, NumberInput, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { get, put } from '../api/client';
import type { ScheduleSettings } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { SilenceSettings } from '../components/settings/SilenceSettings';
import { TimeZoneInput } from '../components/TimeZoneInput';

/**
 * Settings → Schedules (Admin): the installation's time zone (customers without their own zone, the
 * Daily Jobs day) and the grace added to every slot's deadline before it counts as Missed (DESIGN §9).
 */
export function ScheduleSettingsPage() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings', 'schedule'], queryFn: () => get<ScheduleSettings>('/api/v1/settings/schedule') });
  const [timeZone, setTimeZone] = useState('');
  const [graceMinutes, setGraceMinutes] = useState<number | string>('');
  useEffect(() => {
    if (settings.data) {
      setTimeZone(settings.data.timeZone);
      setGraceMinutes(settings.data.graceMinutes);
    }
  }, [settings.data]);

  const save = useMutation({
    mutationFn: () =>
      put<ScheduleSettings>('/api/v1/settings/schedule', {
        timeZone: timeZone.trim(),
        graceMinutes: typeof graceMinutes === 'number' ? graceMinutes : Number(graceMinutes),
      }),
    onSuccess: async (saved) => {
      if (saved) client.setQueryData(['settings', 'schedule'], saved);
      notifications.show({ color: 'green', message: 'Schedule settings saved.' });
      await Promise.all([
        client.invalidateQueries({ queryKey: ['settings', 'schedule'] }),
        client.invalidateQueries({ queryKey: ['daily-jobs'] }),
        client.invalidateQueries({ queryKey: ['jobs'] }),
      ]);
    },
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <Stack>
      <Title order={2}>Schedules</Title>
      <ErrorText error={settings.error} />
      {settings.isLoading && <Loader />}
      {settings.data && (
        <Paper withBorder p="md" component="form" onSubmit={handleSubmit} maw={520}>
          <Stack>
            <TimeZoneInput
              value={timeZone}
              onChange={setTimeZone}
              required
              withAsterisk={false}
              description="The zone of customers that have none of their own, and of the Daily Jobs day"
            />
            <NumberInput
              label="Grace minutes"
              description="Added to a slot's expected start and typical duration before the run counts as Missed"
              min={0}
              max={10080}
              value={graceMinutes}
              onChange={setGraceMinutes}
              required
              withAsterisk={false}
            />
            <ErrorText error={save.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>Save</Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <SilenceSettings />
    </Stack>
  );
}
