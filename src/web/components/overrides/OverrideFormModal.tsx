import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { patch, post } from '../../api/client';
import type { Override, OverrideDraft } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { RemoteSelect } from '../inbox/RemoteSelect';
import { searchJobs } from '../search';
import { OverrideFields } from './OverrideFields';
import { useBroadRuleSubmit } from './useBroadRuleSubmit';

const blank: OverrideDraft = { scope: 'job', jobId: null, objectName: null, statuses: ['failed'], match: { type: 'contains', text: '' }, validFrom: null, validUntil: null, comment: null };

/** "2026-12-24T18:00" from the browser's datetime-local input as an ISO instant, and back. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : null);
const toLocal = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Create or change an override; a broad rule (global, empty text) asks once more after the server's 409. */
export function OverrideFormModal({ opened, override, onClose, onSaved }: { opened: boolean; override: Override | null; onClose(): void; onSaved(): void }) {
  const [draft, setDraft] = useState<OverrideDraft>(blank);
  const { busy, error, confirming, submit, reset, unconfirm } = useBroadRuleSubmit(async (confirm) => {
    const body = { ...draft, ...(confirm ? { confirm: true } : {}) };
    if (override) await patch(`/api/v1/overrides/${override.id}`, body);
    else await post('/api/v1/overrides', body);
  }, onSaved);
  useEffect(() => {
    if (!opened) return;
    setDraft(override ? { scope: override.scope, jobId: override.jobId, objectName: override.objectName, statuses: override.statuses, match: override.match, validFrom: override.validFrom, validUntil: override.validUntil, comment: override.comment } : blank);
    reset();
  }, [opened, override, reset]);
  const change = (next: OverrideDraft) => {
    unconfirm();
    setDraft(next);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={override ? `Edit override #${override.id}` : 'New override'} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {draft.scope !== 'global' && (
            <RemoteSelect label="Job" placeholder="Search jobs" queryKey={['jobs', 'search']} search={searchJobs} value={draft.jobId} onChange={(jobId) => change({ ...draft, jobId })} required />
          )}
          <OverrideFields draft={draft} fallbackJobId={null} jobPicker onChange={change} />
          <Group grow>
            <TextInput type="datetime-local" label="Valid from" value={toLocal(draft.validFrom)} onChange={(e) => change({ ...draft, validFrom: toIso(e.currentTarget.value) })} />
            <TextInput type="datetime-local" label="Valid until" value={toLocal(draft.validUntil)} onChange={(e) => change({ ...draft, validUntil: toIso(e.currentTarget.value) })} />
          </Group>
          <TextInput label="Comment" value={draft.comment ?? ''} onChange={(e) => change({ ...draft, comment: e.currentTarget.value || null })} />
          {confirming && <Alert color="orange" title="This rule is broad" role="alert">{confirming}</Alert>}
          <ErrorText error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} color={confirming ? 'orange' : undefined}>{confirming ? 'Save anyway' : 'Save override'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
