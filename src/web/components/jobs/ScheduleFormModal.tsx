import { Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { JobScheduleInfo, SchedulePin } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { TimeZoneInput } from '../TimeZoneInput';
import { weekdayNames } from './schedule';
import { formFromSchedule, pinFromForm, type MonthlyBy, type PinKind, type ScheduleFormValues } from './scheduleForm';

const kinds = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
];
const weekdayOptions = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayNames[d] ?? String(d) }));
const nthOptions = [
  { value: '1', label: '1st' },
  { value: '2', label: '2nd' },
  { value: '3', label: '3rd' },
  { value: '4', label: '4th' },
  { value: '5', label: '5th' },
  { value: '-1', label: 'Last' },
];

interface ScheduleFormModalProps {
  opened: boolean;
  title: string;
  schedule: JobScheduleInfo | null;
  /** Saves the pin; a rejection (400 with problems) is shown in the modal. */
  onSubmit(pin: SchedulePin): Promise<unknown>;
  onClose(): void;
}

/** Pin a schedule by hand (DESIGN §9): kind, its days, time(s), tolerance, duration, grace and zone. */
export function ScheduleFormModal({ opened, title, schedule, onSubmit, onClose }: ScheduleFormModalProps) {
  const [values, setValues] = useState<ScheduleFormValues>(() => formFromSchedule(schedule));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (opened) {
      setValues(formFromSchedule(schedule));
      setError(null);
    }
  }, [opened]);
  const set = <K extends keyof ScheduleFormValues>(key: K, value: ScheduleFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const built = pinFromForm(values);
    if ('error' in built) {
      setError(new Error(built.error));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(built.pin);
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={title} centered size="lg">
      <form onSubmit={handleSubmit}>
        <Stack>
          <NativeSelect label="Kind" data={kinds} value={values.kind} onChange={(e) => set('kind', e.currentTarget.value as PinKind)} />
          {values.kind === 'weekly' && (
            <Checkbox.Group label="Weekdays" value={values.weekdays} onChange={(v) => set('weekdays', v)}>
              <Group gap="md" mt={4}>
                {weekdayOptions.map((o) => <Checkbox key={o.value} value={o.value} label={o.label} />)}
              </Group>
            </Checkbox.Group>
          )}
          {values.kind === 'monthly' && (
            <>
              <Radio.Group label="Monthly on" value={values.monthlyBy} onChange={(v) => set('monthlyBy', v as MonthlyBy)}>
                <Group gap="md" mt={4}>
                  <Radio value="days" label="Days of the month" />
                  <Radio value="nth" label="Nth weekday" />
                </Group>
              </Radio.Group>
              {values.monthlyBy === 'days' ? (
                <TextInput
                  label="Month days"
                  description="Day numbers separated by commas; 31 means the last day in shorter months"
                  placeholder="1, 15"
                  value={values.monthDays}
                  onChange={(e) => set('monthDays', e.currentTarget.value)}
                />
              ) : (
                <Group grow>
                  <NativeSelect label="Which" data={nthOptions} value={values.nthN} onChange={(e) => set('nthN', e.currentTarget.value)} />
                  <NativeSelect label="Day of the week" data={weekdayOptions} value={values.nthWeekday} onChange={(e) => set('nthWeekday', e.currentTarget.value)} />
                </Group>
              )}
            </>
          )}
          <TextInput
            label="Time"
            description="HH:MM in the time zone below; several times a day separated by commas"
            placeholder="22:00"
            value={values.time}
            onChange={(e) => set('time', e.currentTarget.value)}
          />
          <Group grow align="flex-start">
            <NumberInput label="Tolerance minutes" min={0} max={720} value={values.toleranceMinutes} onChange={(v) => set('toleranceMinutes', v)} />
            <NumberInput label="Typical duration minutes" min={0} value={values.typicalDurationMinutes} onChange={(v) => set('typicalDurationMinutes', v)} />
            <NumberInput label="Grace minutes" min={0} value={values.graceMinutes} onChange={(v) => set('graceMinutes', v)} />
          </Group>
          <TimeZoneInput value={values.zone} onChange={(v) => set('zone', v)} placeholder="The customer's time zone" description="Empty: the customer's (or the installation's) zone; UTC for a device whose clock runs in UTC" />
          <Text size="xs" c="dimmed">A run that starts within the tolerance of a time meets it; the slot is Missed after the time + typical duration + grace.</Text>
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
