import PostalMime, { type Email, type Address } from 'postal-mime';
import { htmlToText } from './html-to-text.js';

export interface DecodedAttachment {
  filename: string | null;
  mimeType: string;
  size: number;
  /** Decoded text of text-like attachments (HTML, CSV, XML, plain text); null otherwise. */
  text: string | null;
}

/** A mail as parsers see it: decoded headers and bodies, never the raw bytes. */
export interface DecodedMessage {
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  to: string[];
  subject: string;
  dateHeader: string | null;
  /** The Date header as a point in time, or null when it is missing or unreadable. */
  date: Date | null;
  /** The Date header's UTC offset in minutes; body times without a zone take it (DESIGN §4). */
  dateOffsetMinutes: number | null;
  /** All header values by lower-case name, in document order. */
  headers: ReadonlyMap<string, string[]>;
  /** The text part; when the mail is HTML-only, the text made from its HTML. */
  text: string;
  html: string | null;
  attachments: DecodedAttachment[];
  /** Decoding problems worth showing (charset repaired, no body, …). */
  problems: string[];
  /** Set when the body could not be read at all (only the headers were): the parse is then an error. */
  unreadableBody: string | null;
}

export class UndecodableMessageError extends Error {
  readonly code = 'undecodable_message';
}

const textAttachmentTypes = /^(text\/|application\/(xml|json|csv|xhtml\+xml))/;
const maxAttachmentTextBytes = 2 * 1024 * 1024;
/** How much of a body parsers read; the stored raw mail is always complete. */
const maxBodyChars = 4 * 1024 * 1024;

export async function decodeMessage(raw: Uint8Array): Promise<DecodedMessage> {
  let email: Email;
  let unreadableBody: string | null = null;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    const reason = `MIME structure could not be read: ${(error as Error).message}`;
    // The body is beyond reading (e.g. thousands of nested parts), but the top-level headers usually
    // are not: keep subject, sender, Date and Message-ID so the mail can be identified and shown.
    const headersOnly = await parseHeadersOnly(raw);
    if (!headersOnly) throw new UndecodableMessageError(reason);
    email = headersOnly;
    unreadableBody = `${reason}; only the top-level headers were read`;
  }
  const problems: string[] = unreadableBody ? [unreadableBody] : [];
  if (hasReplacementCharacters(email)) {
    // The mail declares UTF-8 but carries single-byte text (a common agent bug): read it again as
    // Windows-1252, which maps every byte, and keep that reading when it is cleaner.
    const relabelled = await reparseAs(raw, 'windows-1252');
    if (relabelled && !hasReplacementCharacters(relabelled)) {
      email = relabelled;
      problems.push('charset: text was not valid in its declared charset; read as windows-1252');
    } else {
      problems.push('charset: text contains bytes invalid in its declared charset');
    }
  }
  // PostgreSQL text cannot hold NUL; a mail carrying one must still be stored, not refused forever.
  email = withoutNul(email);
  const headers = new Map<string, string[]>();
  for (const header of email.headers) {
    const list = headers.get(header.key);
    if (list) list.push(header.value);
    else headers.set(header.key, [header.value]);
  }
  const from = firstMailbox(email.from);
  const dateHeader = headers.get('date')?.[0]?.trim() ?? null;
  const date = dateHeader ? parseDate(email.date) : null;
  let html = email.html ?? null;
  if (html && html.length > maxBodyChars) {
    // Reports are far smaller; reading all of a 25 MB HTML mail would only hold up ingest.
    html = html.slice(0, maxBodyChars);
    problems.push(`body: only the first ${maxBodyChars / 1024 / 1024} MB of the HTML were read`);
  }
  if (email.text && email.text.length > maxBodyChars) {
    email = { ...email, text: email.text.slice(0, maxBodyChars) };
    problems.push(`body: only the first ${maxBodyChars / 1024 / 1024} MB of the text were read`);
  }
  let text = repairMojibake(email.text ?? '', problems);
  if (html) html = repairMojibake(html, problems);
  if (!text.trim() && html) text = htmlToText(html);
  if (!text.trim() && !html) problems.push('body: the mail has no text or HTML body');
  return {
    messageId: cleanMessageId(email.messageId),
    fromAddress: from?.address ? from.address.toLowerCase() : null,
    fromName: from?.name || null,
    to: (email.to ?? []).flatMap(mailboxes).map((m) => m.address.toLowerCase()),
    subject: (email.subject ?? '').replace(/\s+/g, ' ').trim(),
    dateHeader,
    date,
    dateOffsetMinutes: dateHeader ? parseDateOffset(dateHeader) : null,
    headers,
    text,
    html,
    attachments: email.attachments.map(toAttachment),
    problems,
    unreadableBody,
  };
}

