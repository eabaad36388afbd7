import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseResult } from '../../../domain/parse-result.js';
import { decodeMessage } from '../../mime/decode.js';
import { parseRaw } from './parse-file.js';

/**
 * For generalisation tests: a real fixture taken apart into its header block and its DECODED body, so a
 * test can change the text (rename a job, add a row, switch the language) and parse it again. Fixtures
 * arrive quoted-printable or base64; editing the encoded bytes would test the encoding, not the parser.
 */
export interface FixtureMail {
  headers: string;
  body: string;
}

export async function readFixture(testFileUrl: string, name: string): Promise<FixtureMail> {
  const raw = readFileSync(join(dirname(fileURLToPath(testFileUrl)), 'fixtures', name));
  const text = raw.toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  const headerBlock = split ? text.slice(0, split.index) : text;
  const decoded = await decodeMessage(raw);
  const headers = headerBlock
    .split(/\r?\n(?![ \t])/)
    .filter((line) => !/^content-transfer-encoding:/i.test(line))
    .join('\r\n');
  return { headers, body: decoded.text };
}

/** Replaces one header's value (Subject, Date, From…) or appends the header when it is missing. */
export function withHeader(mail: FixtureMail, name: string, value: string): FixtureMail {
  const pattern = new RegExp(`^${name}:.*(?:\\r?\\n[ \\t].*)*$`, 'im');
  const line = `${name}: ${value}`;
  const headers = pattern.test(mail.headers) ? mail.headers.replace(pattern, line) : `${mail.headers}\r\n${line}`;
  return { ...mail, headers };
}

/** Builds the mail again as UTF-8 8bit text and parses it through the whole registry. */
export async function parseFixtureMail(mail: FixtureMail): Promise<ParseResult> {
  const raw = `${mail.headers}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${mail.body.replace(/\r?\n/g, '\r\n')}`;
  return parseRaw(Buffer.from(raw, 'utf8'));
}

/** The mail with one replacement made in its decoded body; fails loudly when the text was not found. */
export function editBody(mail: FixtureMail, from: string | RegExp, to: string): FixtureMail {
  const body = mail.body.replace(from, to);
  if (body === mail.body) throw new Error(`editBody: ${String(from)} not found in the fixture body, nothing changed`);
  return { ...mail, body };
}
