import { Title } from '@mantine/core';

export function InboxPage() {
  return <Title order={2}>InboxPage</Title>;
}
