import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';

const filePrefix = 'smtp-';

export interface SpoolOptions {
  dir: string;
  /** Above this many bytes the mail moves from memory to a file in `dir`. */
  thresholdBytes: number;
  /** Above this many bytes the mail is over the size limit: the rest is read and dropped. */
  limitBytes: number;
}

/**
 * Where one mail's DATA goes while it is received. Small mails stay in memory; a large one goes to a
 * temp file, so that many slow senders of big mails do not hold all their bytes in memory at once.
 * Past the size limit nothing more is kept (and the file is removed at once), but the stream is still
 * read to its end so the session can answer 552 and carry on.
 */
export class MessageSpool extends Writable {
  bytes = 0;
  overLimit = false;
  readonly #options: SpoolOptions;
  #chunks: Buffer[] = [];
  #memoryBytes = 0;
  #file: FileHandle | null = null;
  #path: string | null = null;
  #discarded = false;

  constructor(options: SpoolOptions) {
    // Not destroyed on finish (that would discard the mail before it is read): the owner calls discard().
    super({ autoDestroy: false });
    this.#options = options;
  }

  /** Whether the mail went to a temp file (for tests and logs). */
  get onDisk(): boolean {
    return this.#path !== null;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#accept(chunk).then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#closeFile().then(() => done(), done);
  }

  // A client that disconnects mid-DATA destroys the stream: the partial mail must not stay on disk.
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.discard().then(() => done(error), () => done(error));
  }

  /** The whole mail; only valid once the stream finished and the mail is within the limit. */
  async contents(): Promise<Buffer> {
    if (this.overLimit) throw new Error('the mail is over the size limit and was not kept');
    return this.#path ? readFile(this.#path) : Buffer.concat(this.#chunks, this.#memoryBytes);
  }

  /** Drops whatever was kept and keeps nothing more; safe to call more than once. */
  async discard(): Promise<void> {
    this.#discarded = true;
    await this.#drop();
  }

  async #drop(): Promise<void> {
    this.#chunks = [];
    this.#memoryBytes = 0;
    await this.#closeFile().catch(() => undefined);
    const path = this.#path;
    this.#path = null;
    if (path) await rm(path, { force: true });
  }

  async #accept(chunk: Buffer): Promise<void> {
    this.bytes += chunk.length;
    if (this.overLimit || this.#discarded) return;
    if (this.bytes > this.#options.limitBytes) {
      this.overLimit = true;
      await this.#drop();
      return;
    }
    if (this.#file) return writeAll(this.#file, chunk);
    this.#chunks.push(chunk);
    this.#memoryBytes += chunk.length;
    if (this.#memoryBytes <= this.#options.thresholdBytes) return;
    const path = join(this.#options.dir, `${filePrefix}${randomUUID()}.eml`);
    // 0600: the mail may hold customer data; `wx` never reuses a file that is already there.
    this.#file = await open(path, 'wx', 0o600);
    this.#path = path;
    // Destroyed (client gone) while the file was being opened: discard() could not see it yet.
    if (this.#discarded) return this.#drop();
    const buffered = Buffer.concat(this.#chunks, this.#memoryBytes);
    this.#chunks = [];
    this.#memoryBytes = 0;
    await writeAll(this.#file, buffered);
  }

  async #closeFile(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    await file?.close();
  }
}

/**
 * Prepares the spool folder and removes files left by a crash (the sender never got its 250 for them,
 * so it sends them again). Only files older than a day go, in case another instance shares DATA_DIR.
 */
export function prepareSpoolDir(dir: string, now = Date.now()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(filePrefix)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > 24 * 60 * 60 * 1000) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile by its owner: nothing to clean.
    }
  }
}

async function writeAll(file: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += (await file.write(data, offset)).bytesWritten;
}
