import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorText } from '../ErrorText';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  /** Text of the confirm button, e.g. "Delete" or "Purge". */
  confirmLabel: string;
  color?: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
  /** How to show a failure; the default is the API's message and problems. */
  renderError?(error: unknown): ReactNode;
}

/** A confirmation that runs the change itself: stays open and shows the API's error if it fails. */
export function ConfirmDialog({ opened, title, children, confirmLabel, color = 'red', onConfirm, onClose, renderError }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const handleConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack>
        {children}
        {error ? (renderError ? renderError(error) : <ErrorText error={error} />) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button color={color} loading={busy} onClick={handleConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
