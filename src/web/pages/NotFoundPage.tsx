import { Text, Title } from '@mantine/core';

export function NotFoundPage() {
  return (
    <>
      <Title order={2}>Not found</Title>
      <Text c="dimmed">This page does not exist, or your active role cannot open it.</Text>
    </>
  );
}
