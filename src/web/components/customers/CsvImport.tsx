import { Alert, Button, FileButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { ErrorText } from '../ErrorText';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

export type ImportOutcome = { result: ImportResult } | { error: unknown } | null;

/** The "Import CSV" button: sends the picked file as text/csv; the API validates it and reports problems. */
export function CsvImportButton({ onOutcome }: { onOutcome(outcome: ImportOutcome): void }) {
  const client = useQueryClient();
  const resetRef = useRef<() => void>(null);
  const [busy, setBusy] = useState(false);

  const handleFile = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    onOutcome(null);
    try {
      const text = await file.text();
      const result = await api<ImportResult>('POST', '/api/v1/customers/import', { body: text, contentType: 'text/csv' });
      onOutcome({ result });
      await client.invalidateQueries({ queryKey: ['customers'] });
    } catch (error) {
      onOutcome({ error });
    } finally {
      setBusy(false);
      resetRef.current?.();
    }
  };

  return (
    <FileButton onChange={handleFile} accept=".csv,text/csv" resetRef={resetRef} inputProps={{ 'aria-label': 'CSV file' }}>
      {(props) => <Button variant="default" loading={busy} {...props}>Import CSV</Button>}
    </FileButton>
  );
}

/** What the last import did, or why it was refused. */
export function ImportOutcomeAlert({ outcome, onClose }: { outcome: ImportOutcome; onClose(): void }) {
  if (!outcome) return null;
  if ('error' in outcome) return <ErrorText error={outcome.error} />;
  const { created, updated, unchanged } = outcome.result;
  return (
    <Alert color="green" title="Import finished" data-testid="import-result" withCloseButton onClose={onClose}>
      {created} created, {updated} updated, {unchanged} unchanged
    </Alert>
  );
}
