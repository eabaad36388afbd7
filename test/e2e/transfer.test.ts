import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from '../support/browser.js';
import { fixtureMail, httpClient, startE2eServer, type E2eServer, type HttpClient } from './support.js';

interface ExportDocument {
  schema: string;
  exportedAt: string;
  customers: { name: string; active: boolean }[];
  jobs: Record<string, unknown>[];
}

const withoutExportedAt = ({ exportedAt: _ignored, ...rest }: ExportDocument) => rest;

describe('jobs export and import on Settings → Maintenance', () => {
  let browser: Browser;
  const servers: E2eServer[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    for (const server of servers.splice(0)) await server.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A new server with an admin signed in through the browser, on the Maintenance page; and an API client. */
  async function adminOn(): Promise<{ server: E2eServer; page: Page; client: HttpClient }> {
    const server = await startE2eServer();
    servers.push(server);
    const admin = await server.createUser(['admin']);
    const context = await browser.newContext({ acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signInPage(page, server.baseUrl, admin.username, admin.password);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const settings = nav.getByRole('button', { name: 'Settings' });
    await settings.click();
    // The group opens with an animation: click the link once it is open, then wait for the page itself.
    await nav.locator('button[aria-expanded="true"]', { hasText: 'Settings' }).waitFor();
    await nav.getByRole('link', { name: 'Maintenance', exact: true }).click();
    await page.waitForURL('**/settings/maintenance');
    await page.getByRole('heading', { name: 'Maintenance' }).waitFor();
    return { server, page, client: await httpClient(server.baseUrl, admin) };
  }

  async function exportFile(page: Page): Promise<{ text: string; document: ExportDocument; name: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export jobs' }).click()]);
    const text = readFileSync(await download.path());
    return { text: text.toString('utf8'), document: JSON.parse(text.toString('utf8')), name: download.suggestedFilename() };
  }

  async function importFile(page: Page, name: string, content: string): Promise<void> {
    await page.getByLabel('Import file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
    await page.getByText(name, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
  }

  /** The import summary as {Customers: [created, updated, unchanged], Jobs: [...]}. */
  async function summary(page: Page): Promise<Record<string, number[]>> {
    const table = page.getByTestId('import-summary');
    await table.waitFor();
    const out: Record<string, number[]> = {};
    for (const label of ['Customers', 'Jobs']) {
      const row = table.getByRole('row', { name: new RegExp(`^${label}`) });
      out[label] = (await row.getByRole('cell').allInnerTexts()).map(Number);
    }
    return out;
  }

  /** Starting data: three real vendor mails over SMTP, approved through the API for two customers, one job archived, one customer inactive. */
  async function seed(server: E2eServer, client: HttpClient): Promise<void> {
    const acme = (await client.post('/api/v1/customers', { name: 'Acme' })).json<{ id: number }>();
    const globex = (await client.post('/api/v1/customers', { name: 'Globex Corporation' })).json<{ id: number }>();
    expect((await client.post('/api/v1/customers', { name: 'Initech', active: false })).status).toBe(201);
    const mails: [string, string, number][] = [
      ['synology-hyperbackup', 'hyperbackup-de-success-webdav.eml', acme.id],
      ['veeam', 'vbr-backup-job-warning.template.eml', acme.id],
      ['proxmox-backup-server', 'pbs-verify-ok.template.eml', globex.id],
    ];
    for (const [parser, name, customerId] of mails) {
      const messageId = await server.sendMail(fixtureMail(parser, name));
      const approved = await client.post(`/api/v1/inbox/${messageId}/approve`, { customerId });
      expect(approved.status, approved.text).toBe(201);
    }
    const jobs = (await client.get('/api/v1/jobs?pageSize=100')).json<{ items: { id: number; jobName: string }[] }>().items;
    expect(jobs).toHaveLength(3);
    const veeam = jobs.find((j) => j.jobName === 'Daily VMs');
    expect(veeam, JSON.stringify(jobs)).toBeDefined();
    expect((await client.post(`/api/v1/jobs/${veeam!.id}/archive`)).status).toBe(200);
  }

  it('exports, imports into an empty instance and exports the same document again (except exportedAt); a second import changes nothing', async () => {
    const source = await adminOn();
    await seed(source.server, source.client);
    const first = await exportFile(source.page);
    expect(first.name).toMatch(/\.json$/);
    expect(first.document.schema).toBe('approved_jobs_export_v1');
    expect(first.document.customers.map((c) => c.name)).toEqual(['Acme', 'Globex Corporation', 'Initech']);
    expect(first.document.jobs).toHaveLength(3);
    expect(first.document.jobs.filter((j) => j.archived === true).map((j) => j.jobName)).toEqual(['Daily VMs']);

    const target = await adminOn();
    expect((await target.client.get('/api/v1/customers')).json().total).toBe(0);
    await importFile(target.page, first.name, first.text);
    expect(await summary(target.page)).toEqual({ Customers: [3, 0, 0], Jobs: [3, 0, 0] });
    const second = await exportFile(target.page);
    expect(withoutExportedAt(second.document)).toEqual(withoutExportedAt(first.document));

    // The same file again: all unchanged, and the data is the same as before.
    await importFile(target.page, 'again.json', first.text);
    await expect.poll(() => summary(target.page)).toEqual({ Customers: [0, 0, 3], Jobs: [0, 0, 3] });
    const third = await exportFile(target.page);
    expect(withoutExportedAt(third.document)).toEqual(withoutExportedAt(first.document));
    // Archived stays archived: only two jobs in the Jobs list, one on Archived jobs.
    expect((await target.client.get('/api/v1/jobs')).json().total).toBe(2);
    expect((await target.client.get('/api/v1/jobs/archived')).json().total).toBe(1);
  });

  it('changes nothing for a broken file and lists each problem with its JSON path', async () => {
    const { server, page, client } = await adminOn();
    await seed(server, client);
    const before = await exportFile(page);

    const broken = JSON.parse(before.text) as ExportDocument;
    broken.schema = 'approved_jobs_export_v0';
    delete broken.jobs[0]!.jobName;
    broken.customers.push({ name: 'Brand New Customer', active: true });
    broken.jobs[1]!.customer = 'Nobody Known';
    await importFile(page, 'broken.json', JSON.stringify(broken, null, 2));

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/nothing was imported/i);
    expect(text).toContain('$.schema');
    expect(text).toContain('$.jobs[0].jobName');
    expect(text).toContain('$.jobs[1].customer');
    expect(await page.getByTestId('import-summary').count()).toBe(0);

    const after = await exportFile(page);
    expect(withoutExportedAt(after.document)).toEqual(withoutExportedAt(before.document));
    expect((await client.get('/api/v1/customers?q=Brand')).json().total).toBe(0);

    // Not JSON at all: refused in the page, with the file name.
    await importFile(page, 'garbage.json', '{"schema": ');
    await page.getByRole('alert').filter({ hasText: 'garbage.json' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/not valid JSON/);
    const last = await exportFile(page);
    expect(withoutExportedAt(last.document)).toEqual(withoutExportedAt(before.document));
  });
});
