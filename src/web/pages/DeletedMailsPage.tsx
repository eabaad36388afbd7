import { Title } from '@mantine/core';

export function DeletedMailsPage() {
  return <Title order={2}>DeletedMailsPage</Title>;
}
