import { Button, Group, Loader, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, queryString } from '../api/client';
import type { InboxItem, List } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { ApproveDialog } from '../components/inbox/ApproveDialog';
import { InboxDetailDrawer } from '../components/inbox/InboxDetailDrawer';
import { InboxTable } from '../components/inbox/InboxTable';
import { ReparseButton } from '../components/inbox/ReparseButton';
import { Pager } from '../components/Pager';
import { useCan } from '../hooks/useSession';

const pageSize = 50;

/** Parsed mails that match no approved job yet, awaiting approval (DESIGN §5). */
export function InboxPage() {
  const can = useCan();
  const manage = can('inbox.manage');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [openId, setOpenId] = useState<number | null>(null);
  const [approving, setApproving] = useState(false);
  const { data, isLoading, error } = useQuery({
    queryKey: ['inbox', 'list', page],
    queryFn: () => get<List<InboxItem>>(`/api/v1/inbox${queryString({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
  const items = data?.items ?? [];
  // Only what is on screen can be approved: messages approved or deleted meanwhile drop out.
  const selectedIds = items.filter((i) => selected.has(i.id)).map((i) => i.id);

  const changePage = (next: number) => {
    setPage(next);
    setSelected(new Set());
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Inbox</Title>
        {manage && (
          <Group>
            <Button disabled={selectedIds.length === 0} onClick={() => setApproving(true)}>
              Approve selected{selectedIds.length > 0 ? ` (${selectedIds.length})` : ''}…
            </Button>
            <ReparseButton />
          </Group>
        )}
      </Group>
      <ErrorText error={error} />
      {isLoading && <Loader />}
      {data && (
        <>
          <InboxTable items={items} selected={manage ? selected : null} onSelectedChange={setSelected} onOpen={setOpenId} />
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onChange={changePage} />
        </>
      )}
      <InboxDetailDrawer messageId={openId} onClose={() => setOpenId(null)} />
      {manage && (
        <ApproveDialog opened={approving} messageIds={selectedIds} onClose={() => setApproving(false)} onApproved={() => setSelected(new Set())} />
      )}
    </>
  );
}
