import { describe, expect, it } from 'vitest';
import { createSecretBox, mailboxPasswordBox, SecretBoxError } from './secret-box.js';

const key = 'a-secret-key-of-at-least-thirty-two-characters';

describe('secret box', () => {
  it('opens what it sealed, with a fresh nonce each time and without the plaintext in the stored form', () => {
    const box = mailboxPasswordBox(key);
    const first = box.seal('hunter2-pässword');
    const second = box.seal('hunter2-pässword');
    expect(first).toMatch(/^v1:/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('hunter2');
    expect(box.open(first)).toBe('hunter2-pässword');
    expect(box.open(second)).toBe('hunter2-pässword');
  });

  it('refuses a value sealed with another SECRET_KEY or for another purpose', () => {
    const sealed = mailboxPasswordBox(key).seal('secret');
    expect(() => mailboxPasswordBox(`${key}-other`).open(sealed)).toThrow(SecretBoxError);
    expect(() => createSecretBox(key, 'api-token').open(sealed)).toThrow(SecretBoxError);
  });

  it('refuses a tampered or malformed value', () => {
    const box = mailboxPasswordBox(key);
    const sealed = box.seal('secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`)).toThrow(SecretBoxError);
    expect(() => box.open('plain text')).toThrow(/unknown format/);
    expect(() => box.open('v1:AAAA')).toThrow(/truncated/);
  });
});
