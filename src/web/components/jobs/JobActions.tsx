import { Button, Group, Loader, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { del, get, post } from '../../api/client';
import type { Job } from '../../api/types';
import { useCan } from '../../hooks/useSession';
import { ErrorText } from '../ErrorText';
import { ConfirmDialog } from '../ConfirmDialog';
import type { DeletePreview } from './types';

type Dialog = 'archive' | 'delete' | null;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Archive (Admin, Operator), unarchive and delete (Admin); the API decides what each does. */
export function JobActions({ job }: { job: Job }) {
  const can = useCan();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [unarchiving, setUnarchiving] = useState(false);
  const preview = useQuery({
    queryKey: ['jobs', 'detail', job.id, 'delete-preview'],
    queryFn: () => get<DeletePreview>(`/api/v1/jobs/${job.id}/delete-preview`),
    enabled: dialog === 'delete',
    staleTime: 0,
    gcTime: 0,
  });

  /** After the job is gone from the list: leave its page first so that its queries are not fetched again. */
  const leave = async (message: string) => {
    setDialog(null);
    navigate('/jobs');
    client.removeQueries({ queryKey: ['jobs', 'detail', job.id] });
    await client.invalidateQueries({ queryKey: ['jobs'] });
    notifications.show({ message, color: 'green' });
  };
  const archive = async () => {
    await post(`/api/v1/jobs/${job.id}/archive`);
    await leave(`Job "${job.jobName}" archived.`);
  };
  const remove = async () => {
    await del(`/api/v1/jobs/${job.id}`);
    await leave(`Job "${job.jobName}" deleted.`);
  };
  const unarchive = async () => {
    setUnarchiving(true);
    try {
      await post(`/api/v1/jobs/${job.id}/unarchive`);
      await client.invalidateQueries({ queryKey: ['jobs'] });
      notifications.show({ message: `Job "${job.jobName}" is active again.`, color: 'green' });
    } catch (error) {
      notifications.show({ title: 'Unarchive failed', message: error instanceof Error ? error.message : String(error), color: 'red' });
    } finally {
      setUnarchiving(false);
    }
  };

  const p = preview.data;
  return (
    <>
      <Group gap="xs">
        {!job.archived && can('jobs.archive') && <Button variant="default" onClick={() => setDialog('archive')}>Archive</Button>}
        {job.archived && can('jobs.admin') && <Button variant="default" onClick={unarchive} loading={unarchiving}>Unarchive</Button>}
        {can('jobs.admin') && <Button color="red" variant="light" onClick={() => setDialog('delete')}>Delete</Button>}
      </Group>
      <ConfirmDialog opened={dialog === 'archive'} title="Archive job" color="blue" onConfirm={archive} onClose={() => setDialog(null)}>
        {`"${job.jobName}" leaves the Jobs list. Its history is kept, and its new mails are still linked to it, quietly, as runs already reviewed. An Admin can unarchive it on Archived jobs.`}
      </ConfirmDialog>
      <ConfirmDialog opened={dialog === 'delete'} title="Delete job" confirmDisabled={!p} onConfirm={remove} onClose={() => setDialog(null)}>
        {preview.isLoading && <Loader size="sm" />}
        <ErrorText error={preview.error} />
        {p && (
          <Text size="sm" data-testid="delete-preview">
            This permanently deletes the job "{job.jobName}", {plural(p.runs, 'run')}, {plural(p.objects, 'object')},{' '}
            {plural(p.messages, 'mail')}, {p.aliases === 1 ? '1 alias' : `${p.aliases} aliases`} {plural(p.overrides, 'override')} and {plural(p.noteScopes, 'ticket or remark scope')}; the customer stays. This cannot be undone.
          </Text>
        )}
      </ConfirmDialog>
    </>
  );
}