function withoutNul(email: Email): Email {
  const clean = (value: string | undefined) => (value?.includes('\u0000') ? value.replace(/\u0000/g, '') : value);
  return {
    ...email,
    subject: clean(email.subject),
    text: clean(email.text),
    html: clean(email.html),
    messageId: clean(email.messageId),
    date: clean(email.date),
    headers: email.headers.map((h) => (h.value.includes('\u0000') ? { ...h, value: clean(h.value)! } : h)),
    from: email.from && !email.from.group ? { ...email.from, name: clean(email.from.name)!, address: clean(email.from.address)! } : email.from,
  };
}

async function parseHeadersOnly(raw: Uint8Array): Promise<Email | null> {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  const end = [crlf, lf].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (end === undefined) return null;
  try {
    const email = await PostalMime.parse(Buffer.concat([buffer.subarray(0, end), Buffer.from('\r\nContent-Type: text/plain\r\n\r\n')]));
    return { ...email, text: '', html: undefined, attachments: [] };
  } catch {
    return null;
  }
}

function toAttachment(attachment: Email['attachments'][number]): DecodedAttachment {
  const content = attachment.content;
  const bytes =
    typeof content === 'string' ? Buffer.from(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
  const isText = textAttachmentTypes.test(attachment.mimeType) && bytes.byteLength <= maxAttachmentTextBytes;
  let text: string | null = null;
  if (isText) {
    const decoded = new TextDecoder('utf-8').decode(bytes);
    text = decoded.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : decoded;
  }
  return { filename: attachment.filename, mimeType: attachment.mimeType, size: bytes.byteLength, text };
}

function hasReplacementCharacters(email: Email): boolean {
  return Boolean(email.text?.includes('\uFFFD') || email.html?.includes('\uFFFD') || email.subject?.includes('\uFFFD'));
}

async function reparseAs(raw: Uint8Array, charset: string): Promise<Email | null> {
  const source = Buffer.from(raw).toString('latin1').replace(/charset\s*=\s*"?utf-?8"?/gi, `charset=${charset}`);
  try {
    return await PostalMime.parse(Buffer.from(source, 'latin1'), { attachmentEncoding: 'arraybuffer' });
  } catch {
    return null;
  }
}

/**
 * UTF-8 bytes labelled as Latin-1 or ASCII come out as "Ã©" and "â€™". When the text reads as clean
 * UTF-8 once its characters are taken back to bytes, that reading is the right one.
 */
function repairMojibake(text: string, problems: string[]): string {
  if (!/[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u20ac]/.test(text)) return text;
  if (/[^\u0000-\u00ff\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122]/.test(text)) return text;
  const bytes = Buffer.from(
    Array.from(text, (ch) => windows1252Byte(ch)),
  );
  const repaired = new TextDecoder('utf-8').decode(bytes);
  if (repaired.includes('\uFFFD')) return text;
  if (!problems.some((p) => p.startsWith('charset: UTF-8'))) {
    problems.push('charset: UTF-8 text was labelled with a single-byte charset; read as UTF-8');
  }
  return repaired;
}

const cp1252Specials: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

function windows1252Byte(ch: string): number {
  return cp1252Specials[ch] ?? (ch.codePointAt(0) ?? 0x3f) & 0xff;
}

function mailboxes(address: Address): { address: string; name: string }[] {
  if (address.group) return address.group;
  return address.address ? [{ address: address.address, name: address.name }] : [];
}

function firstMailbox(address: Address | undefined): { address: string; name: string } | null {
  return address ? (mailboxes(address)[0] ?? null) : null;
}

function cleanMessageId(value: string | undefined): string | null {
  const id = value?.trim().replace(/^<|>$/g, '').trim();
  return id ? id : null;
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const namedZones: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** The numeric or named zone at the end of an RFC 5322 Date header, in minutes east of UTC. */
export function parseDateOffset(dateHeader: string): number | null {
  const withoutComment = dateHeader.replace(/\([^)]*\)\s*$/, '').trim();
  const numeric = /([+-])(\d{2}):?(\d{2})$/.exec(withoutComment);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = /\b([A-Z]{1,3})$/i.exec(withoutComment);
  return named ? (namedZones[named[1]!.toUpperCase()] ?? null) : null;
}
