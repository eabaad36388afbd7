import { Algorithm, hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../domain/errors.js';

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the user does not exist, so both cases take as long. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not a real password');
  return dummyHash;
}

export const minPasswordLength = 10;

export function checkNewPassword(password: string, field = 'password'): void {
  if (password.length < minPasswordLength) throw new ValidationError('password too short', [{ path: field, message: `must have at least ${minPasswordLength} characters` }]);
  if (password.length > 1024) throw new ValidationError('password too long', [{ path: field, message: 'must have at most 1024 characters' }]);
}
