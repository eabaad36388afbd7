import { describe, expect, it } from 'vitest';
import type { Status } from '../status.js';
import { applyOverrides, type RunInput, type RunObjectInput } from './apply-overrides.js';
import type { Override } from './override.js';

const now = new Date('2026-03-01T12:00:00Z');

function rule(id: number, fields: Partial<Override> = {}): Override {
  return {
    id,
    scope: 'job',
    jobId: 1,
    objectName: null,
    statuses: ['warning', 'failed'],
    match: { type: 'contains', text: 'vss' },
    validFrom: null,
    validUntil: null,
    comment: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

const objectRule = (id: number, objectName: string, fields: Partial<Override> = {}) => rule(id, { scope: 'object', objectName, ...fields });
const globalRule = (id: number, fields: Partial<Override> = {}) => rule(id, { scope: 'global', jobId: null, ...fields });
const obj = (name: string, status: Status, message: string | null = null): RunObjectInput => ({ name, status, message });
const run = (status: Status, message: string | null, objects: RunObjectInput[] = []): RunInput => ({ jobId: 1, status, message, objects });

describe('applyOverrides on a run without objects', () => {
  it('makes a matching warning or failed run count as success, naming the rule', () => {
    expect(applyOverrides(run('failed', 'VSS writer timed out'), [rule(4)], now)).toEqual({ status: 'success', overridden: true, overrideId: 4, objects: [] });
  });

  it('keeps a different failure of the same job failed', () => {
    expect(applyOverrides(run('failed', 'Repository unavailable'), [rule(4)], now)).toMatchObject({ status: 'failed', overridden: false, overrideId: null });
  });

  it('leaves runs of other jobs alone, and lets a global rule match any job', () => {
    const other = { ...run('failed', 'VSS writer timed out'), jobId: 2 };
    expect(applyOverrides(other, [rule(4)], now).overridden).toBe(false);
    expect(applyOverrides(other, [globalRule(5)], now).overrideId).toBe(5);
  });

  it('matches on status: a failed-only rule ignores warnings; unknown counts as a warning', () => {
    expect(applyOverrides(run('warning', 'vss'), [rule(4, { statuses: ['failed'] })], now).overridden).toBe(false);
    expect(applyOverrides(run('unknown', 'vss'), [rule(4, { statuses: ['warning'] })], now).status).toBe('success');
    expect(applyOverrides(run('unknown', 'vss'), [rule(4, { statuses: ['failed'] })], now).status).toBe('unknown');
  });

  it('never overrides a success or a Missed run, even with an empty-text rule', () => {
    const everything = [globalRule(1, { match: { type: 'contains', text: '' } })];
    expect(applyOverrides(run('missed', null), everything, now)).toMatchObject({ status: 'missed', overridden: false });
    expect(applyOverrides(run('success', 'ok'), everything, now)).toMatchObject({ status: 'success', overridden: false, overrideId: null });
  });

  it('does not apply object rules to the run itself', () => {
    expect(applyOverrides(run('failed', 'vss'), [objectRule(4, 'SQL01')], now).overridden).toBe(false);
  });
});

describe('applyOverrides validity window', () => {
  it('applies from validFrom inclusive until validUntil exclusive', () => {
    const at = now.toISOString();
    const failed = run('failed', 'vss');
    expect(applyOverrides(failed, [rule(4, { validFrom: at })], now).overridden).toBe(true);
    expect(applyOverrides(failed, [rule(4, { validFrom: '2026-03-01T12:00:00.001Z' })], now).overridden).toBe(false);
    expect(applyOverrides(failed, [rule(4, { validUntil: at })], now).overridden).toBe(false);
    expect(applyOverrides(failed, [rule(4, { validUntil: '2026-03-01T12:00:00.001Z' })], now).overridden).toBe(true);
  });
});

describe('applyOverrides precedence', () => {
  const objects = [obj('SQL01', 'failed', 'VSS writer timed out')];

  it('prefers object over job over global rules, whatever their ids', () => {
    const all = [globalRule(1), rule(2), objectRule(3, 'sql01')];
    expect(applyOverrides(run('failed', 'vss', objects), all, now).objects[0]).toMatchObject({ overridden: true, overrideId: 3 });
    expect(applyOverrides(run('failed', 'vss', objects), all.slice(0, 2), now).objects[0]?.overrideId).toBe(2);
    expect(applyOverrides(run('failed', 'vss'), [globalRule(1), rule(2)], now).overrideId).toBe(2);
  });

  it('takes the lowest id among rules of the same scope', () => {
    expect(applyOverrides(run('failed', 'vss'), [rule(9), rule(3), rule(5)], now).overrideId).toBe(3);
  });

  it('skips a stored regex the engine refuses instead of throwing', () => {
    const broken = rule(1, { match: { type: 'regex', text: '(?=vss)' } });
    expect(applyOverrides(run('failed', 'vss'), [broken, rule(2)], now).overrideId).toBe(2);
  });
});

describe('applyOverrides on a run whose status came from its objects', () => {
  const objects = [obj('SQL01', 'failed', 'VSS writer timed out'), obj(' File01 ', 'unknown', 'no status line'), obj('DC01', 'success', 'ok')];
  const failedRun = run('failed', 'VSS writer timed out', objects);

  it('counts as success when every non-success object is overridden, naming the most specific rule', () => {
    const rules = [objectRule(8, 'file01', { statuses: ['warning'], match: { type: 'exact', text: 'No status line' } }), rule(2)];
    const outcome = applyOverrides(failedRun, rules, now);
    expect(outcome).toMatchObject({ status: 'success', overridden: true, overrideId: 8 });
    expect(outcome.objects).toEqual([
      { ...objects[0], overridden: true, overrideId: 2 },
      { ...objects[1], overridden: true, overrideId: 8 },
      { ...objects[2], overridden: false, overrideId: null },
    ]);
  });

  it('stays failed while one non-success object is not overridden, even when a job rule matches the run message', () => {
    const outcome = applyOverrides(failedRun, [rule(2)], now);
    expect(outcome).toMatchObject({ status: 'failed', overridden: false, overrideId: null });
    expect(outcome.objects.map((o) => o.overridden)).toEqual([true, false, false]);
  });

  it('matches an object rule on the object name, its status and its message', () => {
    const rules = [objectRule(3, 'SQL02'), objectRule(4, 'SQL01', { statuses: ['warning'] }), objectRule(5, 'SQL01', { match: { type: 'contains', text: 'disk' } })];
    expect(applyOverrides(failedRun, rules, now).objects[0]?.overridden).toBe(false);
  });
});

describe('applyOverrides on a run that failed on its own', () => {
  const objects = [obj('SQL01', 'warning', 'VSS writer slow')];
  const failedRun = run('failed', 'Repository unavailable', objects);

  it('needs a run rule and every non-success object overridden', () => {
    const objectOnly = [objectRule(3, 'SQL01')];
    const runOnly = [rule(4, { match: { type: 'startsWith', text: 'repository' } })];
    expect(applyOverrides(failedRun, objectOnly, now).status).toBe('failed');
    expect(applyOverrides(failedRun, runOnly, now).status).toBe('failed');
    expect(applyOverrides(failedRun, [...objectOnly, ...runOnly], now)).toMatchObject({ status: 'success', overridden: true, overrideId: 4 });
  });

  it('keeps the caller’s own object fields', () => {
    const withIds = { ...failedRun, objects: [{ ...objects[0]!, id: 42 }] };
    expect(applyOverrides(withIds, [], now).objects[0]).toEqual({ ...objects[0], id: 42, overridden: false, overrideId: null });
  });
});
