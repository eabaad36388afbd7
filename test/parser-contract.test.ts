import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/ingest/parsers/support/parse-file.js';
import { allFixtureFiles, parsersDir } from './support/fixtures.js';

const fixtures = allFixtureFiles();

/**
 * The parts of every fixture's result that go into its job key. Changing one changes the keys of
 * existing jobs, so it must ship a migration that rewrites them (DESIGN §4); this snapshot makes such a
 * change visible in review.
 */
describe('job-key contract of all fixtures', () => {
  it('keeps parser, software, type, job name and host of every fixture', async () => {
    const rows = [];
    for (const file of fixtures) {
      const r = await parseFile(file);
      rows.push({ file: relative(parsersDir, file), parser: r.parser, software: r.software, type: r.type, jobName: r.jobName, host: r.host });
    }
    expect(rows).toMatchSnapshot();
  });
});
