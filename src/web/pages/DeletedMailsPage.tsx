import { Button, Group, Loader, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, post, queryString } from '../api/client';
import type { DeletedMail, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ParseStateBadge } from '../components/inbox/ParseStateBadge';
import { refreshInbox } from '../components/inbox/refresh';
import { EmlLink } from '../components/MailFrame';
import { Pager } from '../components/Pager';
import { formatTime } from '../components/format';

const pageSize = 50;

/** Mails deleted from the Inbox (Admins): restore them to the Inbox, or purge them for good. */
export function DeletedMailsPage() {
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [purging, setPurging] = useState<DeletedMail | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const { data, isLoading, error } = useQuery({
    queryKey: ['inbox', 'deleted', page],
    queryFn: () => get<List<DeletedMail>>(`/api/v1/inbox/deleted${queryString({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });

  const refresh = () => refreshInbox(client);
  const handleRestore = async (mail: DeletedMail) => {
    setActionError(null);
    try {
      await post(`/api/v1/inbox/deleted/${mail.id}/restore`, {});
      notifications.show({ color: 'green', message: 'Message restored to the Inbox' });
      await refresh();
    } catch (caught) {
      setActionError(caught);
    }
  };
  const handlePurge = async () => {
    if (!purging) return;
    await del(`/api/v1/inbox/deleted/${purging.id}`);
    notifications.show({ message: 'Message purged' });
    await refresh();
  };

  return (
    <>
      <Title order={2} mb="md">Deleted mails</Title>
      <ErrorText error={error ?? actionError} />
      {isLoading && <Loader />}
      {data && (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped withTableBorder aria-label="Deleted mails">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>From</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Received</Table.Th><Table.Th>Backup</Table.Th>
                  <Table.Th>Job name</Table.Th><Table.Th>Parsed</Table.Th><Table.Th>Deleted at</Table.Th><Table.Th>Deleted by</Table.Th>
                  <Table.Th>EML</Table.Th><Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.length === 0 && (
                  <Table.Tr><Table.Td colSpan={10}><Text c="dimmed" size="sm">No deleted mails.</Text></Table.Td></Table.Tr>
                )}
                {data.items.map((mail) => (
                  <Table.Tr key={mail.id} data-testid={`deleted-row-${mail.id}`}>
                    <Table.Td>{mail.from ?? '—'}</Table.Td>
                    <Table.Td>{mail.subject || '(no subject)'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(mail.receivedAt)}</Table.Td>
                    <Table.Td>{mail.backupSoftware ?? '—'}</Table.Td>
                    <Table.Td>{mail.jobName ?? '—'}</Table.Td>
                    <Table.Td><ParseStateBadge state={mail.parseState} /></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(mail.deletedAt)}</Table.Td>
                    <Table.Td>{mail.deletedBy ?? '—'}</Table.Td>
                    <Table.Td><EmlLink messageId={mail.id} /></Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => handleRestore(mail)}>Restore</Button>
                        <Button size="xs" variant="light" color="red" onClick={() => setPurging(mail)}>Purge</Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
        </>
      )}
      <ConfirmDialog opened={purging !== null} title="Purge message" confirmLabel="Purge" onConfirm={handlePurge} onClose={() => setPurging(null)}>
        <Text size="sm">Permanently remove “{purging?.subject || '(no subject)'}”? This cannot be undone.</Text>
      </ConfirmDialog>
    </>
  );
}
