import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets kept in the database (mailbox passwords) with AES-256-GCM. The key is derived from
 * SECRET_KEY with HKDF and a purpose label, so the same SECRET_KEY used elsewhere (sessions, tokens)
 * never yields this key. A copy of the database alone does not reveal the passwords.
 *
 * Stored form: `v1:` + base64(12-byte nonce | 16-byte tag | ciphertext). The version prefix lets a later
 * key rotation or algorithm change recognise old values.
 */
const version = 'v1';
const nonceBytes = 12;
const tagBytes = 16;

export class SecretBoxError extends Error {
  readonly code = 'secret_undecryptable';
}

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export function createSecretBox(secretKey: string, purpose: string): SecretBox {
  if (!secretKey) throw new Error('a secret key is required to encrypt stored secrets');
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), `backupchecks ${purpose}`, 32));
  const aad = Buffer.from(purpose, 'utf8');
  return {
    seal(plaintext) {
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${version}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const [prefix, payload] = sealed.split(':', 2);
      if (prefix !== version || !payload) throw new SecretBoxError('stored secret has an unknown format');
      const data = Buffer.from(payload, 'base64');
      if (data.length < nonceBytes + tagBytes) throw new SecretBoxError('stored secret is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, nonceBytes));
      decipher.setAAD(aad);
      decipher.setAuthTag(data.subarray(nonceBytes, nonceBytes + tagBytes));
      try {
        return Buffer.concat([decipher.update(data.subarray(nonceBytes + tagBytes)), decipher.final()]).toString('utf8');
      } catch {
        // GCM authentication failed: a different SECRET_KEY than the one that stored it, or tampering.
        throw new SecretBoxError('stored secret cannot be decrypted: SECRET_KEY differs from the one it was stored with');
      }
    },
  };
}

/** The box for mailbox passwords; one place names the purpose so the CLI, UI and poller agree. */
export function mailboxPasswordBox(secretKey: string): SecretBox {
  return createSecretBox(secretKey, 'mailbox-password');
}
