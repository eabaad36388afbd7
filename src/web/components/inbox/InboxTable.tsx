import { Checkbox, Table, Text } from '@mantine/core';
import type { InboxItem } from '../../api/types';
import { EmlLink } from '../MailFrame';
import { StatusBadge } from '../StatusBadge';
import { formatTime } from '../format';
import { ParseStateBadge } from './ParseStateBadge';

interface InboxTableProps {
  items: InboxItem[];
  /** Shown only to users who may approve; null hides the checkboxes. */
  selected: Set<number> | null;
  onSelectedChange(selected: Set<number>): void;
  onOpen(id: number): void;
}

/** The Inbox list: one row per message awaiting approval; a click opens the detail. */
export function InboxTable({ items, selected, onSelectedChange, onOpen }: InboxTableProps) {
  const allSelected = selected !== null && items.length > 0 && items.every((i) => selected.has(i.id));
  const someSelected = selected !== null && items.some((i) => selected.has(i.id));
  const toggle = (id: number) => {
    if (!selected) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };
  const toggleAll = () => onSelectedChange(allSelected ? new Set() : new Set(items.map((i) => i.id)));

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder aria-label="Inbox">
        <Table.Thead>
          <Table.Tr>
            {selected && (
              <Table.Th w={40}>
                <Checkbox aria-label="Select all" checked={allSelected} indeterminate={someSelected && !allSelected} onChange={toggleAll} />
              </Table.Th>
            )}
            <Table.Th>From</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Received</Table.Th>
            <Table.Th>Backup</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Job name</Table.Th>
            <Table.Th>Overall</Table.Th>
            <Table.Th>Parsed</Table.Th>
            <Table.Th>EML</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={selected ? 10 : 9}><Text c="dimmed" size="sm">The Inbox is empty.</Text></Table.Td>
            </Table.Tr>
          )}
          {items.map((item) => (
            <Table.Tr key={item.id} data-testid={`inbox-row-${item.id}`} style={{ cursor: 'pointer' }} onClick={() => onOpen(item.id)}>
              {selected && (
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox aria-label={`Select message ${item.id}`} checked={selected.has(item.id)} onChange={() => toggle(item.id)} />
                </Table.Td>
              )}
              <Table.Td>{item.from ?? '—'}</Table.Td>
              <Table.Td>
                {/* A real button so the row can be opened with the keyboard too. */}
                <Text
                  component="button"
                  type="button"
                  size="sm"
                  td="underline"
                  style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left', color: 'inherit' }}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(item.id);
                  }}
                >
                  {item.subject || '(no subject)'}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(item.receivedAt)}</Table.Td>
              <Table.Td>{item.backupSoftware ?? '—'}</Table.Td>
              <Table.Td>{item.backupType ?? '—'}</Table.Td>
              <Table.Td>{item.jobName ?? '—'}</Table.Td>
              <Table.Td><div style={{ width: 'max-content' }}><StatusBadge status={item.status} /></div></Table.Td>
              <Table.Td><ParseStateBadge state={item.parseState} /></Table.Td>
              <Table.Td onClick={(e) => e.stopPropagation()}><EmlLink messageId={item.id} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
