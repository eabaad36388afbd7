import { Badge } from '@mantine/core';
import type { Status } from '../api/types';

const colors: Record<Status, string> = { success: 'green', warning: 'yellow', failed: 'red', missed: 'grape', unknown: 'orange' };
const labels: Record<Status, string> = { success: 'Success', warning: 'Warning', failed: 'Failed', missed: 'Missed', unknown: 'Unknown' };

export function StatusBadge({ status, overridden = false }: { status: Status | null | undefined; overridden?: boolean }) {
  if (!status) return <Badge color="gray" variant="light">—</Badge>;
  if (overridden) return <Badge color="blue" variant="light" title={`original status: ${labels[status]}`}>Success (override)</Badge>;
  return <Badge color={colors[status]} variant="light" miw="max-content">{labels[status]}</Badge>;
}
