import { describe, expect, it } from 'vitest';
import type { Status } from '../status.js';
import { applyOverrides, type RunInput } from './apply-overrides.js';
import { maxTextLength, needsConfirmation, validateOverride, type OverrideDraft } from './override.js';
import { proposeOverrides } from './propose-override.js';

const now = new Date('2026-03-01T12:00:00Z');
const run = (status: Status, message: string | null, objects: RunInput['objects'] = []): RunInput => ({ jobId: 7, status, message, objects });

/** Stores the proposals as the service would, so they can be applied. */
function stored(drafts: OverrideDraft[]) {
  return drafts.map((draft, i) => validateOverride({ ...draft, id: i + 1, createdAt: '2026-03-01T11:00:00Z' }));
}

describe('proposeOverrides', () => {
  it('proposes one job rule: the run’s status, "contains" its first error text', () => {
    expect(proposeOverrides(run('failed', '  VSS writer timed out\n'))).toEqual([
      { scope: 'job', jobId: 7, objectName: null, statuses: ['failed'], match: { type: 'contains', text: 'VSS writer timed out' }, validFrom: null, validUntil: null, comment: null },
    ]);
  });

  it('turns dates and times into digits of any value, so the rule matches the next night’s text too', () => {
    const [proposal] = proposeOverrides(run('failed', 'Datensicherung (v1.2) Fehler - 15.01.2024 22:00:01 [code 0x80070070]'));
    expect(proposal!.match).toEqual({ type: 'regex', text: '(?i)Datensicherung \\(v1\\.2\\) Fehler - \\d+\\.\\d+\\.\\d+ \\d+:\\d+:\\d+ \\[code 0x80070070\\]' });
    const [rule] = stored([proposal!]);
    const next = applyOverrides(run('failed', 'DATENSICHERUNG (v1.2) Fehler - 16.01.2024 22:00:07 [code 0x80070070]'), [rule!], now);
    expect(next.status).toBe('success');
    const otherCode = applyOverrides(run('failed', 'Datensicherung (v1.2) Fehler - 16.01.2024 22:00:07 [code 0x80070005]'), [rule!], now);
    expect(otherCode.status).toBe('failed');
    expect(needsConfirmation(proposal!)).toBe(false);
    expect(proposeOverrides(run('failed', 'Started 2026-03-01T22:00:05Z, failed'))[0]!.match.text).toBe('(?i)Started \\d+-\\d+-\\d+T\\d+:\\d+:\\d+Z, failed');
    const tmp = proposeOverrides(run('failed', "unable to open '/mnt/backup/dump/vzdump-lxc-101-2024_01_15-01_09_30.tmp' - No space left"))[0]!;
    expect(tmp.match.text).toBe("(?i)unable to open '/mnt/backup/dump/vzdump-lxc-101-\\d+_\\d+_\\d+-\\d+_\\d+_\\d+\\.tmp' - No space left");
    // Addresses, ports and versions are not dates: the text stays a plain "contains".
    const vzdump = "backup failed: could not activate storage 'backup': error fetching datastores - 500 Can't connect to 192.0.2.20:8007 (v2.4.1)";
    expect(proposeOverrides(run('failed', vzdump))[0]!.match).toEqual({ type: 'contains', text: vzdump });
  });

  it('proposes "warning" for an unknown run, since unknown counts as a warning', () => {
    expect(proposeOverrides(run('unknown', 'no status line')).map((p) => p.statuses)).toEqual([['warning']]);
  });

  it('proposes one object rule per failing object for a run whose status came from them', () => {
    const objects = [
      { name: ' SQL01 ', status: 'failed' as const, message: 'VSS writer timed out' },
      { name: 'DC01', status: 'success' as const, message: null },
      { name: 'File01', status: 'warning' as const, message: 'File in use' },
      { name: 'sql01', status: 'failed' as const, message: 'vss writer timed out' },
    ];
    const proposals = proposeOverrides(run('failed', 'VSS writer timed out', objects));
    expect(proposals.map((p) => [p.scope, p.objectName, p.statuses, p.match])).toEqual([
      ['object', 'SQL01', ['failed'], { type: 'contains', text: 'VSS writer timed out' }],
      ['object', 'File01', ['warning'], { type: 'contains', text: 'File in use' }],
    ]);
  });

  it('adds a job rule when the run failed on its own as well as in its objects', () => {
    const proposals = proposeOverrides(run('failed', 'Repository unavailable', [{ name: 'SQL01', status: 'warning', message: 'slow' }]));
    expect(proposals.map((p) => [p.scope, p.statuses[0], p.match.text])).toEqual([
      ['job', 'failed', 'Repository unavailable'],
      ['object', 'warning', 'slow'],
    ]);
  });

  it('proposes nothing for a success or a Missed run', () => {
    expect(proposeOverrides(run('success', 'ok'))).toEqual([]);
    expect(proposeOverrides(run('missed', null))).toEqual([]);
  });

  it('proposes empty text for a run without a message, which then needs confirmation', () => {
    const [proposal] = proposeOverrides(run('warning', null));
    expect(proposal?.match.text).toBe('');
    expect(needsConfirmation(proposal!)).toBe(true);
  });

  it('cuts a long message to the longest text a rule may hold, which still matches it', () => {
    const message = 'x'.repeat(maxTextLength + 500);
    const [proposal] = proposeOverrides(run('failed', message));
    expect(proposal?.match.text).toHaveLength(maxTextLength);
    expect(applyOverrides(run('failed', message), stored([proposal!]), now).status).toBe('success');
  });

  it('proposes rules that are valid and, once stored, turn this run into Success (override) and no other failure', () => {
    const objects = [
      { name: 'SQL01', status: 'failed' as const, message: 'VSS writer timed out' },
      { name: 'File01', status: 'unknown' as const, message: null },
    ];
    for (const original of [run('failed', 'VSS writer timed out', objects), run('warning', 'Low disk space')]) {
      const rules = stored(proposeOverrides(original));
      expect(rules.every((r) => r.scope !== 'global')).toBe(true);
      expect(applyOverrides(original, rules, now)).toMatchObject({ status: 'success', overridden: true });
      expect(applyOverrides({ ...original, message: 'Repository unavailable', objects: [] }, rules, now).overridden).toBe(false);
    }
    const sqlRules = stored(proposeOverrides(run('failed', 'VSS writer timed out', [objects[0]!])));
    const otherFailure = run('failed', 'Disk full', [{ ...objects[0]!, message: 'Disk full' }]);
    expect(applyOverrides(otherFailure, sqlRules, now)).toMatchObject({ status: 'failed', overridden: false });
  });
});
