import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../src/ingest/mime/decode.js';
import { parsers } from '../src/ingest/parsers/registry.js';
import { allFixtureFiles } from './support/fixtures.js';

/**
 * Every parser meets every real fixture bent out of shape (huge runs of spaces, digits and colons,
 * no line breaks, repeated lines). A parser must answer or say "not mine", never throw; a regex that
 * backtracks catastrophically shows up as this test timing out.
 */
const mutations: [string, (text: string) => string][] = [
  ['runs of spaces', (t) => t.replace(/ /g, ' '.repeat(300))],
  ['no line breaks', (t) => t.replace(/\n/g, ' ')],
  ['repeated lines', (t) => t.split('\n').map((l) => `${l}\n${l.repeat(20)}`).join('\n')],
  ['runs of tabs', (t) => t.replace(/ /g, '\t'.repeat(20))],
  ['long numbers', (t) => t.replace(/\d/g, '1'.repeat(200))],
  ['runs of colons', (t) => t.replace(/:/g, ':'.repeat(200))],
  ['a long unbroken tail', (t) => `${t}\n${'a'.repeat(50_000)}:${' '.repeat(50_000)}`],
];

describe('parsers on mangled real mails', () => {
  for (const file of allFixtureFiles()) {
    it(`no parser throws on any mangled form of ${basename(file)}`, async () => {
      const base = await decodeMessage(readFileSync(file));
      const failures: string[] = [];
      for (const [name, mangle] of mutations) {
        const mail = { ...base, text: mangle(base.text), subject: mangle(base.subject).slice(0, 5000), html: base.html ? mangle(base.html) : null };
        for (const parser of parsers) {
          try {
            parser.parse(mail);
          } catch (error) {
            failures.push(`${parser.id} on ${name}: ${(error as Error).message}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
