import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret of 32 bytes, base64url, with a readable prefix (`bcs_` sessions, `bct_` API tokens). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * Session cookies and API tokens are 256-bit random values, so a plain SHA-256 is enough to store them:
 * there is nothing to brute-force, and lookups by hash stay one index probe. Passwords use argon2id.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
