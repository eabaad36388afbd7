/**
 * Names people type or import (customers, tokens, job fields in an import file) are shown in the UI,
 * in CSV files and in reports. Control characters, unpaired UTF-16 surrogates and bidirectional
 * overrides have no place in them: they hide or reorder what is shown, or break files. Refused, not
 * silently changed.
 */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001f\u007f-\u009f]/;
const bidiOverrides = /[\u202a-\u202e\u2066-\u2069]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why the text cannot be a name, or null when it can. */
export function nameTextProblem(value: string): string | null {
  if (controls.test(value)) return 'must not contain control characters';
  if (loneSurrogate.test(value)) return 'is not valid Unicode (an unpaired surrogate)';
  if (bidiOverrides.test(value)) return 'must not contain bidirectional override characters';
  return null;
}
