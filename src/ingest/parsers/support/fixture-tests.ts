import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedShape } from '../contract.js';
import { parseFile } from './parse-file.js';

/**
 * One test per fixture in the `fixtures` folder beside the calling test file (pass `import.meta.url`): the mail parses, through the whole registry, to
 * exactly its `*.expected.json`. A new format is a new fixture, not new test code.
 */
export function describeFixtures(parserId: string, testFileUrl: string): void {
  const folder = join(dirname(fileURLToPath(testFileUrl)), 'fixtures');
  const mails = readdirSync(folder).filter((f) => f.endsWith('.eml')).sort();
  describe(`${parserId} fixtures`, () => {
    it('has at least one fixture', () => {
      expect(mails.length).toBeGreaterThan(0);
    });
    for (const mail of mails) {
      it(`parses ${mail} to its expected result`, async () => {
        const expected = JSON.parse(readFileSync(join(folder, mail.replace(/\.eml$/, '.expected.json')), 'utf8'));
        const result = await parseFile(join(folder, mail));
        expect(result.error).toBeNull();
        expect(expectedShape(result)).toEqual(expected);
      });
    }
  });
}
