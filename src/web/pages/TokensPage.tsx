import { Title } from '@mantine/core';

export function TokensPage() {
  return <Title order={2}>TokensPage</Title>;
}
