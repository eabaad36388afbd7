import { Title } from '@mantine/core';

export function MaintenancePage() {
  return <Title order={2}>MaintenancePage</Title>;
}
