import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client';

/** An API error as the user should read it: the message, and each validation problem with its path. */
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      {message}
      {problems.length > 0 && (
        <List size="sm" mt="xs">
          {problems.map((p) => <List.Item key={p}>{p}</List.Item>)}
        </List>
      )}
    </Alert>
  );
}
