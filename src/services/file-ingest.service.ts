import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connect.js';
import { truncateOversize } from '../ingest/oversize.js';
import { ingestMessage, type IngestOutcome } from '../ingest/pipeline.js';
import { listMailFiles, readMbox, type FileEntry } from '../ingest/sources/files.js';

export interface IngestSummary {
  new: number;
  duplicate: number;
  unrecognised: number;
  skipped: number;
  failed: number;
}

export interface FileIngestEvents {
  /** Called once the files are listed, with the number of bytes to read (for a progress bar). */
  onStart?(totalBytes: number, files: FileEntry[]): void;
  onProgress?(bytesDone: number): void;
  onMail?(where: string, outcome: IngestOutcome): void;
  onSkipped?(path: string, reason: string): void;
  onFailed?(where: string, error: Error): void;
}

/**
 * Imports .eml files, mbox files and folders of them through ingestMessage(), one transaction per mail,
 * so an interrupted import can simply be run again: what was stored is recognised as duplicate.
 */
export async function ingestPaths(db: Db, paths: string[], maxMessageBytes: number, events: FileIngestEvents = {}): Promise<IngestSummary> {
  const summary: IngestSummary = { new: 0, duplicate: 0, unrecognised: 0, skipped: 0, failed: 0 };
  const files = await listMailFiles(paths);
  events.onStart?.(files.reduce((sum, f) => sum + (f.kind === 'eml' || f.kind === 'mbox' ? f.size : 0), 0), files);
  let bytesDone = 0;
  const store = async (where: string, raw: Buffer) => {
    try {
      const { raw: kept, tooLarge } = truncateOversize(raw, maxMessageBytes);
      const outcome = await ingestMessage(db, kept, { source: 'cli', detail: { file: where }, tooLarge });
      if (outcome.outcome === 'duplicate') summary.duplicate += 1;
      else if (outcome.parseState === 'parsed') summary.new += 1;
      else summary.unrecognised += 1;
      events.onMail?.(where, outcome);
    } catch (error) {
      summary.failed += 1;
      events.onFailed?.(where, error as Error);
    }
  };
  for (const entry of files) {
    if (entry.kind === 'missing') {
      summary.failed += 1;
      events.onFailed?.(entry.path, new Error(entry.reason));
      continue;
    }
    if (entry.kind === 'skipped') {
      summary.skipped += 1;
      events.onSkipped?.(entry.path, entry.reason);
      continue;
    }
    if (entry.kind === 'eml') {
      let raw: Buffer;
      try {
        raw = await readFile(entry.path);
      } catch (error) {
        summary.failed += 1;
        events.onFailed?.(entry.path, error as Error);
        continue;
      }
      await store(entry.path, raw);
    } else {
      try {
        for await (const mail of readMbox(entry.path)) await store(`${entry.path}#${mail.index}`, mail.raw);
      } catch (error) {
        summary.failed += 1;
        events.onFailed?.(entry.path, error as Error);
      }
    }
    bytesDone += entry.size;
    events.onProgress?.(bytesDone);
  }
  return summary;
}
