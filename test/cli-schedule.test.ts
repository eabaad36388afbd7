import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

// Each command starts a Node process with tsx (about a second each), so these tests get more time.
describe('backupchecks schedule infer / expected', { timeout: 90_000 }, () => {
  let dir: string;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  // A daily 02:30 job in Amsterdam, a few minutes late now and then, over the spring-forward night
  // (20–29 March at 01:30 UTC, the 29th being 03:30 CEST; from 30 March at 00:30 UTC).
  const runs = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 2, 20 + i, i < 10 ? 1 : 0, 30 + (i % 4))).toISOString());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bc-cli-schedule-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('infers the schedule object from a JSON array of start times', async () => {
    const result = await runCli(['schedule', 'infer', '--zone', 'Europe/Amsterdam', '--runs', file('runs.json', runs), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({
      kind: 'daily', weekdays: [], monthDays: [], nthWeekday: null, time: '02:30', times: [],
      toleranceMinutes: 15, typicalDurationMinutes: 0, graceMinutes: 120, confidence: 1, basedOn: 14, zone: 'Europe/Amsterdam',
    });
  });

  it('lists the expected slots of local dates, one slot on the spring-forward night', async () => {
    const schedule = file('schedule.json', { kind: 'daily', time: '02:30', toleranceMinutes: 15, graceMinutes: 120, zone: 'Europe/Amsterdam' });
    const result = await runCli(['schedule', 'expected', '--zone', 'Europe/Amsterdam', '--schedule', schedule, '--from', '2026-03-27', '--to', '2026-03-31', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { expectedAt: '2026-03-27T01:30:00Z', deadline: '2026-03-27T03:30:00Z' },
      { expectedAt: '2026-03-28T01:30:00Z', deadline: '2026-03-28T03:30:00Z' },
      { expectedAt: '2026-03-29T01:30:00Z', deadline: '2026-03-29T03:30:00Z' },
      { expectedAt: '2026-03-30T00:30:00Z', deadline: '2026-03-30T02:30:00Z' },
      { expectedAt: '2026-03-31T00:30:00Z', deadline: '2026-03-31T02:30:00Z' },
    ]);
  });

  it('rejects a bad schedule.json with one line naming the field, and exit 1', async () => {
    const schedule = file('bad.json', { kind: 'weekly', time: '22:00', toleranceMinutes: -5, zone: 'Europe/Amsterdam' });
    const result = await runCli(['schedule', 'expected', '--zone', 'Europe/Amsterdam', '--schedule', schedule, '--from', '2026-03-27', '--to', '2026-03-31', '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^backupchecks: --schedule .*bad\.json: invalid schedule: .*toleranceMinutes: .*weekdays: must name at least one weekday/);
  });

  it('rejects a bad zone and unreadable input with one line and exit 1', async () => {
    const zone = await runCli(['schedule', 'infer', '--zone', 'Europe/Amsterdamm', '--runs', file('runs2.json', runs), '--json']);
    expect(zone.code).toBe(1);
    expect(zone.stderr).toBe('backupchecks: --zone "Europe/Amsterdamm" is not a time zone (use an IANA name such as Europe/Amsterdam, or UTC)\n');
    const notJson = await runCli(['schedule', 'infer', '--zone', 'UTC', '--runs', file('broken.json', '[1,'), '--json']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^backupchecks: --runs .*broken\.json: not JSON \(.*\)\n$/);
    const badTime = await runCli(['schedule', 'infer', '--zone', 'UTC', '--runs', file('local.json', ['2026-01-01 22:00']), '--json']);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toBe('backupchecks: runs[0]: expected an ISO 8601 time with Z or an offset, got "2026-01-01 22:00"\n');
  });
});
