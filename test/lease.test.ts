import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimLease, releaseLease } from '../src/repositories/lease.repository.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';

describe.each(dialects)('task leases on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.drop());

  const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute)).toISOString();

  it('gives a free lease to one of two racing holders only', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => claimLease(t.db, 'task:x', holder, at(0), at(2))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets the holder renew, keeps others out until it expires, then hands it over', async () => {
    expect(await claimLease(t.db, 'task:x', 'a', at(0), at(2))).toBe(true);
    expect(await claimLease(t.db, 'task:x', 'b', at(1), at(3))).toBe(false);
    expect(await claimLease(t.db, 'task:x', 'a', at(1), at(3))).toBe(true);
    expect(await claimLease(t.db, 'task:x', 'b', at(3), at(5))).toBe(true);
  });

  it('is free again at once when its holder releases it', async () => {
    await claimLease(t.db, 'task:x', 'a', at(0), at(10));
    await releaseLease(t.db, 'task:x', 'a');
    expect(await claimLease(t.db, 'task:x', 'b', at(1), at(3))).toBe(true);
  });
});
