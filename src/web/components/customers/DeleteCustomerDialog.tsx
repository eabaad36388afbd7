import { Alert, Text } from '@mantine/core';
import { ApiError } from '../../api/client';
import type { Customer } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { ConfirmDialog } from '../ConfirmDialog';

/** A refusal because the customer still has jobs, with the counts the API sends. */
function DeleteError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'customer_has_jobs') {
    const counts = (error.details ?? {}) as { jobs?: number; archivedJobs?: number };
    return (
      <Alert color="red" title="Cannot delete this customer" role="alert">
        <Text size="sm">{error.message}</Text>
        <Text size="sm" mt="xs" data-testid="customer-job-counts">
          Jobs: {counts.jobs ?? 0}, archived jobs: {counts.archivedJobs ?? 0}.
        </Text>
      </Alert>
    );
  }
  return <ErrorText error={error} />;
}

export function DeleteCustomerDialog({ customer, onConfirm, onClose }: { customer: Customer | null; onConfirm(): Promise<unknown>; onClose(): void }) {
  return (
    <ConfirmDialog
      opened={customer !== null}
      title="Delete customer"
      confirmLabel="Delete"
      onConfirm={onConfirm}
      onClose={onClose}
      renderError={(error) => <DeleteError error={error} />}
    >
      <Text size="sm">Delete the customer “{customer?.name}”?</Text>
    </ConfirmDialog>
  );
}
