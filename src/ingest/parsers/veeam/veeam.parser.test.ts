import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseRaw } from '../support/parse-file.js';
import { veeamParser } from './veeam.parser.js';

describeFixtures('veeam', import.meta.url);

const warning = readFileSync(new URL('./fixtures/vbr-backup-job-warning.template.eml', import.meta.url), 'utf8');
const parse = (text: string) => parseRaw(Buffer.from(text));
const claims = async (text: string) => veeamParser.parse(await decodeMessage(Buffer.from(text))) !== null;
const vm03Row = /<tr style="height: 17px;">\n<td nowrap="" [^>]*>vm03<\/td>[\s\S]*?<\/tr>\n/;
const rowOf = (name: string) => warning.match(vm03Row)![0].replace('>vm03<', `>${name}<`);

describe('veeam job report', () => {
  it('reads a Failed variant: header result, object status and message', async () => {
    const text = warning
      .replace('[Warning] Daily VMs (3 objects) 1 warning', '[Failed] Daily VMs (3 objects) 1 failed')
      .replace(/#ffd96c/g, '#fb9895')
      .replace('font-family: Tahoma;">Warning\n', 'font-family: Tahoma;">Failed\n')
      .replace('<span style="color: #E0A251;">Warning</span>', '<span style="color: #ff0000;">Failed</span>')
      .replace(/Failed to truncate Microsoft SQL Server transaction logs\.[^<]*/, 'Error: Failed to create VM snapshot. Timed out.');
    const result = await parse(text);
    expect(result).toMatchObject({ parser: 'veeam', jobName: 'Daily VMs', status: 'failed' });
    expect(result.objects[1]).toEqual({ name: 'vm02', type: 'VM', status: 'failed', message: 'Error: Failed to create VM snapshot. Timed out.' });
  });

  it('reads every object row when the job has more objects', async () => {
    const text = warning.replace(vm03Row, (row) => row + rowOf('sql01') + rowOf('dc01'));
    const result = await parse(text);
    expect(result.objects.map((o) => o.name)).toEqual(['vm01', 'vm02', 'vm03', 'sql01', 'dc01']);
  });

  it('takes the job name from the report header, not the subject', async () => {
    const result = await parse(warning.replace('] Daily VMs (3', '] Renamed in subject (3'));
    expect(result.jobName).toBe('Daily VMs');
  });

  it('falls back to a folded subject when the report header is missing, with low confidence', async () => {
    const text = warning
      .replace('Subject: [Warning] Daily VMs (3 objects) 1 warning', 'Subject: [Warning] Daily VMs\n (3 objects) 1 warning')
      .replace('Backup job: Daily VMs\n', '\n');
    const result = await parse(text);
    expect(result).toMatchObject({ parser: 'veeam', jobName: 'Daily VMs', type: 'Backup Job', status: 'warning', confidence: 'low' });
  });

  it('reads the subject behind upper-case text Veeam prepends', async () => {
    const text = warning.replace('Subject: [Warning]', 'Subject: SUPPORT EXPIRED [Warning]').replace('Backup job: Daily VMs\n', '\n');
    expect((await parse(text)).jobName).toBe('Daily VMs');
  });

  it('is not success when the subject says Success but the report says Warning', async () => {
    const result = await parse(warning.replace('[Warning] Daily VMs', '[Success] Daily VMs'));
    expect(result.status).toBe('warning');
  });

  it('types the job from the header: Backup Copy and Agent Backup jobs', async () => {
    const copy = await parse(warning.replace('Backup job: Daily VMs', 'Backup Copy job: Offsite copy'));
    expect(copy).toMatchObject({ type: 'Backup Copy Job', jobName: 'Offsite copy' });
    const agent = await parse(warning.replace('Backup job: Daily VMs', 'Agent Backup job: Laptops'));
    expect(agent).toMatchObject({ type: 'Agent Backup Job', jobName: 'Laptops' });
    expect(agent.objects[0]?.type).toBe('Computer');
  });

  it('moves the end to the next day when the End time carries (+1)', async () => {
    const text = warning
      .replace('Monday, 15 January 2024 22:00:12', 'Monday, 15 January 2024 23:30:00')
      .replace('>22:00:12<', '>23:30:00<')
      .replace('>22:41:03<', '>00:11:03 (+1) <')
      .replace('Date: Mon, 15 Jan 2024 22:41:05 +0100', 'Date: Tue, 16 Jan 2024 00:11:05 +0100');
    expect(await parse(text)).toMatchObject({ startedAt: '2024-01-15T22:30:00Z', endedAt: '2024-01-15T23:11:03Z' });
  });

  it('reads a German-locale session date and sizes', async () => {
    const text = warning
      .replace('Monday, 15 January 2024 22:00:12', 'Montag, 15. Januar 2024 22:00:12')
      .replace('>812.4 GB<', '>812,4 GB<')
      .replace('>31.6 GB<', '>31,6 GB<')
      .replace('>1.2 GB<', '>1,2 GB<');
    const result = await parse(text);
    expect(result).toMatchObject({ startedAt: '2024-01-15T21:00:12Z', endedAt: '2024-01-15T21:41:03Z', status: 'warning' });
    expect(result.trace).toContain('sizes: total size 812.4 GB, backup size 31.6 GB, data read 96.2 GB, transferred 30.9 GB');
  });

  it('reads an en-US session date with 12-hour times', async () => {
    const text = warning
      .replace('Monday, 15 January 2024 22:00:12', 'Monday, January 15, 2024 10:00:12 PM')
      .replace('>22:00:12<', '>10:00:12 PM<')
      .replace('>22:41:03<', '>10:41:03 PM<');
    expect(await parse(text)).toMatchObject({ startedAt: '2024-01-15T21:00:12Z', endedAt: '2024-01-15T21:41:03Z' });
  });

  it('converts the report times with the Date header offset', async () => {
    const result = await parse(warning.replace('22:41:05 +0100', '22:41:05 -0500'));
    expect(result).toMatchObject({ startedAt: '2024-01-16T03:00:12Z', endedAt: '2024-01-16T03:41:03Z' });
  });

  it('reads a configuration backup mail by its subject', async () => {
    const text =
      'From: Veeam Backup & Replication <vbr@acme.example>\nSubject: ACME-vbr01-HQ [Failed] Backup Configuration Job (1 objects)\n' +
      'Date: Tue, 16 Jan 2024 10:00:40 +0100\nContent-Type: text/html; charset=utf-8\n\n' +
      '<table><tr><td>Start time</td><td>10:00:09</td></tr><tr><td>Duration</td><td>0:00:31</td></tr></table>' +
      '<p>Veeam Backup &amp; Replication 12.1.2.172</p>\n';
    const result = await parse(text);
    expect(result).toMatchObject({
      parser: 'veeam',
      type: 'Backup Configuration Job',
      jobName: 'Backup Configuration Job',
      status: 'failed',
      startedAt: '2024-01-16T09:00:09Z',
      endedAt: '2024-01-16T09:00:40Z',
    });
  });
});

describe('veeam claims', () => {
  it('does not claim a vee-mail report of Veeam Agent for Linux', async () => {
    const text = warning
      .replace('Backup job: Daily VMs\n <div class="jobDescription" style="margin-top: 5px;font-size: 12px;">Created by ACME\\admin at 15.01.2024 10:00.</div>', 'Agent Backup job: nightly (Full)<div class="jobDescription"> Veeam Agent for Linux </div>')
      .replace('Veeam Backup &amp; Replication 12.1.2.172', 'Veeam Agent for Linux 6.1.0.1498, Vee-Mail Version 0.5.10');
    expect(text).toContain('Vee-Mail');
    expect(await claims(text)).toBe(false);
  });

  it('does not claim a mail with a Veeam-like subject and no Veeam mark', async () => {
    const text = 'From: backup@acme.example\nSubject: [Success] Nightly files (3 objects)\nDate: Tue, 16 Jan 2024 10:00:40 +0100\n\nAll fine.\n';
    expect(await claims(text)).toBe(false);
  });
});
