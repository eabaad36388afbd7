import { Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { ApiError } from '../../api/client';
import type { MatchType, OverrideDraft, OverrideScope } from '../../api/types';

export const matchTypeOptions: { value: MatchType; label: string }[] = [
  { value: 'contains', label: 'contains (any case)' },
  { value: 'exact', label: 'is exactly' },
  { value: 'startsWith', label: 'starts with' },
  { value: 'endsWith', label: 'ends with' },
  { value: 'regex', label: 'matches regex' },
];

const scopeOptions: { value: OverrideScope; label: string }[] = [
  { value: 'object', label: 'This object of the job' },
  { value: 'job', label: 'This job' },
  { value: 'global', label: 'Every job (global)' },
];

/**
 * The fields of one override rule. `jobId` is kept when the scope narrows back from global; a rule
 * without a job (made on the Overrides page) cannot choose job or object scope here.
 */
export function OverrideFields({ draft, onChange, fallbackJobId, label, jobPicker = false }: {
  draft: OverrideDraft;
  onChange(next: OverrideDraft): void;
  fallbackJobId: number | null;
  label?: string;
  /** The form has a job picker of its own (Overrides page): job and object scope are always offered. */
  jobPicker?: boolean;
}) {
  const jobId = draft.jobId ?? fallbackJobId;
  const jobScopes = jobPicker || jobId !== null;
  const setScope = (scope: OverrideScope) =>
    onChange({ ...draft, scope, jobId: scope === 'global' ? null : jobId, objectName: scope === 'object' ? (draft.objectName ?? '') : null });
  return (
    <Stack gap="xs" aria-label={label ?? 'Override rule'}>
      <Group grow align="flex-start">
        <Select label="Applies to" data={!jobScopes ? scopeOptions.filter((o) => o.value === 'global') : scopeOptions} value={draft.scope} onChange={(v) => v && setScope(v as OverrideScope)} allowDeselect={false} />
        {draft.scope === 'object' && <TextInput label="Object name" value={draft.objectName ?? ''} onChange={(e) => onChange({ ...draft, objectName: e.currentTarget.value })} />}
        <MultiSelect label="When the status is" data={[{ value: 'warning', label: 'Warning' }, { value: 'failed', label: 'Failed' }]} value={draft.statuses} onChange={(v) => onChange({ ...draft, statuses: v as OverrideDraft['statuses'] })} />
      </Group>
      <Group grow align="flex-start">
        <Select label="Message" data={matchTypeOptions} value={draft.match.type} onChange={(v) => v && onChange({ ...draft, match: { ...draft.match, type: v as MatchType } })} allowDeselect={false} />
        <TextInput label="Text" value={draft.match.text} onChange={(e) => onChange({ ...draft, match: { ...draft.match, text: e.currentTarget.value } })} />
      </Group>
    </Stack>
  );
}

const broadReasons: Record<string, string> = {
  global: 'A global override applies to every job.',
  empty_text: 'With empty text it matches every message of its scope, whatever the failure.',
  matches_everything: 'This regex matches every message of its scope, whatever the failure.',
};

/** The words for a 409 confirmation_required, or null for any other error. */
export function broadRuleWarning(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'confirmation_required') return null;
  const reason = (error.details as { reason?: string } | null)?.reason ?? '';
  return `${broadReasons[reason] ?? error.message} Save it anyway?`;
}
