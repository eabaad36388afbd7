import { Button, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { del, get, post } from '../../api/client';
import type { Customer, List, MaintenanceWindow } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { formatTime } from '../format';
import { localToIso } from './localDateTime';

/**
 * A customer's maintenance windows (no Missed runs inside them): the list, add one (start and end in
 * the browser's time zone, sent with its offset) and delete one. Only for 'customers.manage'.
 */
export function MaintenanceWindowsModal({ customer, onClose }: { customer: Customer | null; onClose(): void }) {
  const client = useQueryClient();
  const id = customer?.id;
  const queryKey = ['customers', 'maintenance-windows', id];
  const windows = useQuery({
    queryKey,
    queryFn: () => get<List<MaintenanceWindow>>(`/api/v1/customers/${id}/maintenance-windows?pageSize=500`),
    enabled: id !== undefined,
  });
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setStartsAt('');
    setEndsAt('');
    setReason('');
    setError(null);
  }, [id]);

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey }), client.invalidateQueries({ queryKey: ['daily-jobs'] })]);
  const handleAdd = async (event: FormEvent) => {
    event.preventDefault();
    const from = localToIso(startsAt);
    const to = localToIso(endsAt);
    if (!from || !to) {
      setError(new Error('Give both the start and the end of the window.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post<MaintenanceWindow>(`/api/v1/customers/${id}/maintenance-windows`, { startsAt: from, endsAt: to, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setStartsAt('');
      setEndsAt('');
      setReason('');
      await refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const handleDelete = async (item: MaintenanceWindow) => {
    setDeleting(item.id);
    setError(null);
    try {
      await del(`/api/v1/maintenance-windows/${item.id}`);
      await refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setDeleting(null);
    }
  };

  const items = windows.data?.items ?? [];
  return (
    <Modal opened={customer !== null} onClose={onClose} title={`Maintenance windows of ${customer?.name ?? ''}`} centered size="xl">
      <Stack>
        <Text size="sm" c="dimmed">No Missed runs are created for slots inside a maintenance window. Times are in your browser's time zone.</Text>
        <ErrorText error={windows.error} />
        {windows.isLoading && <Loader size="sm" />}
        {windows.data && (
          <Table withTableBorder aria-label="Maintenance windows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Starts</Table.Th><Table.Th>Ends</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Created by</Table.Th><Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && (
                <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" size="sm">No maintenance windows.</Text></Table.Td></Table.Tr>
              )}
              {items.map((w) => (
                <Table.Tr key={w.id} data-testid={`maintenance-window-${w.id}`}>
                  <Table.Td>{formatTime(w.startsAt)}</Table.Td>
                  <Table.Td>{formatTime(w.endsAt)}</Table.Td>
                  <Table.Td>{w.reason || '—'}</Table.Td>
                  <Table.Td>{w.createdBy ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" color="red" loading={deleting === w.id} onClick={() => handleDelete(w)}>Delete</Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={handleAdd}>
          <Stack gap="xs">
            <Title order={5}>New window</Title>
            <Group grow align="flex-start">
              <TextInput type="datetime-local" label="Starts at" value={startsAt} onChange={(e) => setStartsAt(e.currentTarget.value)} required withAsterisk={false} />
              <TextInput type="datetime-local" label="Ends at" value={endsAt} onChange={(e) => setEndsAt(e.currentTarget.value)} required withAsterisk={false} />
            </Group>
            <TextInput label="Reason" placeholder="Optional, e.g. server move" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
            <ErrorText error={error} />
            <Group justify="space-between">
              <Button variant="default" onClick={onClose}>Close</Button>
              <Button type="submit" loading={busy}>Add window</Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
