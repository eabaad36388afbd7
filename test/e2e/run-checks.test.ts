import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../../src/repositories/run.repository.js';
import { launchBrowser, signInPage } from '../support/browser.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { fixtureMail, httpClient, navigationLinks, startE2eServer, waitUntil, type E2eServer, type HttpClient } from './support.js';

const parser = 'hyperv-backup-utility';
/** A real Hyper-V Backup Utility report: VM host02 failed, the disk is full. */
const fixture = 'hvbu-0of1-disk-full-it.eml';

let sent = 0;
/** The same real report again, as the device sends it each night: a new Message-ID and Date. */
function sameFailure(): Buffer {
  sent += 1;
  return fixtureMail(parser, fixture, { 'Message-ID': `<e2e-run-${sent}@hv02.acme.example>`, Date: `Mon, ${10 + sent} Mar 2025 20:00:20 +0100` });
}

/**
 * A different failure of the same job: the real report with its error text replaced by the real error
 * of the other Italian Hyper-V Backup Utility fixture (export directory not found), for host02.
 */
function differentFailure(): Buffer {
  const raw = sameFailure().toString('latin1');
  const changed = raw.replace(/\(VM:host02\) Impossibile copiare file[\s\S]*?\(0x80070070/, "(VM:host02) Impossibile creare la directory di esportazione. Errore: 'Impossibile trovare il percorso specificato.' (0x80070003): host02.");
  if (changed === raw) throw new Error('the fixture no longer holds the disk-full error');
  return Buffer.from(changed, 'latin1');
}

interface RunJson {
  id: number;
  messageId: number | null;
  status: string;
  originalStatus: string;
  overridden: boolean;
  reviewedAt: string | null;
  overrideRule: { id: number; label: string } | null;
  tickets: { id: number; code: string }[];
  remarks: { id: number; body: string }[];
}

describe('Run Checks in the browser, as an Operator', () => {
  let browser: Browser;
  let server: E2eServer;
  let page: Page;
  let admin: HttpClient;
  let jobId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startE2eServer();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    admin = await httpClient(server.baseUrl, await server.createUser(['admin']));
    // The job exists: its first report came in over SMTP and an Admin approved it for a customer.
    const customer = (await admin.post('/api/v1/customers', { name: 'Acme Hyper-V' })).json<{ id: number }>();
    const firstId = await server.sendMail(sameFailure());
    const approved = await admin.post(`/api/v1/inbox/${firstId}/approve`, { customerId: customer.id });
    expect(approved.status, approved.text).toBeLessThan(300);
    jobId = (await admin.get('/api/v1/jobs')).json<{ items: { id: number }[] }>().items[0]!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const runsOf = async () => (await admin.get(`/api/v1/jobs/${jobId}/runs?pageSize=100`)).json<{ items: RunJson[] }>().items;
  /** The run of a stored message, once it is linked. */
  const runOfMessage = (messageId: number) => waitUntil(async () => (await runsOf()).find((r) => r.messageId === messageId), `the run of message ${messageId}`);
  const row = () => page.locator(`[data-testid="run-check-row"][data-job-id="${jobId}"]`);
  const cards = () => page.getByTestId('run-card');
  /** Shown text in lower case: badges are upper-cased by CSS. */
  const textOf = async (locator: ReturnType<Page['locator']>) => (await locator.innerText()).toLowerCase();

  it('clears a failure with an override, links a remark and a ticket, and reviews only what was seen', async () => {
    const operator = await server.createUser(['operator']);
    await signInPage(page, server.baseUrl, operator.username, operator.password);

    // A failed run appears in Run Checks.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Run Checks', exact: true }).click();
    await row().waitFor();
    expect(await textOf(row())).toMatch(/acme hyper-v · hyper-v backup utility log[\s\S]*failed[\s\S]*1 failed/);

    // Opened with the keyboard (the cursor starts on the first row); its run shows the failed object.
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/run-checks/${jobId}`);
    await expect.poll(() => cards().count()).toBe(1);
    expect(await cards().first().innerText()).toContain('host02');

    // Mark as success with the proposed override: object host02, its message, contains.
    await cards().first().getByRole('button', { name: 'Mark as success' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark as success' });
    await dialog.getByLabel('Also create an override for future runs').check();
    expect(await dialog.getByLabel('Object name').inputValue()).toBe('host02');
    expect(await dialog.getByLabel('Text').inputValue()).toContain('Spazio su disco insufficiente');
    await dialog.getByRole('button', { name: 'Mark as success' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(cards().first())).toContain('success (override)');

    // The next identical failure arrives as success (override), naming the rule…
    const identical = await runOfMessage(await server.sendMail(sameFailure()));
    expect(identical).toMatchObject({ status: 'success', originalStatus: 'failed', overridden: true, overrideRule: { label: expect.stringContaining('object host02 override') } });
    // …while a different failure of the same job still shows as failed.
    const different = await runOfMessage(await server.sendMail(differentFailure()));
    expect(different).toMatchObject({ status: 'failed', overridden: false, overrideRule: null });
    await page.reload();
    await expect.poll(() => cards().count()).toBe(3);
    expect(await textOf(page.locator(`[data-testid="run-card"][data-run-id="${identical.id}"]`))).toMatch(/success \(override\)[\s\S]*override #\d+ object host02/);
    expect(await textOf(page.locator(`[data-testid="run-card"][data-run-id="${different.id}"]`))).toContain('failed');

    // A remark and a ticket made here, with the job pre-selected as their scope.
    await page.getByRole('button', { name: 'New remark' }).click();
    const remarkDialog = page.getByRole('dialog', { name: 'New remark' });
    expect(await remarkDialog.getByRole('checkbox', { name: /^Job Acme Hyper-V/ }).isChecked()).toBe(true);
    await remarkDialog.getByLabel('Remark').fill('Disk on hv02 is being replaced');
    await remarkDialog.getByRole('button', { name: 'Save remark' }).click();
    await remarkDialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'New ticket' }).click();
    const ticketDialog = page.getByRole('dialog', { name: 'New ticket' });
    await ticketDialog.getByLabel('Ticket code').fill('INC-4711');
    await ticketDialog.getByLabel('Description').fill('Vendor case for the export error');
    await ticketDialog.getByRole('button', { name: 'Save ticket' }).click();
    await ticketDialog.waitFor({ state: 'hidden' });
    // Their badges show on the job in the list…
    await expect.poll(() => textOf(row().getByTestId('ticket-badge'))).toContain('inc-4711');
    expect(await textOf(row().getByTestId('remark-badge'))).toContain('disk on hv02 is being replaced');
    // …and they link themselves to the next run.
    const next = await runOfMessage(await server.sendMail(differentFailure()));
    expect(next.tickets.map((t) => t.code)).toEqual(['INC-4711']);
    expect(next.remarks.map((r) => r.body)).toEqual(['Disk on hv02 is being replaced']);

    // The page is loaded now; a run that arrives afterwards is not reviewed by the click that follows.
    await page.reload();
    await expect.poll(() => cards().count()).toBe(4);
    expect(await textOf(page.locator(`[data-testid="run-card"][data-run-id="${next.id}"]`))).toMatch(/inc-4711[\s\S]*disk on hv02/);
    const unseen = await runOfMessage(await server.sendMail(sameFailure()));
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.waitForURL(`${server.baseUrl}/run-checks`);
    const afterClick = await runsOf();
    expect(afterClick.filter((r) => r.reviewedAt === null).map((r) => r.id)).toEqual([unseen.id]);
    // The job stays listed for the run nobody saw (now its only one: overridden); opened and reviewed with the keyboard, the page empties.
    await expect.poll(() => cards().count()).toBe(0);
    await expect.poll(() => textOf(row())).toMatch(/^(?![\s\S]*failed)[\s\S]*1 override/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/run-checks/${jobId}`);
    await expect.poll(() => cards().count()).toBe(1);
    await page.keyboard.press('r');
    await page.getByTestId('run-checks-empty').waitFor();
    expect((await runsOf()).every((r) => r.reviewedAt !== null)).toBe(true);

    // Every decision is in the audit log.
    const audit = (await admin.get('/api/v1/audit?pageSize=200')).json<{ items: { action: string; actor: string | null }[] }>().items;
    const mine = audit.filter((e) => e.actor === operator.username).map((e) => e.action);
    for (const action of ['run.mark-success', 'override.create', 'remark.create', 'ticket.create', 'run.review']) expect(mine, action).toContain(action);
    expect(mine.filter((a) => a === 'run.review')).toHaveLength(2);
  });

  it('clears a queue of green and failing jobs with the keyboard alone, every review audited', async () => {
    const db = server.database.db;
    const customerId = await createCustomer(db, 'Keyboard Ltd');
    const jobs: { id: number; failing: boolean }[] = [];
    for (let n = 1; n <= 12; n++) {
      const failing = n % 4 === 0;
      const id = await createJobFor(db, { sender: `kb${n}@example.com`, host: `kb${n}`, software: 'Veeam', type: 'Backup Job', jobName: `Nightly ${String(n).padStart(2, '0')}` }, { customerId });
      const at = new Date(Date.now() - 3_600_000).toISOString();
      await insertRun(db, {
        job_id: id, message_id: null, kind: 'mail', status: failing ? 'failed' : 'success', original_status: failing ? 'failed' : 'success', overridden: 0, informational: 0,
        started_at: at, ended_at: null, received_at: at, reviewed_at: null, reviewed_by_user_id: null, created_at: at,
      }, []);
      jobs.push({ id, failing });
    }
    const operator = await server.createUser(['operator']);
    const context = await browser.newContext();
    const keyboardPage = await context.newPage();
    keyboardPage.setDefaultTimeout(10_000);
    await signInPage(keyboardPage, server.baseUrl, operator.username, operator.password);
    // The Dashboard, the first page, counts them: 9 success and 3 failed waiting, and the SMTP source is not silent.
    await expect.poll(() => keyboardPage.getByTestId('unreviewed-count').innerText()).toBe('12');
    expect((await keyboardPage.getByRole('table', { name: 'Sources' }).innerText()).toLowerCase()).toMatch(/smtp[\s\S]*ok/);
    await keyboardPage.getByRole('img', { name: 'Failed and missed runs per day over the last 14 days' }).waitFor();
    await keyboardPage.goto(`${server.baseUrl}/run-checks`);
    const rows = keyboardPage.getByTestId('run-check-row');
    await expect.poll(() => rows.count()).toBe(12);
    // The failing jobs come first.
    expect(await rows.first().getAttribute('data-job-id')).toBe(String(jobs.find((j) => j.failing)!.id));

    // g: every all-green job at once; then Enter opens the first failing job, and r reviews it and opens the next.
    await keyboardPage.keyboard.press('g');
    await expect.poll(() => rows.count()).toBe(3);
    await keyboardPage.keyboard.press('Enter');
    const failing = jobs.filter((j) => j.failing).map((j) => j.id);
    await keyboardPage.waitForURL(`${server.baseUrl}/run-checks/${failing[0]}`);
    // With a job open, j and k open the next and previous job: the open job follows the cursor.
    await keyboardPage.keyboard.press('j');
    await keyboardPage.waitForURL(`${server.baseUrl}/run-checks/${failing[1]}`);
    await keyboardPage.keyboard.press('k');
    await keyboardPage.waitForURL(`${server.baseUrl}/run-checks/${failing[0]}`);
    for (let left = 3; left > 0; left--) {
      await expect.poll(() => keyboardPage.getByTestId('run-card').count()).toBe(1);
      await keyboardPage.keyboard.press('r');
      await expect.poll(() => rows.count()).toBe(left - 1);
    }
    await keyboardPage.getByTestId('run-checks-empty').waitFor();
    const audit = (await admin.get('/api/v1/audit?pageSize=200')).json<{ items: { action: string; actor: string | null; entityId: string | null }[] }>().items;
    const reviewedJobs = audit.filter((e) => e.actor === operator.username && e.action === 'run.review').map((e) => Number(e.entityId));
    expect(reviewedJobs.sort((a, b) => a - b)).toEqual(jobs.map((j) => j.id).sort((a, b) => a - b));
    await context.close();
  });

  it('keeps a Viewer out: no menu entry, and the API answers 403', async () => {
    const viewer = await server.createUser(['viewer']);
    const context = await browser.newContext();
    const viewerPage = await context.newPage();
    await signInPage(viewerPage, server.baseUrl, viewer.username, viewer.password);
    expect(await navigationLinks(viewerPage)).not.toContain('Run Checks');
    expect((await viewerPage.request.get(`${server.baseUrl}/api/v1/run-checks`)).status()).toBe(403);
    await viewerPage.goto(`${server.baseUrl}/run-checks`);
    await viewerPage.getByText(/not found/i).first().waitFor();
    await context.close();
  });
});
