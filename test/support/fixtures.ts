import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './cli.js';

export const parsersDir = join(projectRoot, 'src/ingest/parsers');

/** Every parser folder (the `support` helpers excluded). */
export function parserFolders(): string[] {
  return readdirSync(parsersDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'support')
    .map((d) => d.name)
    .sort();
}

/** Every fixture mail of every parser, sorted by path. */
export function allFixtureFiles(): string[] {
  return parserFolders()
    .flatMap((folder) => {
      const dir = join(parsersDir, folder, 'fixtures');
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => join(dir, f));
      } catch {
        return [];
      }
    })
    .sort();
}
