import { describe, expect, it } from 'vitest';
import { parsers } from '../src/ingest/parsers/registry.js';
import { parserFolders } from './support/fixtures.js';

const folders = parserFolders();

describe('parser registry', () => {
  it.each(folders)('registers the parser folder %s', (folder) => {
    expect(parsers.some((p) => p.id === folder || p.id.startsWith(`${folder}.`))).toBe(true);
  });

  it('tries the generic fallback last', () => {
    expect(parsers.at(-1)?.id).toBe('generic');
  });

  it('has unique parser ids', () => {
    expect(new Set(parsers.map((p) => p.id)).size).toBe(parsers.length);
  });

  it('pins the software and type names and the job-name rule of every parser (job keys are built from them)', () => {
    const contract = parsers.map((p) => ({ id: p.id, software: p.software, types: p.types, jobNameRule: p.jobNameRule, informational: p.informational }));
    expect(contract).toMatchSnapshot();
  });
});
