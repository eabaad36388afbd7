import { Badge } from '@mantine/core';
import type { InboxItem } from '../../api/types';

const colors: Record<InboxItem['parseState'], string> = { parsed: 'green', unrecognised: 'gray', error: 'red' };
const labels: Record<InboxItem['parseState'], string> = { parsed: 'Parsed', unrecognised: 'Unrecognised', error: 'Error' };

/** Whether a parser read the mail: parsed, no parser recognised it, or a parser failed on it. */
export function ParseStateBadge({ state }: { state: InboxItem['parseState'] }) {
  return <Badge color={colors[state] ?? 'gray'} variant="light" miw="max-content">{labels[state] ?? state}</Badge>;
}
