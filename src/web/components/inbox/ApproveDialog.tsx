import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../api/client';
import { ErrorText } from '../ErrorText';
import { searchCustomers, searchJobs } from '../search';
import { refreshInbox } from './refresh';
import { RemoteSelect } from './RemoteSelect';

interface ApproveDialogProps {
  opened: boolean;
  /** The messages to approve: one (from the detail) or several (from the selection). */
  messageIds: number[];
  onClose(): void;
  onApproved?(): void;
}

/**
 * Approve one or more Inbox messages for a customer; a single message can instead be approved as the
 * continuation of an existing job (a renamed job). The API creates the job and refuses taken keys (409).
 */
export function ApproveDialog({ opened, messageIds, onClose, onApproved }: ApproveDialogProps) {
  const client = useQueryClient();
  const single = messageIds.length === 1;
  const [mode, setMode] = useState<'customer' | 'continuation'>('customer');
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    setCustomerId(null);
    setJobId(null);
    setMode('customer');
    onClose();
  };
  const continuation = single && mode === 'continuation';
  const ready = continuation ? jobId !== null : customerId !== null;

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      if (continuation) await post(`/api/v1/inbox/${messageIds[0]}/approve`, { continuationOfJobId: jobId });
      else if (single) await post(`/api/v1/inbox/${messageIds[0]}/approve`, { customerId });
      else await post('/api/v1/inbox/approve', { messageIds, customerId });
      await refreshInbox(client, messageIds);
      notifications.show({ color: 'green', message: single ? 'Message approved' : `${messageIds.length} messages approved` });
      close();
      onApproved?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={single ? 'Approve message' : `Approve ${messageIds.length} messages`} centered size="lg">
      <form onSubmit={handleSubmit}>
        <Stack>
          {single && (
            <Radio.Group label="Approve as" value={mode} onChange={(v) => setMode(v as 'customer' | 'continuation')}>
              <Group mt="xs">
                <Radio value="customer" label="New job" />
                <Radio value="continuation" label="Continuation of an existing job" />
              </Group>
            </Radio.Group>
          )}
          {continuation ? (
            <>
              <RemoteSelect label="Job to continue" placeholder="Search jobs" queryKey={['jobs', 'search']} search={searchJobs} value={jobId} onChange={setJobId} required />
              <Text size="sm" c="dimmed">The message's job key is added to this job as an alias.</Text>
            </>
          ) : (
            <>
              <RemoteSelect label="Customer" placeholder="Search customers" queryKey={['customers', 'search']} search={searchCustomers} value={customerId} onChange={setCustomerId} required />
              <Text size="sm" c="dimmed">The job is created from the parse result; other Inbox messages of the same job are linked too.</Text>
            </>
          )}
          <ErrorText error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={busy} disabled={!ready}>Approve</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
