import { Title } from '@mantine/core';

/** Placeholder, replaced by the Overrides page. */
export function OverridesPage() {
  return <Title order={2}>Overrides</Title>;
}
