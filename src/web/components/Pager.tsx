import { Group, Pagination, Text } from '@mantine/core';

/** Page numbers under a list, with the total. */
export function Pager({ page, pageSize, total, onChange }: { page: number; pageSize: number; total: number; onChange(page: number): void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">{total} in all</Text>
      {pages > 1 && <Pagination value={page} onChange={onChange} total={pages} size="sm" />}
    </Group>
  );
}
