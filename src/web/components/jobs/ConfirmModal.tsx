import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorText } from '../ErrorText';

/** A confirmation dialog whose "Confirm" runs an action, stays open with the error when it fails. */
export function ConfirmModal({ opened, title, children, confirmColor = 'blue', confirmDisabled = false, onConfirm, onClose }: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmColor?: string;
  confirmDisabled?: boolean;
  onConfirm(): Promise<void>;
  onClose(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack>
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        <ErrorText error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={busy}>Cancel</Button>
          <Button color={confirmColor} onClick={confirm} loading={busy} disabled={confirmDisabled}>Confirm</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
