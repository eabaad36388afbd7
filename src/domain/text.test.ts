import { describe, expect, it } from 'vitest';
import { nameTextProblem } from './text.js';

describe('nameTextProblem', () => {
  it('accepts names in any script, with accents and emoji', () => {
    for (const name of ['Acme B.V.', 'Müller & Söhne', '東京支社', 'Café ☕', 'O’Brien']) expect(nameTextProblem(name)).toBeNull();
  });

  it('refuses NUL and other control characters, unpaired surrogates and bidi overrides', () => {
    expect(nameTextProblem('a\u0000b')).toMatch(/control/);
    expect(nameTextProblem('line\nbreak')).toMatch(/control/);
    expect(nameTextProblem('\u0085')).toMatch(/control/);
    expect(nameTextProblem('\ud800')).toMatch(/surrogate/);
    expect(nameTextProblem('x\udc00')).toMatch(/surrogate/);
    expect(nameTextProblem('\u202eRTL')).toMatch(/bidirectional/);
  });
});
