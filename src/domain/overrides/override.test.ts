import { describe, expect, it } from 'vitest';
import { ValidationError, type Problem } from '../errors.js';
import { needsConfirmation, validateOverride, validateOverrideDraft } from './override.js';

const valid = {
  id: 7,
  scope: 'object',
  jobId: 3,
  objectName: '  SQL01 ',
  statuses: ['failed', 'warning', 'failed'],
  match: { type: 'contains', text: 'VSS writer' },
  validFrom: '2026-01-01T01:00:00+01:00',
  createdAt: '2025-12-31T12:00:00Z',
};

function problemsOf(input: unknown, validate: (input: unknown) => unknown = validateOverride): Problem[] {
  try {
    validate(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateOverride', () => {
  it('returns the override with the name trimmed, statuses ordered and unique, times in UTC, absent fields null', () => {
    expect(validateOverride(valid)).toEqual({
      id: 7,
      scope: 'object',
      jobId: 3,
      objectName: 'SQL01',
      statuses: ['warning', 'failed'],
      match: { type: 'contains', text: 'VSS writer' },
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
      comment: null,
      createdAt: '2025-12-31T12:00:00.000Z',
    });
  });

  it('names every bad field with a JSON path', () => {
    const problems = problemsOf({ ...valid, jobId: 'three', statuses: ['unknown'], match: { type: 'like', text: 5 }, validUntil: 'tomorrow' });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.jobId', '$.match.text', '$.match.type', '$.statuses[0]', '$.validUntil']);
    expect(problems.find((p) => p.path === '$.statuses[0]')?.message).toContain('unknown counts as warning');
  });

  it('reports rule problems together with field problems', () => {
    const problems = problemsOf({ ...valid, jobId: null, statuses: [], match: { type: 'regex', text: '(?=a)' } });
    expect(problems.map((p) => p.path).sort()).toEqual(['$.jobId', '$.match.text', '$.statuses']);
    expect(problems.find((p) => p.path === '$.jobId')?.message).toBe('is required for an object override');
  });

  it('refuses an empty status list', () => {
    expect(problemsOf({ ...valid, statuses: [] })).toEqual([{ path: '$.statuses', message: 'must name at least one status: "warning", "failed" or both' }]);
  });

  it('requires the job for job and object rules, the object name for object rules, and neither for global ones', () => {
    expect(problemsOf({ ...valid, jobId: null, objectName: ' ' }).map((p) => p.path).sort()).toEqual(['$.jobId', '$.objectName']);
    expect(problemsOf({ ...valid, scope: 'object', objectName: undefined })).toEqual([{ path: '$.objectName', message: 'is required for an object override' }]);
    expect(problemsOf({ ...valid, scope: 'job' })).toEqual([{ path: '$.objectName', message: 'must be empty for a job override' }]);
    expect(problemsOf({ ...valid, scope: 'global', objectName: null })).toEqual([{ path: '$.jobId', message: 'must be empty for a global override' }]);
    expect(validateOverride({ ...valid, scope: 'global', jobId: null, objectName: null }).scope).toBe('global');
  });

  it('refuses a regex RE2 cannot compile, saying why, at $.match.text', () => {
    const [problem, ...rest] = problemsOf({ ...valid, match: { type: 'regex', text: '(?<=disk )full' } });
    expect(rest).toEqual([]);
    expect(problem?.path).toBe('$.match.text');
    expect(problem?.message).toMatch(/not a regular expression RE2 accepts .*lookarounds/);
    expect(problemsOf({ ...valid, match: { type: 'regex', text: '(\\w+) \\1' } })[0]?.message).toContain('backreferences');
    expect(validateOverride({ ...valid, match: { type: 'regex', text: '(?i)^disk (full|quota)' } }).match.type).toBe('regex');
  });

  it('refuses a validity window that ends before it starts', () => {
    expect(problemsOf({ ...valid, validUntil: '2026-01-01T00:00:00Z' })).toEqual([{ path: '$.validUntil', message: 'must be later than validFrom' }]);
  });

  it('puts every problem in the error message', () => {
    expect(() => validateOverride({ ...valid, id: 0, statuses: [] })).toThrow(/invalid override: .*\$\.statuses: .*\$\.id|\$\.id: .*\$\.statuses/);
  });
});

describe('validateOverrideDraft', () => {
  it('accepts a new rule without id and createdAt', () => {
    const { id: _id, createdAt: _createdAt, ...draft } = valid;
    expect(validateOverrideDraft(draft)).toMatchObject({ scope: 'object', objectName: 'SQL01' });
    expect(problemsOf({ ...draft, statuses: [] }, validateOverrideDraft).map((p) => p.path)).toEqual(['$.statuses']);
  });

  it('names the problems between fields too when a field is bad on its own, in one answer', () => {
    const paths = problemsOf({ scope: 'object', statuses: ['bad'], match: { type: 'regex', text: '(?=x)' } }, validateOverrideDraft).map((p) => p.path).sort();
    expect(paths).toEqual(['$.jobId', '$.match.text', '$.objectName', '$.statuses[0]']);
    expect(problemsOf({ scope: 'planet', statuses: ['failed'], match: { type: 'regex', text: '(?=x)' } }, validateOverrideDraft).map((p) => p.path).sort()).toEqual(['$.match.text', '$.scope'].sort());
    expect(problemsOf([], validateOverrideDraft).map((p) => p.path)).toEqual(['$']);
  });

  it('refuses fields it does not know, unless told to allow them (import files of later versions)', () => {
    const { id: _id, createdAt: _createdAt, ...draft } = valid;
    const extra = { ...draft, enabled: false, match: { ...draft.match, caseSensitive: true } };
    expect(problemsOf(extra, validateOverrideDraft).map((p) => p.path).sort()).toEqual(['$', '$.match']);
    expect(validateOverrideDraft(extra, { allowUnknownKeys: true })).not.toHaveProperty('enabled');
  });
});

describe('needsConfirmation', () => {
  it('asks for a global rule or one whose text is empty, not for a narrow one', () => {
    expect(needsConfirmation({ scope: 'global', match: { type: 'contains', text: 'VSS' } })).toBe(true);
    expect(needsConfirmation({ scope: 'job', match: { type: 'contains', text: '' } })).toBe(true);
    expect(needsConfirmation({ scope: 'object', match: { type: 'regex', text: ' ' } })).toBe(true);
    expect(needsConfirmation({ scope: 'job', match: { type: 'contains', text: 'VSS' } })).toBe(false);
  });

  it('asks for a regex that matches every message, not for one that only matches some', () => {
    for (const text of ['.*', '^', '$', '(?s).*', 'a*', '(?i)x?', '[\\s\\S]*']) expect(needsConfirmation({ scope: 'job', match: { type: 'regex', text } }), text).toBe(true);
    for (const text of ['^$', 'disk full', '0x8007[0-9a-f]{4}', '.+x', '(?i)^backup']) expect(needsConfirmation({ scope: 'job', match: { type: 'regex', text } }), text).toBe(false);
  });
});
