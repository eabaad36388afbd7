import { Title } from '@mantine/core';

/** Placeholder, replaced by the Tickets page. */
export function TicketsPage() {
  return <Title order={2}>Tickets</Title>;
}
