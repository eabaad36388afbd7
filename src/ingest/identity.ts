import { createHash } from 'node:crypto';

/**
 * Headers added on the way (by relays, mailbox servers and filters), not by the sender. The same mail
 * fetched over IMAP carries more of them than the copy received over SMTP, so they are left out of the
 * content hash.
 */
const transitHeaders = /^(received|return-path|delivered-to|x-original-to|envelope-to|x-envelope-[a-z-]+|x-received|arc-[a-z-]+|authentication-results|received-spf|x-spam[a-z-]*|x-virus[a-z-]*|x-rspamd[a-z-]*|x-greylist|x-ms-exchange-[a-z-]+|x-forefront-[a-z-]+|x-microsoft-[a-z-]+|x-gm-[a-z-]+|x-google-smtp-source|x-uid|x-keywords|x-mozilla-status2?|status|x-status|content-length|lines|x-imapbase|x-dovecot-[a-z-]+)$/i;

/** A hash of the mail without transit headers, with line endings normalised and trailing blank lines dropped. */
export function contentHash(raw: Uint8Array): string {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1').replace(/\r\n?/g, '\n');
  const split = text.indexOf('\n\n');
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split + 2);
  const kept: string[] = [];
  let keep = true;
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line)) {
      if (keep) kept.push(line);
      continue;
    }
    // A leading mbox "From " separator line is transport, not content.
    if (kept.length === 0 && line.startsWith('From ')) {
      keep = false;
      continue;
    }
    const name = line.slice(0, line.indexOf(':'));
    keep = !transitHeaders.test(name.trim());
    if (keep) kept.push(line);
  }
  return createHash('sha256').update(kept.join('\n'), 'latin1').update('\n\n').update(body.replace(/\s+$/, ''), 'latin1').digest('hex');
}

export interface IdentityParts {
  messageId: string | null;
  sender: string | null;
  dateHeader: string | null;
}

/**
 * A mail's identity (DESIGN §4): its Message-ID with its sender and Date; without a Message-ID, its
 * content hash. Two stored mails with one identity but different content are an identity conflict.
 */
export function identityKey(parts: IdentityParts, hash: string): string {
  if (!parts.messageId) return `content:${hash}`;
  const date = (parts.dateHeader ?? '').replace(/\s+/g, ' ').trim();
  const digest = createHash('sha256')
    .update(`${parts.messageId.toLowerCase()}\u0000${(parts.sender ?? '').toLowerCase()}\u0000${date}`)
    .digest('hex');
  return `mid:${digest}`;
}
