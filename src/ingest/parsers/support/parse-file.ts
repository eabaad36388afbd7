import { readFileSync } from 'node:fs';
import type { ParseResult } from '../../../domain/parse-result.js';
import { decodeMessage, UndecodableMessageError } from '../../mime/decode.js';
import { parseMessage, undecodableResult } from '../parse-message.js';

/** Parses a file the way ingest does: decode, then the whole registry in order. */
export async function parseFile(path: string): Promise<ParseResult> {
  return parseRaw(readFileSync(path));
}

export async function parseRaw(raw: Uint8Array): Promise<ParseResult> {
  try {
    return parseMessage(await decodeMessage(raw));
  } catch (error) {
    return undecodableResult(error instanceof UndecodableMessageError ? error.message : `decoding failed: ${(error as Error)?.message ?? String(error)}`);
  }
}
