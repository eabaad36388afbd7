import { ActionIcon, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { patch, post } from '../../api/client';
import type { NoteScope, NoteScopeView, Remark, Ticket } from '../../api/types';
import { ErrorText } from '../ErrorText';
import { RemoteSelect } from '../inbox/RemoteSelect';
import { searchCustomers, searchJobs } from '../search';

export type NoteKind = 'ticket' | 'remark';

/** A scope with the words it is shown by. */
export interface ScopeChoice {
  scope: NoteScope;
  label: string;
}

export function scopeLabel(scope: NoteScopeView): string {
  if (scope.type === 'customer') return `Customer ${scope.label ?? `#${scope.customerId}`}`;
  if (scope.type === 'job') return `Job ${scope.label ?? `#${scope.jobId}`}`;
  return `Object ${scope.label ?? `${scope.objectName} of job #${scope.jobId}`}`;
}

/** The scope as the API takes it (without the label it answers). */
function bareScope(scope: NoteScopeView): NoteScope {
  if (scope.type === 'customer') return { type: 'customer', customerId: scope.customerId };
  if (scope.type === 'job') return { type: 'job', jobId: scope.jobId };
  return { type: 'object', jobId: scope.jobId, objectName: scope.objectName };
}

const sameScope = (a: NoteScope, b: NoteScope) => JSON.stringify(bareScope(a)) === JSON.stringify(bareScope(b));

/** Picks one more scope: a customer, a job, or an object of a job. */
function AddScope({ onAdd }: { onAdd(choice: ScopeChoice): void }) {
  const [type, setType] = useState<NoteScope['type']>('job');
  const [id, setId] = useState<number | null>(null);
  const [name, setName] = useState<string | null>(null);
  const choose = (value: number | null, label: string | null) => {
    setId(value);
    setName(label);
  };
  const [objectName, setObjectName] = useState('');
  const ready = id !== null && (type !== 'object' || objectName.trim() !== '');
  const add = () => {
    if (id === null) return;
    const scope: NoteScope = type === 'customer' ? { type, customerId: id } : type === 'job' ? { type, jobId: id } : { type, jobId: id, objectName: objectName.trim() };
    const shown = name === null ? undefined : scope.type === 'object' ? `${scope.objectName} (${name})` : name;
    onAdd({ scope, label: scopeLabel({ ...scope, label: shown }) });
    setId(null);
    setObjectName('');
  };
  return (
    <Group align="flex-end" grow>
      <Select label="Add scope" data={[{ value: 'customer', label: 'Customer' }, { value: 'job', label: 'Job' }, { value: 'object', label: 'Object of a job' }]} value={type} onChange={(v) => { if (v) { setType(v as NoteScope['type']); setId(null); } }} allowDeselect={false} />
      {type === 'customer'
        ? <RemoteSelect key="customer" label="Customer" placeholder="Search customers" queryKey={['customers', 'search']} search={searchCustomers} value={id} onChange={choose} />
        : <RemoteSelect key="job" label="Job" placeholder="Search jobs" queryKey={['jobs', 'search']} search={searchJobs} value={id} onChange={choose} />}
      {type === 'object' && <TextInput label="Object name" value={objectName} onChange={(e) => setObjectName(e.currentTarget.value)} />}
      <Button variant="light" onClick={add} disabled={!ready}>Add</Button>
    </Group>
  );
}

interface NoteFormModalProps {
  kind: NoteKind;
  opened: boolean;
  /** The note to change; a new one when absent. */
  note?: Ticket | Remark | null;
  /** Scopes offered as checkboxes (Run Checks offers the run's customer, job and failing objects); `checked` ones start ticked. */
  suggested?: (ScopeChoice & { checked?: boolean })[];
  onClose(): void;
  onSaved(): void;
}

/** Create or change a ticket (code, description) or a remark (text), with its scopes. */
export function NoteFormModal({ kind, opened, note, suggested = [], onClose, onSaved }: NoteFormModalProps) {
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [choices, setChoices] = useState<(ScopeChoice & { checked: boolean })[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setCode(note?.kind === 'ticket' ? note.code : '');
    setText(note ? (note.kind === 'ticket' ? note.description : note.body) : '');
    const existing = (note?.scopes ?? []).map((scope) => ({ scope: bareScope(scope), label: scopeLabel(scope), checked: true }));
    setChoices([...existing, ...suggested.filter((s) => !existing.some((e) => sameScope(e.scope, s.scope))).map((s) => ({ ...s, checked: s.checked ?? false }))]);
    setError(null);
    // Only when the dialog opens: the suggestions are rebuilt by the parent on each render.
  }, [opened, note]);

  const noun = kind === 'ticket' ? 'ticket' : 'remark';
  const submit = async () => {
    setBusy(true);
    setError(null);
    const scopes = choices.filter((c) => c.checked).map((c) => c.scope);
    const body = kind === 'ticket' ? { code, description: text, scopes } : { body: text, scopes };
    try {
      if (note) await patch(`/api/v1/${noun}s/${note.id}`, body);
      else await post(`/api/v1/${noun}s`, body);
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`${note ? 'Edit' : 'New'} ${noun}`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          {kind === 'ticket' && <TextInput label="Ticket code" required value={code} onChange={(e) => setCode(e.currentTarget.value)} data-autofocus />}
          <Textarea label={kind === 'ticket' ? 'Description' : 'Remark'} required={kind === 'remark'} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus={kind === 'remark' || undefined} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>Scope: it links itself to every new run of these</Text>
            {choices.length === 0 && <Text size="sm" c="dimmed">No scope yet.</Text>}
            {choices.map((c, i) => (
              <Group key={JSON.stringify(c.scope)} gap="xs">
                <Checkbox label={c.label} checked={c.checked} onChange={(e) => { const checked = e.currentTarget.checked; setChoices(choices.map((x, j) => (j === i ? { ...x, checked } : x))); }} />
                <ActionIcon variant="subtle" size="sm" aria-label={`Remove ${c.label}`} onClick={() => setChoices(choices.filter((_, j) => j !== i))}>×</ActionIcon>
              </Group>
            ))}
          </Stack>
          <AddScope onAdd={(choice) => setChoices(choices.some((c) => sameScope(c.scope, choice.scope)) ? choices : [...choices, { ...choice, checked: true }])} />
          <ErrorText error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{`Save ${noun}`}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
