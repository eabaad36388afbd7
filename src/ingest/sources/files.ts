import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** One mail found on disk: an .eml file, or the n-th mail of an mbox file. */
export interface FoundMail {
  path: string;
  /** 1-based position inside an mbox file; absent for .eml files. */
  index?: number;
  raw: Buffer;
}

export type FileEntry =
  | { kind: 'eml' | 'mbox'; path: string; size: number }
  /** Not a mail file (or unreadable inside a folder): listed, not stored. */
  | { kind: 'skipped'; path: string; reason: string }
  /** A path given on the command line that cannot be read: a typo must not pass as success. */
  | { kind: 'missing'; path: string; reason: string };

/** Lists the mail files under the given paths (folders walked recursively, sorted for a stable order). */
export async function listMailFiles(paths: string[]): Promise<FileEntry[]> {
  const entries: FileEntry[] = [];
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      entries.push({ kind: 'missing', path, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    await visit(path, entries);
  }
  return entries;
}

async function visit(path: string, entries: FileEntry[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    entries.push({ kind: 'skipped', path, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  if (info.isDirectory()) {
    const names = (await readdir(path)).sort();
    for (const name of names) if (!name.startsWith('.')) await visit(join(path, name), entries);
    return;
  }
  if (!info.isFile()) {
    entries.push({ kind: 'skipped', path, reason: 'not a regular file' });
    return;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.eml') entries.push({ kind: 'eml', path, size: info.size });
  else if (ext === '.mbox' || ext === '.mbx' || (await startsWithFromLine(path))) entries.push({ kind: 'mbox', path, size: info.size });
  else entries.push({ kind: 'skipped', path, reason: 'not an .eml or mbox file' });
}

async function startsWithFromLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    return bytesRead === 5 && buffer.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

/**
 * Reads an mbox file one mail at a time (never the whole file into memory). Mails are separated by
 * "From " lines after a blank line; ">From " quoting (mboxrd) is undone. Bytes are kept as they are
 * by reading as latin1, which maps every byte to one character and back.
 */
export async function* readMbox(path: string): AsyncGenerator<FoundMail> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'latin1' }), crlfDelay: Infinity });
  let current: string[] | null = null;
  let previousBlank = true;
  let index = 0;
  for await (const line of lines) {
    if (line.startsWith('From ') && previousBlank) {
      if (current) yield { path, index: ++index, raw: toMail(current) };
      current = [];
      previousBlank = false;
      continue;
    }
    if (current) current.push(/^>+From /.test(line) ? line.slice(1) : line);
    previousBlank = line === '';
  }
  if (current) yield { path, index: ++index, raw: toMail(current) };
}

function toMail(lines: string[]): Buffer {
  // The blank line before the next "From " separator belongs to the mbox format, not to the mail.
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return Buffer.from(lines.join('\n') + '\n', 'latin1');
}
