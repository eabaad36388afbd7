import type { QueryClient } from '@tanstack/react-query';

/**
 * Refetches Inbox and Jobs queries after a change. The detail of a message that just left the Inbox
 * (approved or deleted) is skipped: its drawer is closing, and refetching it would only answer 404.
 */
export async function refreshInbox(client: QueryClient, goneIds: number[] = []): Promise<void> {
  const gone = (key: readonly unknown[]) => key[1] === 'detail' && goneIds.includes(key[2] as number);
  await Promise.all([
    client.invalidateQueries({ queryKey: ['inbox'], predicate: (query) => !gone(query.queryKey) }),
    client.invalidateQueries({ queryKey: ['jobs'] }),
  ]);
}
