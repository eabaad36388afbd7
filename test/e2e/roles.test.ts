import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { launchBrowser, signInPage } from '../support/browser.js';
import { buildMail } from '../support/mail.js';
import { navigationLinks, startE2eServer, type E2eServer } from './support.js';

const expectedLinks: Record<Role, string[]> = {
  admin: ['Dashboard', 'Inbox', 'Customers', 'Jobs', 'Daily Jobs', 'Run Checks', 'Overrides', 'Tickets', 'Archived jobs', 'Deleted mails'],
  operator: ['Dashboard', 'Inbox', 'Customers', 'Jobs', 'Daily Jobs', 'Run Checks', 'Overrides', 'Tickets'],
  reporter: ['Dashboard'],
  viewer: ['Dashboard', 'Inbox', 'Customers', 'Jobs', 'Daily Jobs', 'Overrides', 'Tickets'],
};
const settingsLinks = ['Users', 'API tokens', 'Audit log', 'Maintenance', 'Schedules'];

describe('roles in the browser', () => {
  let browser: Browser;
  let server: E2eServer;
  let context: BrowserContext | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startE2eServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = null;
  });

  async function newPage(): Promise<Page> {
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  it('shows each single-role user only the pages of that role', async () => {
    for (const role of ['admin', 'operator', 'reporter', 'viewer'] as const) {
      const page = await newPage();
      const user = await server.createUser([role]);
      await signInPage(page, server.baseUrl, user.username, user.password);
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await expect.poll(() => navigationLinks(page), { message: role }).toEqual(expectedLinks[role]);
      const settings = nav.getByRole('button', { name: 'Settings' });
      if (role === 'admin') {
        expect(await settings.getAttribute('aria-expanded')).toBe('false');
        await settings.click();
        expect(await settings.getAttribute('aria-expanded')).toBe('true');
        await expect.poll(() => navigationLinks(page), { message: 'admin with Settings open' }).toEqual([...expectedLinks.admin, ...settingsLinks]);
      } else {
        expect(await settings.count(), `${role} has no Settings`).toBe(0);
      }
      await context!.close();
      context = null;
    }
  });

  it('shows a viewer "Not found" for an admin page, the API answers 403, and the Inbox has no Approve/Delete', async () => {
    const messageId = await server.sendMail(buildMail({ subject: 'Nightly backup of viewer test', body: 'The backup completed successfully.' }));
    const page = await newPage();
    const viewer = await server.createUser(['viewer']);
    await signInPage(page, server.baseUrl, viewer.username, viewer.password);

    await page.goto(`${server.baseUrl}/settings/users`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    // The browser's own session cookie, straight at the API.
    expect((await page.request.get(`${server.baseUrl}/api/v1/users`)).status()).toBe(403);
    expect((await page.request.get(`${server.baseUrl}/api/v1/jobs/archived`)).status()).toBe(403);
    expect((await page.request.get(`${server.baseUrl}/api/v1/inbox`)).status()).toBe(200);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox', exact: true }).click();
    const row = page.getByTestId(`inbox-row-${messageId}`);
    await row.waitFor();
    expect(await page.getByRole('button', { name: /^Approve selected/ }).count()).toBe(0);
    expect(await row.getByRole('checkbox').count()).toBe(0);
    await row.getByRole('button', { name: 'Nightly backup of viewer test' }).click();
    const drawer = page.getByRole('dialog', { name: 'Nightly backup of viewer test' });
    // The detail has loaded (its headers table) before the absence of the buttons is checked.
    await drawer.getByRole('table', { name: 'Headers' }).waitFor();
    expect(await drawer.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await drawer.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Approve|Delete)/ }).count()).toBe(0);
  });

  it('lets a user with two roles switch the active role in the header and remembers it at the next sign-in', async () => {
    const page = await newPage();
    const user = await server.createUser(['admin', 'viewer']);
    await signInPage(page, server.baseUrl, user.username, user.password);
    const roleSelect = page.getByRole('combobox', { name: 'Active role' });
    await expect.poll(() => roleSelect.inputValue()).toBe('Admin');
    await expect.poll(() => navigationLinks(page)).toEqual(expectedLinks.admin);

    await roleSelect.click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await expect.poll(() => navigationLinks(page)).toEqual(expectedLinks.viewer);
    await expect.poll(() => roleSelect.inputValue()).toBe('Viewer');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Settings' }).count()).toBe(0);
    expect((await page.request.get(`${server.baseUrl}/api/v1/users`)).status()).toBe(403);

    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await page.request.get(`${server.baseUrl}/api/v1/auth/session`)).status()).toBe(401);

    await signInPage(page, server.baseUrl, user.username, user.password);
    await expect.poll(() => page.getByRole('combobox', { name: 'Active role' }).inputValue()).toBe('Viewer');
    await expect.poll(() => navigationLinks(page)).toEqual(expectedLinks.viewer);

    // And back: the admin pages return with the role.
    await page.getByRole('combobox', { name: 'Active role' }).click();
    await page.getByRole('option', { name: 'Admin' }).click();
    await expect.poll(() => navigationLinks(page)).toEqual(expectedLinks.admin);
    expect((await page.request.get(`${server.baseUrl}/api/v1/users`)).status()).toBe(200);
  });
});
