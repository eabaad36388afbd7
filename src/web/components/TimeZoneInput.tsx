import { TextInput, type TextInputProps } from '@mantine/core';
import { useId, useMemo } from 'react';

/** The IANA zones the browser knows, for suggestions; the API validates the zone itself. */
function knownZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}

type TimeZoneInputProps = Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange(value: string): void };

/** A text input "Time zone" suggesting IANA zones (a datalist), so any zone can still be typed. */
export function TimeZoneInput({ value, onChange, label = 'Time zone', ...rest }: TimeZoneInputProps) {
  const listId = useId();
  const zones = useMemo(knownZones, []);
  return (
    <>
      <TextInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} list={listId} autoComplete="off" spellCheck={false} {...rest} />
      <datalist id={listId}>
        {zones.map((zone) => <option key={zone} value={zone} />)}
      </datalist>
    </>
  );
}
