import { Alert, Button, Checkbox, Divider, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, post } from '../../api/client';
import type { OverrideDraft, RunDetail } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { formatTime } from '../format';
import { OverrideFields } from '../overrides/OverrideFields';
import { useBroadRuleSubmit } from '../overrides/useBroadRuleSubmit';

type Proposal = OverrideDraft & { needsConfirmation: boolean };

/**
 * Mark as success (DESIGN §10): the run counts as success, keeps its original status and stays
 * unreviewed. Optionally overrides for future runs, pre-filled narrowly (the object and its message);
 * a broad rule (global, or empty text) is saved only after the server's 409 is confirmed here.
 */
export function MarkSuccessModal({ run, onClose, onDone }: { run: RunDetail | null; onClose(): void; onDone(): void }) {
  const proposal = useQuery({
    queryKey: ['runs', run?.id, 'override-proposal'],
    queryFn: () => get<{ proposals: Proposal[] }>(`/api/v1/runs/${run!.id}/override-proposal`),
    enabled: run !== null,
  });
  const [withOverride, setWithOverride] = useState(false);
  const [drafts, setDrafts] = useState<OverrideDraft[]>([]);
  const [comment, setComment] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const { busy, error, confirming, submit, reset, unconfirm } = useBroadRuleSubmit(async (confirm) => {
    if (!run) return;
    const until = validUntil ? new Date(validUntil).toISOString() : null;
    const rules = drafts.map((d) => ({ ...d, comment: comment.trim() || null, validUntil: until }));
    await post(`/api/v1/runs/${run.id}/mark-success`, withOverride ? { createOverride: true, override: rules, confirm } : {});
  }, onDone);
  useEffect(() => {
    setDrafts((proposal.data?.proposals ?? []).map(({ needsConfirmation: _n, ...d }) => d));
  }, [proposal.data]);
  useEffect(() => {
    setWithOverride(false);
    reset();
    setComment('');
    setValidUntil('');
  }, [run?.id, reset]);

  return (
    <Modal opened={run !== null} onClose={onClose} title="Mark as success" size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {run && <Text size="sm" fw={500}>{run.kind === 'missed' ? 'Missed run' : 'Run'} of {formatTime(run.startedAt ?? run.receivedAt)}{run.subject ? ` — ${run.subject}` : ''}</Text>}
          <Text size="sm">The run counts as success with a blue override badge; its original status is kept and it stays in Run Checks until reviewed.</Text>
          <Checkbox label="Also create an override for future runs" checked={withOverride} onChange={(e) => setWithOverride(e.currentTarget.checked)} disabled={(proposal.data?.proposals.length ?? 0) === 0} />
          {proposal.isLoading && <Loader size="sm" />}
          {withOverride && drafts.map((draft, i) => (
            <Stack key={i} gap="xs">
              {i > 0 && <Divider />}
              <OverrideFields draft={draft} fallbackJobId={run?.jobId ?? null} label={`Override ${i + 1}`} onChange={(next) => { unconfirm(); setDrafts(drafts.map((d, j) => (j === i ? next : d))); }} />
            </Stack>
          ))}
          {withOverride && run?.subject && drafts.some((d) => d.match.text === run.subject?.trim()) && (
            <Alert color="yellow" title="No error text in this report">
              The rule matches the mail's subject, so it hides every future report of this job with the same subject, whatever went wrong. Narrow the text if you can.
            </Alert>
          )}
          {withOverride && (
            <Group grow>
              <TextInput label="Comment" placeholder="Why this is fine" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
              <TextInput type="datetime-local" label="Valid until (optional)" value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} />
            </Group>
          )}
          {confirming && <Alert color="orange" title="This rule is broad" role="alert">{confirming}</Alert>}
          <ErrorText error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} color={confirming ? 'orange' : undefined}>{confirming ? 'Save anyway' : 'Mark as success'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
