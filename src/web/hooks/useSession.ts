import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, setCsrfToken } from '../api/client';
import type { Session } from '../api/types';

/** The signed-in session, or null when signed out. Keeps the CSRF token for the API client. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await get<Session>('/api/v1/auth/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Whether the active role has a permission (DESIGN §7); the API checks again on every request. */
export function useCan(): (permission: string) => boolean {
  const { data } = useSession();
  return (permission) => data?.permissions.includes(permission) ?? false;
}

export function useRefreshSession(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries();
  };
}
