import { Badge, Button, Group, Switch, Table, Text } from '@mantine/core';
import type { Customer } from '../../api/types';

interface CustomersTableProps {
  items: Customer[];
  /** Whether to show the switches and Edit/Delete (users with 'customers.manage'). */
  manage: boolean;
  /** Ids whose active flag is being saved. */
  pending: Set<number>;
  onToggleActive(customer: Customer, active: boolean): void;
  onEdit(customer: Customer): void;
  onDelete(customer: Customer): void;
  onTimeZone(customer: Customer): void;
  onMaintenanceWindows(customer: Customer): void;
}

export function CustomersTable({ items, manage, pending, onToggleActive, onEdit, onDelete, onTimeZone, onMaintenanceWindows }: CustomersTableProps) {
  return (
    <Table striped highlightOnHover withTableBorder aria-label="Customers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Jobs</Table.Th>
          <Table.Th>Active</Table.Th>
          {manage && <Table.Th>Time zone</Table.Th>}
          {manage && <Table.Th>Actions</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.length === 0 && (
          <Table.Tr><Table.Td colSpan={manage ? 5 : 3}><Text c="dimmed" size="sm">No customers.</Text></Table.Td></Table.Tr>
        )}
        {items.map((customer) => (
          <Table.Tr key={customer.id} data-testid={`customer-row-${customer.id}`}>
            <Table.Td>{customer.name}</Table.Td>
            <Table.Td>
              {customer.jobCount === 0 ? <Text c="red" size="sm" title="no jobs">0</Text> : <Text size="sm">{customer.jobCount}</Text>}
            </Table.Td>
            <Table.Td>
              {manage ? (
                <Switch
                  aria-label={`Active: ${customer.name}`}
                  checked={customer.active}
                  disabled={pending.has(customer.id)}
                  onChange={(e) => onToggleActive(customer, e.currentTarget.checked)}
                />
              ) : (
                <Badge color={customer.active ? 'green' : 'gray'} variant="light">{customer.active ? 'Active' : 'Inactive'}</Badge>
              )}
            </Table.Td>
            {manage && (
              <Table.Td>
                {customer.timeZone ? <Text size="sm">{customer.timeZone}</Text> : <Text size="sm" c="dimmed" title="the installation's time zone">default</Text>}
              </Table.Td>
            )}
            {manage && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onEdit(customer)}>Edit</Button>
                  <Button size="xs" variant="light" onClick={() => onTimeZone(customer)}>Time zone</Button>
                  <Button size="xs" variant="light" onClick={() => onMaintenanceWindows(customer)}>Maintenance windows</Button>
                  <Button size="xs" variant="light" color="red" onClick={() => onDelete(customer)}>Delete</Button>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
