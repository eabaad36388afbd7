import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client';

function titleOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  if (error.status === 400) return 'Please check';
  if (error.status === 401) return 'Not signed in';
  if (error.status === 403) return 'Not allowed';
  if (error.status === 404) return 'Not found';
  if (error.status === 409) return 'Conflict';
  if (error.status === 429) return 'Too many attempts';
  return 'Something went wrong';
}

/** A form field's problem reads "password: …", an import file's keeps its JSON path "$.jobs[3].customer: …". */
function readablePath(line: string): string {
  return line.replace(/^\$\.(\w+):/, '$1:');
}

/** An API error as the user should read it: the message, and each validation problem with where it is. */
export function ErrorText({ error, jsonPaths = false }: { error: unknown; /** Keep `$.…` paths (problems of an imported file). */ jsonPaths?: boolean }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems.map((p) => (jsonPaths ? p : readablePath(p))) : [];
  return (
    <Alert color={error instanceof ApiError && error.status < 500 ? 'orange' : 'red'} title={titleOf(error)} role="alert">
      {message}
      {problems.length > 0 && (
        <List size="sm" mt="xs">
          {problems.map((p) => <List.Item key={p}>{p}</List.Item>)}
        </List>
      )}
    </Alert>
  );
}
