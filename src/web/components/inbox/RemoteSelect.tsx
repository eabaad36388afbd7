import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export interface RemoteOption {
  value: number;
  label: string;
}

interface RemoteSelectProps {
  label: string;
  placeholder?: string;
  /** Query key prefix, e.g. ['customers', 'search']; the search text is appended. */
  queryKey: string[];
  /** Options matching the text; the API does the matching (any part of the name). */
  search(text: string): Promise<RemoteOption[]>;
  value: number | null;
  /** The chosen value, and the label it was shown with. */
  onChange(value: number | null, label: string | null): void;
  required?: boolean;
}

/** A searchable select whose options come from the API as the user types. */
export function RemoteSelect({ label, placeholder, queryKey, search, value, onChange, required }: RemoteSelectProps) {
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<RemoteOption | null>(null);
  const [debounced] = useDebouncedValue(text, 250);
  // Once an option is chosen the box shows its label; list everything again rather than only that one.
  const q = selected && debounced === selected.label ? '' : debounced;
  const { data, isFetching, error } = useQuery({
    queryKey: [...queryKey, q],
    queryFn: () => search(q),
    placeholderData: keepPreviousData,
  });
  const options = data ?? [];
  const shown = selected && value === selected.value && !options.some((o) => o.value === selected.value) ? [selected, ...options] : options;
  return (
    <Select<number>
      label={label}
      placeholder={placeholder}
      required={required}
      searchable
      clearable
      searchValue={text}
      onSearchChange={setText}
      data={shown}
      filter={({ options: all }) => all}
      value={value}
      onChange={(next, option) => {
        setSelected(next === null ? null : { value: option.value, label: option.label });
        onChange(next, next === null ? null : option.label);
      }}
      nothingFoundMessage={isFetching ? 'Searching…' : error ? 'Search failed' : 'Nothing found'}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
