import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorText } from './ErrorText';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  /** Text of the confirm button, e.g. "Delete" or "Purge"; "Confirm" when not given. */
  confirmLabel?: string;
  color?: string;
  /** While the dialog still loads what it shows (delete counts), confirming is not possible. */
  confirmDisabled?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
  /** How to show a failure; the default is the API's message and problems. */
  renderError?(error: unknown): ReactNode;
}

/** A confirmation that runs the change itself: closes when it succeeded, stays open with the API's error when not. */
export function ConfirmDialog({ opened, title, children, confirmLabel = 'Confirm', color = 'red', confirmDisabled = false, onConfirm, onClose, renderError }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  const handleConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setBusy(false);
      setError(null);
      onClose();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack>
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        {error ? (renderError ? renderError(error) : <ErrorText error={error} />) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={busy}>Cancel</Button>
          <Button color={color} loading={busy} disabled={confirmDisabled} onClick={handleConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
