import { Title } from '@mantine/core';

export function ArchivedJobsPage() {
  return <Title order={2}>ArchivedJobsPage</Title>;
}
