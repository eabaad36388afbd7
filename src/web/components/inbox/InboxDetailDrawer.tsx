import { Button, Drawer, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get } from '../../api/client';
import type { InboxDetail } from '../../api/types';
import { useCan } from '../../hooks/useSession';
import { ErrorText } from '../ErrorText';
import { EmlLink, MailFrame } from '../MailFrame';
import { ObjectsTable, TraceList } from '../ObjectsTable';
import { ApproveDialog } from './ApproveDialog';
import { ConfirmDialog } from '../ConfirmDialog';
import { InboxHeaders, InboxParsedFields } from './InboxFields';
import { refreshInbox } from './refresh';

/** One Inbox message: headers, parse result, objects, trace, the body; approve and delete for managers. */
export function InboxDetailDrawer({ messageId, onClose }: { messageId: number | null; onClose(): void }) {
  const can = useCan();
  const client = useQueryClient();
  const [approving, setApproving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { data: detail, isLoading, error } = useQuery({
    queryKey: ['inbox', 'detail', messageId],
    queryFn: () => get<InboxDetail>(`/api/v1/inbox/${messageId}`),
    enabled: messageId !== null,
  });

  const handleDelete = async () => {
    await del(`/api/v1/inbox/${messageId}`);
    onClose();
    notifications.show({ message: 'Message deleted' });
    if (messageId !== null) await refreshInbox(client, [messageId]);
  };

  return (
    <Drawer opened={messageId !== null} onClose={onClose} position="right" size="xl" title={detail?.subject || 'Message'}>
      {isLoading && <Loader />}
      <ErrorText error={error} />
      {detail && (
        <Stack>
          {can('inbox.manage') && (
            <Group>
              <Button onClick={() => setApproving(true)} disabled={!detail.canApprove}>Approve</Button>
              <Button color="red" variant="light" onClick={() => setDeleting(true)}>Delete</Button>
            </Group>
          )}
          {can('inbox.manage') && !detail.canApprove && (
            <Text size="sm" c="dimmed" data-testid="approve-hint">Cannot be approved: the parser found no {missingParts(detail)}, and a job needs all three. Re-parse after a parser update, or delete the mail.</Text>
          )}
          <Title order={5}>Headers</Title>
          <InboxHeaders detail={detail} />
          <Title order={5}>Parse result</Title>
          <InboxParsedFields detail={detail} />
          <Title order={5}>Objects</Title>
          <ObjectsTable objects={detail.objects} />
          <Title order={5}>Parse trace</Title>
          <TraceList trace={detail.trace} />
          <Group justify="space-between">
            <Title order={5}>Mail</Title>
            <EmlLink messageId={detail.id} />
          </Group>
          <MailFrame messageId={detail.id} />
          <ApproveDialog opened={approving} messageIds={[detail.id]} onClose={() => setApproving(false)} onApproved={onClose} />
          <ConfirmDialog opened={deleting} title="Delete message" confirmLabel="Delete" onConfirm={handleDelete} onClose={() => setDeleting(false)}>
            <Text size="sm">Move this message to Deleted mails? An Admin can restore it from there.</Text>
          </ConfirmDialog>
        </Stack>
      )}
    </Drawer>
  );
}

/** What a job needs but the parse result lacks, in words: "job name", "backup type and job name". */
function missingParts(detail: InboxDetail): string {
  const missing = [!detail.backupSoftware && 'backup software', !detail.backupType && 'backup type', !detail.jobName && 'job name'].filter(Boolean) as string[];
  return missing.length <= 1 ? (missing[0] ?? 'job name') : `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}`;
}
