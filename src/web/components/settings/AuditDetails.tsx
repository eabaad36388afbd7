import { Anchor, Code, Stack, Text } from '@mantine/core';
import { useState } from 'react';

const compactLength = 80;

/** An audit entry's details: compact JSON on one line, the whole of it indented on request. */
export function AuditDetails({ details }: { details: unknown }) {
  const [expanded, setExpanded] = useState(false);
  if (details === null || details === undefined) return <Text size="sm" c="dimmed">—</Text>;
  const compact = JSON.stringify(details);
  if (compact.length <= compactLength && !expanded) return <Code>{compact}</Code>;
  return (
    <Stack gap={2} align="flex-start">
      {expanded ? (
        <Code block style={{ maxWidth: 600, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(details, null, 2)}</Code>
      ) : (
        <Code>{`${compact.slice(0, compactLength)}…`}</Code>
      )}
      <Anchor component="button" type="button" size="xs" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
        {expanded ? 'Less' : 'More'}
      </Anchor>
    </Stack>
  );
}
