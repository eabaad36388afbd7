import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { Customer } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { TimeZoneInput } from '../TimeZoneInput';

interface CustomerTimeZoneModalProps {
  customer: Customer | null;
  /** Saves the zone, null for the installation's; a rejection (400 unknown zone) is shown in the modal. */
  onSubmit(timeZone: string | null): Promise<unknown>;
  onClose(): void;
}

/** The time zone the customer's devices run in; empty means the installation's zone. */
export function CustomerTimeZoneModal({ customer, onSubmit, onClose }: CustomerTimeZoneModalProps) {
  const [zone, setZone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (customer) {
      setZone(customer.timeZone ?? '');
      setError(null);
    }
  }, [customer]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(zone.trim() || null);
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={customer !== null} onClose={() => !busy && onClose()} title={`Time zone of ${customer?.name ?? ''}`} centered>
      <form onSubmit={handleSubmit}>
        <Stack>
          <TimeZoneInput value={zone} onChange={setZone} placeholder="Installation time zone" data-autofocus />
          <Text size="xs" c="dimmed">
            Leave empty to use the installation's time zone.
          </Text>
          <ErrorText error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
