import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api/client';
import { refreshInbox } from './refresh';

interface ReparseResult {
  reparsed: number;
  changed: number;
  linked: number;
}

/** Runs every parser again over the Inbox (after a parser update); messages that now match a job are linked. */
export function ReparseButton() {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const handleClick = async () => {
    setBusy(true);
    try {
      const result = await post<ReparseResult>('/api/v1/inbox/reparse', {});
      notifications.show({
        color: 'green',
        title: 'Re-parse finished',
        message: `${result.reparsed} re-parsed, ${result.changed} changed, ${result.linked} linked to jobs`,
      });
      await refreshInbox(client);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Re-parse failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return <Button variant="default" loading={busy} onClick={handleClick}>Re-parse all</Button>;
}
