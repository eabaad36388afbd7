import { Title } from '@mantine/core';

export function CustomersPage() {
  return <Title order={2}>CustomersPage</Title>;
}
