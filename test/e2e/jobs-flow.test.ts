import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from '../support/browser.js';
import { fixtureMail, startE2eServer, waitUntil, type E2eServer } from './support.js';

const parser = 'synology-hyperbackup';
const fixture = 'hyperbackup-de-success-webdav.eml';
const jobName = 'Cloud-Backup zu Hetzner';
const subject = '[ACME Synology-NAS] WebDAV cloud backup - Cloud-Backup zu Hetzner erfolgreich auf DiskStation';
const customerName = 'Acme Storage GmbH';

interface RunJson {
  id: number;
  messageId: number | null;
  reviewedAt: string | null;
}

describe('a job from first mail to deletion, in the browser', () => {
  let browser: Browser;
  let server: E2eServer;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startE2eServer();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main navigation' });
  const api = async (path: string) => {
    const response = await page.request.get(`${server.baseUrl}${path}`);
    return { status: response.status(), body: response.status() === 200 ? await response.json() : null };
  };
  const inboxTotal = async () => (await api('/api/v1/inbox')).body.total as number;
  const runsOf = async (jobId: number) => (await api(`/api/v1/jobs/${jobId}/runs?pageSize=100`)).body.items as RunJson[];
  const runRows = () => page.locator('[data-testid^="run-row-"]');

  it('approves the first mail, links later mails, archives quietly, unarchives without a flood and deletes the job but keeps the customer', async () => {
    const admin = await server.createUser(['admin']);
    await signInPage(page, server.baseUrl, admin.username, admin.password);

    // 1. A real vendor mail arrives over SMTP and shows up in the Inbox.
    const firstId = await server.sendMail(fixtureMail(parser, fixture));
    await nav().getByRole('link', { name: 'Inbox', exact: true }).click();
    const inboxRow = page.getByTestId(`inbox-row-${firstId}`);
    await inboxRow.waitFor();
    // Read by the vendor's parser (not the generic one): software, type and job name from the report.
    await expect.poll(() => inboxRow.innerText()).toMatch(/Synology Hyper Backup\s+Backup Task\s+Cloud-Backup zu Hetzner/);

    // 2. The customer is created on the Customers page.
    await nav().getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    const newCustomer = page.getByRole('dialog', { name: 'New customer' });
    await newCustomer.getByLabel('Name').fill(customerName);
    await newCustomer.getByRole('button', { name: 'Create' }).click();
    await newCustomer.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Customers' }).getByRole('cell', { name: customerName, exact: true }).waitFor();
    const customer = (await api(`/api/v1/customers?q=${encodeURIComponent(customerName)}`)).body.items[0] as { id: number };
    await page.getByTestId(`customer-row-${customer.id}`).waitFor();

    // 3. Approved for that customer from the Inbox detail.
    await nav().getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByTestId(`inbox-row-${firstId}`).getByRole('button', { name: subject }).click();
    const drawer = page.getByRole('dialog', { name: subject });
    await drawer.getByRole('table', { name: 'Parsed fields' }).waitFor();
    await drawer.getByRole('button', { name: 'Approve', exact: true }).click();
    const approve = page.getByRole('dialog', { name: 'Approve message' });
    await approve.getByRole('combobox', { name: 'Customer' }).fill('storage');
    await page.getByRole('option', { name: customerName }).click();
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    await approve.waitFor({ state: 'hidden' });
    await page.getByText('The Inbox is empty.').waitFor();
    expect(await page.getByTestId(`inbox-row-${firstId}`).count()).toBe(0);

    // The job is on the Jobs page; its row opens it.
    await nav().getByRole('link', { name: 'Jobs', exact: true }).click();
    const jobRow = page.locator('[data-testid^="job-row-"]', { hasText: jobName });
    await jobRow.waitFor();
    expect(await jobRow.innerText()).toContain(customerName);
    expect(await jobRow.innerText()).toContain('Synology Hyper Backup');
    const jobId = Number((await jobRow.getAttribute('data-testid'))!.replace('job-row-', ''));
    await jobRow.click();
    await page.waitForURL(`${server.baseUrl}/jobs/${jobId}`);
    await page.getByRole('heading', { name: jobName }).waitFor();
    await expect.poll(() => runRows().count()).toBe(1);

    // 4. A later mail of the same job becomes a run without touching the Inbox.
    const secondId = await server.sendMail(fixtureMail(parser, fixture, {
      'Message-ID': '<e2e-second-run@synologynotification.com>',
      Date: 'Sun, 26 Jan 2025 02:14:40 +0100',
    }));
    expect(secondId).not.toBe(firstId);
    expect(await inboxTotal()).toBe(0);
    await page.reload();
    await expect.poll(() => runRows().count()).toBe(2);
    expect((await runsOf(jobId)).map((r) => r.messageId).sort()).toEqual([firstId, secondId].sort());
    await nav().getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByText('The Inbox is empty.').waitFor();

    // 5. Archive from the job page: the job leaves Jobs.
    await page.goto(`${server.baseUrl}/jobs/${jobId}`);
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    const archiveDialog = page.getByRole('dialog', { name: 'Archive job' });
    await archiveDialog.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`${server.baseUrl}/jobs`);
    await page.getByText('No jobs match.').waitFor();
    expect(await page.getByTestId(`job-row-${jobId}`).count()).toBe(0);

    // A third mail of the archived job is linked quietly: not in the Inbox.
    const thirdId = await server.sendMail(fixtureMail(parser, fixture, {
      'Message-ID': '<e2e-third-run@synologynotification.com>',
      Date: 'Mon, 27 Jan 2025 02:14:40 +0100',
    }));
    expect(await inboxTotal()).toBe(0);
    await nav().getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByText('The Inbox is empty.').waitFor();
    expect(await page.getByTestId(`inbox-row-${thirdId}`).count()).toBe(0);

    // 6. As Admin: Archived jobs → Unarchive; the job is back in Jobs at once.
    await nav().getByRole('link', { name: 'Archived jobs', exact: true }).click();
    const archivedRow = page.getByTestId(`archived-job-row-${jobId}`);
    await archivedRow.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByText('No archived jobs.').waitFor();
    await nav().getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByTestId(`job-row-${jobId}`).waitFor();

    // The run of the mail received while archived is already reviewed; only the two earlier runs are not.
    const runs = await runsOf(jobId);
    expect(runs).toHaveLength(3);
    const third = runs.find((r) => r.messageId === thirdId);
    expect(third?.reviewedAt, 'run of the mail received while archived').toEqual(expect.any(String));
    expect(runs.filter((r) => r.reviewedAt === null).map((r) => r.messageId).sort()).toEqual([firstId, secondId].sort());

    // 7. Delete (Admin): the confirmation shows the counts of delete-preview.
    const preview = (await api(`/api/v1/jobs/${jobId}/delete-preview`)).body as { runs: number; objects: number; messages: number; aliases: number };
    expect(preview).toMatchObject({ runs: 3, messages: 3 });
    await page.getByTestId(`job-row-${jobId}`).click();
    await page.waitForURL(`${server.baseUrl}/jobs/${jobId}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete job' });
    const previewText = await deleteDialog.getByTestId('delete-preview').innerText();
    expect(previewText).toContain(`${preview.runs} runs`);
    expect(previewText).toContain(`${preview.messages} mails`);
    expect(previewText).toContain(`${preview.objects} object`);
    await deleteDialog.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`${server.baseUrl}/jobs`);
    await page.getByText('No jobs match.').waitFor();

    // The job, its runs and its mails are gone; the customer is kept.
    expect((await api(`/api/v1/jobs/${jobId}`)).status).toBe(404);
    for (const run of runs) expect((await api(`/api/v1/runs/${run.id}`)).status, `run ${run.id}`).toBe(404);
    for (const id of [firstId, secondId, thirdId]) expect((await api(`/api/v1/messages/${id}`)).status, `message ${id}`).toBe(404);
    expect(await inboxTotal()).toBe(0);
    await nav().getByRole('link', { name: 'Customers', exact: true }).click();
    const customerRow = page.getByTestId(`customer-row-${customer.id}`);
    await customerRow.waitFor();
    expect(await customerRow.innerText()).toContain(customerName);
    await waitUntil(async () => (await api(`/api/v1/customers/${customer.id}`)).body?.jobCount === 0, 'customer without jobs');
  }, 60_000);
});
