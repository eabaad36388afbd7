/**
 * The text criterion of an override (DESIGN §10): does a run's or object's message match?
 *
 * - `contains`, `exact`, `startsWith`, `endsWith` ignore case; `exact`, `startsWith` and `endsWith` also
 *   ignore whitespace at both ends of the message (mail bodies end in stray newlines). Empty text
 *   matches every message, a missing one included.
 * - `regex` is RE2 syntax run by re2js, a linear-time engine: no backtracking, so no pattern can stall
 *   ingest; backreferences and lookarounds do not exist in it and are refused when the rule is saved.
 *   It searches anywhere in the message (anchor with `^`/`$` yourself), is case-sensitive unless the
 *   pattern starts with `(?i)`, and `.` does not match a newline unless `(?s)`. Only the first
 *   `regexInputLimit` characters of a message are searched, which bounds the work per message; a longer
 *   message is searched as those characters followed by `truncationMark` (a line break and "…"), so
 *   `$` never matches at the cut as if the message ended there.
 * - A missing message (null) is the empty string.
 */
import { RE2JS, RE2JSException } from 're2js';
import { ValidationError } from '../errors.js';

export const matchTypes = ['contains', 'exact', 'startsWith', 'endsWith', 'regex'] as const;
export type MatchType = (typeof matchTypes)[number];

export interface TextMatch {
  type: MatchType;
  text: string;
}

export type TextMatcher = (message: string | null) => boolean;

/** 64 K characters: longer than any real error text, small enough that every rule stays cheap. */
export const regexInputLimit = 65_536;

/** What stands for the rest of a message cut at `regexInputLimit`. */
export const truncationMark = '\n…';

/** A pattern longer than this is refused: RE2's program grows with the pattern. */
export const maxPatternLength = 1_000;

/**
 * A matcher for one text criterion. Throws a ValidationError (path `$.match.text`) when a regex does
 * not compile in RE2; `validateOverride` refuses such rules first, so only a rule stored by an older
 * version could get here.
 */
export function compileMatcher(match: TextMatch): TextMatcher {
  if (match.type === 'regex') return regexMatcher(match.text);
  const text = match.text.toLowerCase();
  if (text === '') return () => true;
  switch (match.type) {
    case 'contains':
      return (message) => (message ?? '').toLowerCase().includes(text);
    case 'exact':
      return (message) => folded(message) === text.trim();
    case 'startsWith':
      return (message) => folded(message).startsWith(text.trim());
    case 'endsWith':
      return (message) => folded(message).endsWith(text.trim());
  }
}

/** Why the pattern cannot be a regex criterion, or null when RE2 compiles it. */
export function regexProblem(pattern: string): string | null {
  if (pattern.length > maxPatternLength) return `must be at most ${maxPatternLength} characters`;
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return `is not a regular expression RE2 accepts (${error.message.replace(/^error parsing regexp: /, '')}); backreferences such as \\1 and lookarounds such as (?=…) or (?<!…) are not supported`;
  }
}

function regexMatcher(pattern: string): TextMatcher {
  const problem = regexProblem(pattern);
  if (problem !== null) throw new ValidationError(`invalid override: $.match.text: ${problem}`, [{ path: '$.match.text', message: problem }]);
  if (pattern === '') return () => true;
  const re = RE2JS.compile(pattern);
  return (message) => {
    const text = message ?? '';
    return re.test(text.length > regexInputLimit ? text.slice(0, regexInputLimit) + truncationMark : text);
  };
}

function folded(message: string | null): string {
  return (message ?? '').trim().toLowerCase();
}
