import { Title } from '@mantine/core';

export function AuditPage() {
  return <Title order={2}>AuditPage</Title>;
}
