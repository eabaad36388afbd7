import { Anchor, Button, Group, Loader, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, patch, post, queryString } from '../api/client';
import type { Customer, List } from '../api/types';
import { CsvImportButton, ImportOutcomeAlert, type ImportOutcome } from '../components/customers/CsvImport';
import { CustomerNameModal } from '../components/customers/CustomerNameModal';
import { CustomersTable } from '../components/customers/CustomersTable';
import { CustomerTimeZoneModal } from '../components/customers/CustomerTimeZoneModal';
import { DeleteCustomerDialog } from '../components/customers/DeleteCustomerDialog';
import { MaintenanceWindowsModal } from '../components/customers/MaintenanceWindowsModal';
import { ErrorText } from '../components/ErrorText';
import { Pager } from '../components/Pager';
import { useCan } from '../hooks/useSession';

const pageSize = 50;

/** Customers: search; for managers also create, rename, (de)activate, delete and CSV export/import. */
export function CustomersPage() {
  const can = useCan();
  const manage = can('customers.manage');
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Customer | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const [zoning, setZoning] = useState<Customer | null>(null);
  const [windowsOf, setWindowsOf] = useState<Customer | null>(null);
  const [importOutcome, setImportOutcome] = useState<ImportOutcome>(null);
  const [pending, setPending] = useState<Set<number>>(new Set());
  const { data, isLoading, error } = useQuery({
    queryKey: ['customers', 'list', q, page],
    queryFn: () => get<List<Customer>>(`/api/v1/customers${queryString({ q, page, pageSize })}`),
    placeholderData: keepPreviousData,
  });

  // Customers' activity hides or shows their jobs, so jobs lists are refreshed too.
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['customers'] }), client.invalidateQueries({ queryKey: ['jobs'] })]);

  const handleToggleActive = async (customer: Customer, active: boolean) => {
    setPending((p) => new Set(p).add(customer.id));
    try {
      await patch(`/api/v1/customers/${customer.id}`, { active });
      await refresh();
    } catch (caught) {
      notifications.show({ color: 'red', title: 'Could not change the customer', message: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setPending((p) => {
        const next = new Set(p);
        next.delete(customer.id);
        return next;
      });
    }
  };
  const handleCreate = async (name: string) => {
    await post<Customer>('/api/v1/customers', { name });
    await refresh();
  };
  const handleRename = async (name: string) => {
    if (!editing) return;
    await patch<Customer>(`/api/v1/customers/${editing.id}`, { name });
    await refresh();
  };
  const handleTimeZone = async (timeZone: string | null) => {
    if (!zoning) return;
    await patch<Customer>(`/api/v1/customers/${zoning.id}`, { timeZone });
    await Promise.all([refresh(), client.invalidateQueries({ queryKey: ['daily-jobs'] })]);
  };
  const handleDelete = async () => {
    if (!deleting) return;
    await del(`/api/v1/customers/${deleting.id}`);
    notifications.show({ message: `Customer “${deleting.name}” deleted` });
    await refresh();
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Customers</Title>
        {manage && (
          <Group>
            <Button onClick={() => setCreating(true)}>New customer</Button>
            <Button component="a" variant="default" href="/api/v1/customers/export.csv" download="customers.csv">Export CSV</Button>
            <CsvImportButton onOutcome={setImportOutcome} />
          </Group>
        )}
      </Group>
      <Stack>
        <ImportOutcomeAlert outcome={importOutcome} onClose={() => setImportOutcome(null)} />
        <TextInput
          label="Search"
          placeholder="Part of the name"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          maw={360}
        />
        <ErrorText error={error} />
        {isLoading && <Loader />}
        {data && (
          <div>
            <CustomersTable
              items={data.items}
              manage={manage}
              pending={pending}
              onToggleActive={handleToggleActive}
              onEdit={setEditing}
              onDelete={setDeleting}
              onTimeZone={setZoning}
              onMaintenanceWindows={setWindowsOf}
            />
            <Pager page={data.page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </div>
        )}
      </Stack>
      <CustomerNameModal opened={creating} title="New customer" submitLabel="Create" onSubmit={handleCreate} onClose={() => setCreating(false)} />
      <CustomerNameModal
        opened={editing !== null}
        title="Rename customer"
        submitLabel="Save"
        initialName={editing?.name ?? ''}
        onSubmit={handleRename}
        onClose={() => setEditing(null)}
      />
      <DeleteCustomerDialog customer={deleting} onConfirm={handleDelete} onClose={() => setDeleting(null)} />
      {manage && (
        <>
          <CustomerTimeZoneModal customer={zoning} onSubmit={handleTimeZone} onClose={() => setZoning(null)} />
          <MaintenanceWindowsModal customer={windowsOf} onClose={() => setWindowsOf(null)} />
        </>
      )}
    </>
  );
}
