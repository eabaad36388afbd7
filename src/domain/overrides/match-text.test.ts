import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { compileMatcher, regexInputLimit, regexProblem, type MatchType } from './match-text.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const matches = (type: MatchType, text: string, message: string | null) => compileMatcher({ type, text })(message);

describe('compileMatcher with plain text', () => {
  it('finds "contains" text anywhere, ignoring case', () => {
    expect(matches('contains', 'VSS writer', 'Warning: the vss WRITER timed out')).toBe(true);
    expect(matches('contains', 'VSS writer', 'Warning: disk full')).toBe(false);
    expect(matches('contains', 'VSS writer', null)).toBe(false);
  });

  it('compares "exact" text with the whole message, ignoring case and surrounding whitespace', () => {
    expect(matches('exact', 'Disk Full', '  disk full\n')).toBe(true);
    expect(matches('exact', 'Disk Full', 'disk full on D:')).toBe(false);
  });

  it('anchors "startsWith" and "endsWith", ignoring case', () => {
    expect(matches('startsWith', 'retry', 'RETRY 3 of 5 succeeded')).toBe(true);
    expect(matches('startsWith', 'retry', 'Job retry 3')).toBe(false);
    expect(matches('endsWith', 'TIMED OUT', 'The snapshot timed out\r\n')).toBe(true);
    expect(matches('endsWith', 'timed out', 'timed out, retrying')).toBe(false);
  });

  it('matches every message, a missing one included, when the text is empty', () => {
    for (const type of ['contains', 'exact', 'startsWith', 'endsWith', 'regex'] as const) {
      expect(matches(type, '', 'anything at all')).toBe(true);
      expect(matches(type, '', null)).toBe(true);
    }
  });
});

describe('compileMatcher with a regex (RE2, linear time)', () => {
  it('searches anywhere in the message and is case-sensitive unless the pattern says (?i)', () => {
    expect(matches('regex', 'error 0x[0-9a-f]+', 'Job ended with error 0x8004230f.')).toBe(true);
    expect(matches('regex', 'error 0x[0-9a-f]+', 'Job ended with ERROR 0x8004230f.')).toBe(false);
    expect(matches('regex', '(?i)error 0x[0-9a-f]+', 'Job ended with ERROR 0x8004230F.')).toBe(true);
    expect(matches('regex', '^Job', 'The Job')).toBe(false);
  });

  it('returns for a pattern that makes backtracking engines stall, on a 1 MB message', () => {
    const huge = 'a'.repeat(1 << 20);
    // Only the first 64 K characters are searched, but `$` does not match where the message was cut.
    expect(matches('regex', '(a+)+$', `${huge}b`)).toBe(false);
    expect(matches('regex', '(a+)+$', 'a'.repeat(regexInputLimit))).toBe(true);
    expect(matches('regex', '(a+)+b', huge)).toBe(false);
    expect(matches('regex', '(a|aa)+c', huge)).toBe(false);
  });

  it('only searches the first 64 K characters of a message', () => {
    expect(matches('regex', 'needle', `${'x'.repeat(regexInputLimit - 6)}needle`)).toBe(true);
    expect(matches('regex', 'needle', `${'x'.repeat(regexInputLimit)}needle`)).toBe(false);
    // A pattern anchored at the end matches neither at the cut nor at the real end beyond it.
    expect(matches('regex', 'x$', `${'x'.repeat(regexInputLimit)}x`)).toBe(false);
    expect(matches('regex', 'needle$', `${'x'.repeat(regexInputLimit - 6)}needle`)).toBe(true);
  });

  it('refuses backreferences, lookarounds and broken patterns with a ValidationError at $.match.text', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', '(?<!a)b', '([a-z]']) {
      const error = thrown(() => compileMatcher({ type: 'regex', text: pattern }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems).toEqual([{ path: '$.match.text', message: expect.stringContaining('RE2') }]);
    }
  });

  it('explains what RE2 cannot do', () => {
    expect(regexProblem('(?=a)b')).toMatch(/unsupported Perl syntax.*lookarounds/);
    expect(regexProblem('x'.repeat(1001))).toBe('must be at most 1000 characters');
    expect(regexProblem('disk (full|quota)')).toBeNull();
  });
});
