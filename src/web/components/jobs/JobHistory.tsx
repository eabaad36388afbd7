import { Badge, Group, Loader, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { get, queryString } from '../../api/client';
import type { List, Run } from '../../api/types';
import { useCan } from '../../hooks/useSession';
import { ErrorText } from '../ErrorText';
import { formatTime } from '../format';
import { Pager } from '../Pager';
import { NoteBadges, OverrideRuleBadge } from '../run-checks/Badges';
import { StatusBadge } from '../StatusBadge';
import { objectsSummary, runTime } from './types';

const pageSize = 25;

/** The job's runs, newest first, 25 a page; "Reviewed by / at" only when the API sends it (Admins). */
export function JobHistory({ jobId }: { jobId: number }) {
  const navigate = useNavigate();
  const can = useCan();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: ['jobs', 'detail', jobId, 'runs', page],
    queryFn: () => get<List<Run>>(`/api/v1/jobs/${jobId}/runs${queryString({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
  const items = runs.data?.items ?? [];
  const showReviewer = can('jobs.reviewed-by') && items.some((r) => 'reviewedBy' in r);
  const columnCount = showReviewer ? 6 : 5;
  const open = (run: Run) => navigate(`/runs/${run.id}`);
  const handleKey = (event: KeyboardEvent, run: Run) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(run);
    }
  };

  return (
    <section aria-label="History">
      <Group justify="space-between" mb="xs">
        <Title order={4}>History</Title>
        {runs.isFetching && <Loader size="xs" />}
      </Group>
      <ErrorText error={runs.error} />
      {runs.data && (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table highlightOnHover withTableBorder aria-label="Job history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th><Table.Th>Status</Table.Th><Table.Th>Objects</Table.Th><Table.Th>Reviewed</Table.Th>
                  {showReviewer && <><Table.Th>Reviewed by</Table.Th><Table.Th>Reviewed at</Table.Th></>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && (
                  <Table.Tr><Table.Td colSpan={columnCount}><Text c="dimmed" size="sm">No runs yet.</Text></Table.Td></Table.Tr>
                )}
                {items.map((run) => (
                  <Table.Tr key={run.id} data-testid={`run-row-${run.id}`} tabIndex={0} style={{ cursor: 'pointer' }} onClick={() => open(run)} onKeyDown={(e) => handleKey(e, run)}>
                    <Table.Td>{formatTime(runTime(run))}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <StatusBadge status={run.overridden ? run.originalStatus : run.status} overridden={run.overridden} />
                        <OverrideRuleBadge rule={run.overrideRule} />
                        <NoteBadges tickets={run.tickets ?? []} remarks={run.remarks ?? []} />
                        {run.informational && <Badge color="gray" variant="outline" size="sm">info</Badge>}
                        {run.late && <Badge color="orange" variant="light" size="sm" title="arrived after its expected time">late</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{objectsSummary(run.objectCounts)}</Table.Td>
                    <Table.Td>{run.reviewedAt ? 'Yes' : 'No'}</Table.Td>
                    {showReviewer && <><Table.Td>{run.reviewedBy ?? '—'}</Table.Td><Table.Td>{formatTime(run.reviewedAt)}</Table.Td></>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} pageSize={pageSize} total={runs.data.total} onChange={setPage} />
        </>
      )}
    </section>
  );
}
