import { ActionIcon, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { get, queryString } from '../api/client';
import type { DailyJob, DailyJobStatus, List, ScheduleSettings } from '../api/types';
import { addDays, isDate, today } from '../components/daily-jobs/dates';
import { DailyJobsTable } from '../components/daily-jobs/DailyJobsTable';
import { countStatuses, DailySummary } from '../components/daily-jobs/DailyStatus';
import { ErrorText } from '../components/ErrorText';
import { Pager } from '../components/Pager';
import { useCan } from '../hooks/useSession';

const pageSize = 100;

/** The list envelope, with the day's counts per status when the API sends them (all pages). */
type DailyJobsList = List<DailyJob> & { counts?: Partial<Record<DailyJobStatus, number>> };

/**
 * Daily Jobs (DESIGN §9): every job expected on one day with what became of it. The date (today in the
 * installation's time zone by default) and the page live in the address, so "back" from a run returns to the same day.
 */
export function DailyJobsPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const dateParam = params.get('date');
  const settings = useQuery({ queryKey: ['settings', 'schedule'], queryFn: () => get<ScheduleSettings>('/api/v1/settings/schedule'), staleTime: 300_000 });
  const date = isDate(dateParam) ? dateParam : today(settings.data?.timeZone);
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = (changes: { date?: string; page?: number }) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (changes.date !== undefined) {
        next.set('date', changes.date);
        next.delete('page');
      }
      if (changes.page !== undefined) {
        if (changes.page > 1) next.set('page', String(changes.page));
        else next.delete('page');
      }
      return next;
    }, { replace: changes.date === undefined });
  };

  const query = { date, page, pageSize };
  const daily = useQuery({
    queryKey: ['daily-jobs', query],
    queryFn: () => get<DailyJobsList>(`/api/v1/daily-jobs${queryString(query)}`),
    placeholderData: keepPreviousData,
    // Without a date in the address, wait for the installation's zone, which decides what "today" is.
    enabled: isDate(dateParam) || !settings.isPending,
  });
  const data = daily.data;
  const rows = data?.items ?? [];
  const showReviewed = can('jobs.reviewed-by') && rows.some((r) => 'reviewedAt' in r);
  // Counts of the whole day when the API gives them; else of the rows shown (one page).
  const counts = data?.counts ?? countStatuses(rows);
  const partial = !data?.counts && data !== undefined && data.total > rows.length;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Daily Jobs</Title>
        {daily.isFetching && <Loader size="sm" aria-label="Loading daily jobs" />}
      </Group>
      <Group align="flex-end" gap="xs">
        <ActionIcon variant="default" size="lg" aria-label="Previous day" onClick={() => update({ date: addDays(date, -1) })}>‹</ActionIcon>
        <TextInput
          type="date"
          label="Date"
          value={date}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isDate(value)) update({ date: value });
          }}
          w={180}
        />
        <ActionIcon variant="default" size="lg" aria-label="Next day" onClick={() => update({ date: addDays(date, 1) })}>›</ActionIcon>
        <Button variant="default" onClick={() => update({ date: today(settings.data?.timeZone) })} disabled={date === today(settings.data?.timeZone)}>Today</Button>
      </Group>
      {data && (
        <Group gap="xs">
          <DailySummary counts={counts} />
          {partial && <Text size="xs" c="dimmed">(this page)</Text>}
        </Group>
      )}
      <ErrorText error={daily.error} />
      {data && (
        <div>
          <DailyJobsTable rows={rows} showReviewed={showReviewed} />
          <Pager page={page} pageSize={pageSize} total={data.total} onChange={(p) => update({ page: p })} />
        </div>
      )}
      {!data && daily.isLoading && <Loader />}
    </Stack>
  );
}
