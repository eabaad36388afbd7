import { Title } from '@mantine/core';

export function JobsPage() {
  return <Title order={2}>JobsPage</Title>;
}
