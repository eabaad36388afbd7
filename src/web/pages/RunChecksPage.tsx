import { Button, Grid, Group, Kbd, Loader, Modal, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { get, post, queryString } from '../api/client';
import type { RunCheck, RunCheckList, RunCheckRuns, RunDetail } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { NoteFormModal, type NoteKind, type ScopeChoice } from '../components/notes/NoteFormModal';
import { Pager } from '../components/Pager';
import { MarkSuccessModal } from '../components/run-checks/MarkSuccessModal';
import { RunCard } from '../components/run-checks/RunCard';
import { RunChecksTable } from '../components/run-checks/RunChecksTable';
import { useRunChecksKeys, keyHelp } from '../components/run-checks/useRunChecksKeys';
import { useCan } from '../hooks/useSession';

const pageSize = 100;

/** The scopes a ticket or remark made here offers: the job (ticked), its customer, and each object that did not succeed. */
function suggestedScopes(job: RunCheckRuns['job'], runs: RunDetail[]): (ScopeChoice & { checked?: boolean })[] {
  const objects = [...new Set(runs.flatMap((r) => r.objects.filter((o) => o.status !== 'success').map((o) => o.name)))];
  return [
    { scope: { type: 'job', jobId: job.jobId }, label: `Job ${job.customerName} · ${job.jobName}`, checked: true },
    { scope: { type: 'customer', customerId: job.customerId }, label: `Customer ${job.customerName} (all its jobs)` },
    ...objects.map((name) => ({ scope: { type: 'object' as const, jobId: job.jobId, objectName: name }, label: `Object ${name} of this job` })),
  ];
}

/**
 * Run Checks (DESIGN §10): the jobs with runs to review, worst first, and the open job's runs. Every
 * review sends the time the operator's view was loaded (seenAt) as seenUntil, so a run that arrived
 * after the page was shown is never reviewed unseen. Works with the keyboard alone (press ?).
 */
export function RunChecksPage() {
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const openId = Number(useParams().id) || null;
  const [page, setPage] = useState(1);
  const [includeReviewed, setIncludeReviewed] = useState(false);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [marking, setMarking] = useState<RunDetail | null>(null);
  const [noteKind, setNoteKind] = useState<NoteKind | null>(null);
  const [mailRunId, setMailRunId] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The page takes the focus when it opens, so the shortcuts work at once (not Enter on the menu link just clicked).
  const pageRef = useRef<HTMLDivElement>(null);
  useEffect(() => pageRef.current?.focus(), []);

  const listQuery = { page, pageSize, includeReviewed: includeReviewed || undefined };
  // Refreshed every minute: what is shown is what a review covers (seenAt comes with the data).
  const list = useQuery({
    queryKey: ['run-checks', 'list', listQuery], queryFn: () => get<RunCheckList>(`/api/v1/run-checks${queryString(listQuery)}`), placeholderData: keepPreviousData, refetchInterval: 60_000,
  });
  const detailQuery = { includeReviewed: includeReviewed || undefined, pageSize: 100 };
  const detail = useQuery({
    queryKey: ['run-checks', 'job', openId, detailQuery],
    queryFn: () => get<RunCheckRuns>(`/api/v1/run-checks/${openId}${queryString(detailQuery)}`),
    enabled: openId !== null,
    refetchInterval: 60_000,
  });
  // Below the list on narrow screens: bring the opened job into view.
  const detailRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (openId !== null && detail.data) detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, [openId, detail.data?.job.jobId]);
  const rows = list.data?.items ?? [];
  const runs = detail.data?.items ?? [];
  useEffect(() => setCursor((c) => Math.min(c, Math.max(0, rows.length - 1))), [rows.length]);
  useEffect(() => setMailRunId(null), [openId]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['run-checks'] });
  const act = async (work: () => Promise<string>) => {
    setError(null);
    try {
      notifications.show({ message: await work(), color: 'green' });
    } catch (caught) {
      setError(caught);
    }
    await refresh();
  };
  const open = (row: RunCheck | undefined, index: number) => {
    if (!row) return;
    setCursor(index);
    navigate(`/run-checks/${row.jobId}`);
  };
  const reviewOpen = () => {
    if (!detail.data) return;
    const { jobId } = detail.data.job;
    const seenUntil = detail.data.seenAt;
    // Straight on to the next job (or the previous one at the end of the list): a morning is r, r, r…
    const index = rows.findIndex((r) => r.jobId === jobId);
    const next = index >= 0 ? (rows[index + 1] ?? rows[index - 1]) : undefined;
    void act(async () => {
      const { reviewed } = await post<{ reviewed: number }>('/api/v1/run-checks/review', { jobIds: [jobId], seenUntil });
      // Once the list is reloaded without this job, the next one sits where this one was.
      if (next && index >= 0) setCursor(rows[index + 1] ? index : index - 1);
      navigate(next ? `/run-checks/${next.jobId}` : '/run-checks');
      return `${reviewed} run${reviewed === 1 ? '' : 's'} reviewed`;
    });
  };
  const reviewSelected = () => {
    const jobIds = selected.size > 0 ? [...selected] : rows[cursor] ? [rows[cursor].jobId] : [];
    if (jobIds.length === 0 || !list.data) return;
    const seenUntil = list.data.seenAt;
    void act(async () => {
      const { reviewed } = await post<{ reviewed: number }>('/api/v1/run-checks/review', { jobIds, seenUntil });
      setSelected(new Set());
      if (openId !== null && jobIds.includes(openId)) navigate('/run-checks');
      return `${reviewed} run${reviewed === 1 ? '' : 's'} of ${jobIds.length} job${jobIds.length === 1 ? '' : 's'} reviewed`;
    });
  };
  const reviewGreen = () => {
    if (!list.data) return;
    const seenUntil = list.data.seenAt;
    void act(async () => {
      const { jobs, reviewed } = await post<{ jobs: number; reviewed: number }>('/api/v1/run-checks/review-green', { seenUntil });
      return `${reviewed} green run${reviewed === 1 ? '' : 's'} of ${jobs} job${jobs === 1 ? '' : 's'} reviewed`;
    });
  };
  const unreview = (run: RunDetail) => void act(async () => {
    await post(`/api/v1/runs/${run.id}/unreview`);
    return 'Back in Run Checks';
  });
  const waiting = runs.filter((r) => r.reviewedAt === null).length;
  const firstToMark = runs.find((r) => r.status !== 'success');
  const firstWithMail = runs.find((r) => r.messageId !== null);
  const dialogOpen = marking !== null || noteKind !== null || help;

  // With a job open, moving the cursor opens the job under it: the open job and the cursor never part.
  const move = (step: number) => {
    const index = Math.max(0, Math.min(cursor + step, rows.length - 1));
    setCursor(index);
    // The address, not openId: a key pressed right after Enter comes before React has re-rendered with the new id.
    const jobOpen = /^\/run-checks\/\d+/.test(window.location.pathname);
    if (jobOpen && rows[index] && !window.location.pathname.endsWith(`/${rows[index].jobId}`)) navigate(`/run-checks/${rows[index].jobId}`);
  };
  useRunChecksKeys(!dialogOpen, {
    next: () => move(1),
    previous: () => move(-1),
    open: () => open(rows[cursor], cursor),
    review: () => (openId !== null ? reviewOpen() : reviewSelected()),
    markSuccess: () => firstToMark && setMarking(firstToMark),
    mail: () => firstWithMail && setMailRunId((id) => (id === firstWithMail.id ? null : firstWithMail.id)),
    select: () => rows[cursor] && toggle(rows[cursor].jobId),
    reviewGreen,
    close: () => (mailRunId !== null ? setMailRunId(null) : navigate('/run-checks')),
    help: () => setHelp(true),
  });
  function toggle(jobId: number, index?: number) {
    // Without an open job the cursor follows the tick; with one, it stays on the open job (r reviews that one).
    if (index !== undefined && openId === null) setCursor(index);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(jobId)) next.delete(jobId);
      else next.add(jobId);
      return next;
    });
  }

  const empty = list.data !== undefined && list.data.total === 0;
  return (
    <Stack ref={pageRef} tabIndex={-1} style={{ outline: 'none' }}>
      <Group justify="space-between">
        <Title order={2}>Run Checks</Title>
        <Group gap="xs">
          {can('run-checks.admin') && <Switch label="Include reviewed" checked={includeReviewed} onChange={(e) => setIncludeReviewed(e.currentTarget.checked)} />}
          <Button variant="light" color="green" onClick={reviewGreen} disabled={empty}>Review all green jobs</Button>
          <Button variant="default" onClick={reviewSelected} disabled={selected.size === 0}>Review selected ({selected.size})</Button>
          <Button variant="subtle" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</Button>
        </Group>
      </Group>
      <ErrorText error={error ?? list.error} />
      {list.isLoading && <Loader />}
      {empty && (
        <Paper withBorder p="xl" data-testid="run-checks-empty">
          <Text ta="center" fw={500}>Nothing to review. Every run has been checked.</Text>
        </Paper>
      )}
      {!empty && list.data && (
        <Grid>
          <Grid.Col span={{ base: 12, md: openId ? 5 : 12 }}>
            <RunChecksTable rows={rows} cursor={cursor} openJobId={openId} selected={selected} onOpen={open} onToggle={toggle} />
            <Pager page={page} pageSize={pageSize} total={list.data.total} onChange={setPage} />
          </Grid.Col>
          {openId !== null && (
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack aria-label="Runs to review" ref={detailRef} style={{ scrollMarginTop: 70 }}>
                {detail.isLoading && <Loader />}
                <ErrorText error={detail.error} />
                {detail.data && (
                  <>
                    <Group justify="space-between">
                      <div>
                        <Title order={3}>{detail.data.job.customerName} · {detail.data.job.jobName}</Title>
                        <Text size="sm" c="dimmed">
                          {detail.data.job.backupSoftware} {detail.data.job.backupType} · {includeReviewed ? `${detail.data.total} run${detail.data.total === 1 ? '' : 's'}, ${waiting} not reviewed` : `${waiting} run${waiting === 1 ? '' : 's'} to review`}
                        </Text>
                      </div>
                      <Group gap="xs">
                        <Button variant="default" size="xs" onClick={() => setNoteKind('remark')}>New remark</Button>
                        <Button variant="default" size="xs" onClick={() => setNoteKind('ticket')}>New ticket</Button>
                        <Button onClick={reviewOpen} disabled={waiting === 0}>Mark reviewed</Button>
                      </Group>
                    </Group>
                    {waiting === 0 && <Text c="dimmed">No runs of this job wait for review.</Text>}
                    {runs.map((run) => (
                      <RunCard key={run.id} run={run} mailOpen={mailRunId === run.id} canUnreview={can('run-checks.admin')} onMarkSuccess={setMarking}
                        onToggleMail={(r) => setMailRunId((id) => (id === r.id ? null : r.id))} onUnreview={unreview} />
                    ))}
                  </>
                )}
              </Stack>
            </Grid.Col>
          )}
        </Grid>
      )}
      <MarkSuccessModal run={marking} onClose={() => setMarking(null)} onDone={() => { setMarking(null); notifications.show({ message: 'Marked as success', color: 'blue' }); void refresh(); }} />
      {detail.data && (
        <NoteFormModal kind={noteKind ?? 'remark'} opened={noteKind !== null} suggested={suggestedScopes(detail.data.job, runs)} onClose={() => setNoteKind(null)}
          onSaved={() => { setNoteKind(null); notifications.show({ message: 'Saved', color: 'green' }); void refresh(); }} />
      )}
      <Modal opened={help} onClose={() => setHelp(false)} title="Keyboard shortcuts">
        <Table>
          <Table.Tbody>
            {keyHelp.map(([keys, what]) => (
              <Table.Tr key={what}><Table.Td>{keys.map((k) => <Kbd key={k} mr={4}>{k}</Kbd>)}</Table.Td><Table.Td>{what}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </Stack>
  );
}
