import { Title } from '@mantine/core';

/** Placeholder, replaced by the RunChecks page. */
export function RunChecksPage() {
  return <Title order={2}>RunChecks</Title>;
}
