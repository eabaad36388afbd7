import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from '../support/browser.js';
import { buildMail } from '../support/mail.js';
import { csrfOf, startE2eServer, startTracker, type E2eServer, type Tracker } from './support.js';

const subject = 'Backup report with hostile HTML';

/** Everything a mail could do to call home or move the page: scripts, a remote image, a self-submitting form, a meta refresh. */
function hostileHtml(tracker: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="refresh" content="0;url=${tracker}/meta">
<link rel="stylesheet" href="${tracker}/css">
</head>
<body>
<p id="visible">Backup job Daily finished: Success</p>
<script>fetch('${tracker}/script-fetch'); new Image().src = '${tracker}/script-img'; top.location.href = '${tracker}/top';</script>
<img src="${tracker}/img" alt="pixel">
<div style="background-image: url('${tracker}/style')">styled</div>
<form id="f" action="${tracker}/form" method="post" target="_top"><input type="hidden" name="x" value="1"></form>
<script>document.getElementById('f').submit();</script>
<a href="${tracker}/link" target="_top" id="link">a link</a>
</body>
</html>`;
}

describe('hostile mail in the browser', () => {
  let browser: Browser;
  let server: E2eServer;
  let tracker: Tracker;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startE2eServer();
    tracker = await startTracker();
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.setDefaultTimeout(10_000);
    const admin = await server.createUser(['admin']);
    await signInPage(page, server.baseUrl, admin.username, admin.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await tracker?.close();
  });

  it('shows an HTML mail in an empty-sandbox iframe from a CSP-sandboxed route: no request leaves, the page stays put', async () => {
    const messageId = await server.sendMail(buildMail({ subject, contentType: 'text/html; charset=utf-8', body: hostileHtml(tracker.url) }));
    await page.goto(`${server.baseUrl}/inbox`);
    await page.getByTestId(`inbox-row-${messageId}`).getByRole('button', { name: subject }).click();
    const drawer = page.getByRole('dialog', { name: subject });
    const iframe = drawer.locator('iframe[title="Mail body"]');
    await iframe.waitFor();
    expect(await iframe.getAttribute('sandbox')).toBe('');
    expect(await iframe.getAttribute('src')).toBe(`/api/v1/messages/${messageId}/body`);
    const urlBefore = page.url();
    // The mail is shown (its text), so whatever it tried has had its chance to run.
    await page.frameLocator('iframe[title="Mail body"]').getByText('Backup job Daily finished: Success').waitFor();
    await page.waitForTimeout(2000);

    expect(tracker.requests).toEqual([]);
    expect(page.url()).toBe(urlBefore);
    expect(page.url()).toBe(`${server.baseUrl}/inbox`);
    await drawer.getByRole('table', { name: 'Headers' }).waitFor();

    const body = await page.request.get(`${server.baseUrl}/api/v1/messages/${messageId}/body`);
    expect(body.status()).toBe(200);
    const csp = body.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp.split(';').map((d) => d.trim())).toContain('sandbox');
    expect(body.headers()['x-content-type-options']).toBe('nosniff');
    expect(body.headers()['content-type']).toMatch(/^text\/html/);
  });

  it('downloads the .eml as a message/rfc822 attachment and never renders it as a page', async () => {
    const messageId = await server.sendMail(buildMail({ subject: 'EML download check', contentType: 'text/html; charset=utf-8', body: hostileHtml(tracker.url) }));
    await page.goto(`${server.baseUrl}/inbox`);
    const row = page.getByTestId(`inbox-row-${messageId}`);
    await row.waitFor();
    const urlBefore = page.url();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: '.eml' }).click()]);
    expect(download.suggestedFilename()).toBe(`message-${messageId}.eml`);
    expect(await download.failure()).toBeNull();
    expect(page.url()).toBe(urlBefore);

    const eml = await page.request.get(`${server.baseUrl}/api/v1/messages/${messageId}/eml`);
    expect(eml.status()).toBe(200);
    expect(eml.headers()['content-type']).toMatch(/^message\/rfc822/);
    expect(eml.headers()['content-disposition']).toMatch(/^attachment\b/);
    expect((await eml.body()).toString('utf8')).toContain(`Subject: EML download check`);

    // Even opened directly (no download attribute), the browser downloads it instead of showing it.
    const [direct] = await Promise.all([
      page.waitForEvent('download'),
      page.goto(`${server.baseUrl}/api/v1/messages/${messageId}/eml`).catch((error: Error) => error),
    ]);
    expect(direct.suggestedFilename()).toBe(`message-${messageId}.eml`);
    expect(tracker.requests).toEqual([]);
  });

  it('neutralises formula cells in the exported customers CSV', async () => {
    const csrf = await csrfOf(page, server.baseUrl);
    const names = ['=HYPERLINK("http://evil")', '+SUM(1,2)', '-2+3', '@cmd', 'Plain Customer'];
    for (const name of names) {
      const created = await page.request.post(`${server.baseUrl}/api/v1/customers`, { data: { name }, headers: { 'x-csrf-token': csrf } });
      expect(created.status(), name).toBe(201);
    }
    const response = await page.request.get(`${server.baseUrl}/api/v1/customers/export.csv`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    const rows = parse(await response.text(), { columns: false, skip_empty_lines: true, bom: true }) as string[][];
    const cells = rows.map((r) => r[0] ?? '');
    expect(cells).toContain(`'=HYPERLINK("http://evil")`);
    expect(cells).not.toContain('=HYPERLINK("http://evil")');
    for (const name of names.slice(0, 4)) expect(cells, name).toContain(`'${name}`);
    expect(cells).toContain('Plain Customer');
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });
});
