import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { expectedSlots } from '../../src/domain/schedule/expected-slots.js';
import { addDays } from '../../src/domain/schedule/local-time.js';
import { parseSchedule } from '../../src/domain/schedule/schedule.js';
import { evaluateMissedRuns } from '../../src/services/missed-runs.service.js';
import { launchBrowser, signInPage } from '../support/browser.js';
import { createCustomer, createJobFor } from '../support/factories.js';
import { createScheduledJob, mailRun, missedRuns } from '../support/schedule-fixtures.js';
import { startE2eServer, type E2eServer } from './support.js';

const minute = 60_000;
const hour = 60 * minute;
type ScheduleSpec = { kind: string; time: string; zone: string; weekdays?: number[] };
const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const slotsOf = (s: ScheduleSpec, from: string, to: string) => expectedSlots(parseSchedule(s), from, to);
/** The expected start of a schedule's (only) slot on a local date, as the Daily Jobs row key has it. */
const slotIso = (s: ScheduleSpec, date: string) => slotsOf(s, date, date)[0]!.expectedAt.toISOString();

/**
 * The server's own background tasks run on the wall clock. While this file plays the missed-runs task
 * over three months of simulated time, it holds both tasks' leases as another instance would, so the
 * real tasks neither evaluate half-written history nor re-learn the fixtures' schedules.
 */
async function holdTaskLeases(db: Db): Promise<void> {
  const held = { holder: 'e2e-daily-jobs', expires_at: '9999-12-31T00:00:00.000Z' };
  for (const name of ['task:missed-runs', 'task:schedule-learning']) {
    await db.insertInto('task_leases').values({ name, ...held }).onConflict((oc) => oc.column('name').doUpdateSet(held)).execute();
  }
}

describe('Daily Jobs and pinned schedules, in the browser', () => {
  let browser: Browser;
  let server: E2eServer;
  let db: Db;
  const contexts: BrowserContext[] = [];
  const today = new Date().toISOString().slice(0, 10); // the installation zone is UTC
  const start = addDays(today, -92);
  const tomorrow = addDays(today, 1);
  // A Monday two to three weeks back: older than the task's 7-day catch-up, so only evaluating as time passed creates its Missed run.
  const day = [15, 16, 17, 18, 19, 20, 21].map((k) => addDays(today, -k)).find((d) => isoWeekday(d) === 1)!;
  const tuesday = addDays(day, 1);
  const amsterdam = 'Europe/Amsterdam';
  const specs = {
    nightly: { kind: 'daily', time: '22:00', zone: amsterdam },
    offsite: { kind: 'daily', time: '03:00', zone: amsterdam },
    weekly: { kind: 'weekly', weekdays: [1, 3, 5], time: '06:00', zone: 'UTC' },
    dump: { kind: 'daily', time: '02:00', zone: 'UTC' },
  } satisfies Record<string, ScheduleSpec>;
  const jobs = {} as Record<keyof typeof specs | 'unsure' | 'archive', number>;
  const nightlySkipped = [addDays(day, -30), day];

  async function signedIn(roles: Parameters<E2eServer['createUser']>[0]): Promise<Page> {
    const context = await browser.newContext({ timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const user = await server.createUser(roles);
    await signInPage(page, server.baseUrl, user.username, user.password);
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startE2eServer();
    db = server.database.db;
    await holdTaskLeases(db);
    const alpha = await createCustomer(db, 'Alpha Logistics');
    await db.updateTable('customers').set({ time_zone: amsterdam }).where('id', '=', alpha).execute();
    const bravo = await createCustomer(db, 'Bravo Dental');
    const storedAt = `${start}T00:00:00.000Z`;
    const names = { nightly: 'Nightly Backup', offsite: 'Offsite Copy', weekly: 'Weekly Full', dump: 'SQL Dump' };
    for (const key of Object.keys(specs) as (keyof typeof specs)[]) {
      const customerId = specs[key].zone === amsterdam ? alpha : bravo;
      jobs[key] = await createScheduledJob(db, specs[key], { customerId, storedAt, evaluatedUntil: storedAt, jobName: names[key] });
    }
    // Learned from runs on three days in five: not confident enough for slots, Missed runs or Daily Jobs.
    const unsure = { kind: 'daily', time: '03:00', zone: amsterdam, confidence: 0.6, basedOn: 55 };
    jobs.unsure = await createScheduledJob(db, unsure, { customerId: alpha, pinned: false, storedAt: new Date().toISOString(), jobName: 'Unsure Sync' });
    jobs.archive = await createJobFor(db, { sender: 'archive@alpha.example', host: 'mail01', software: 'Veeam', type: 'Backup Job', jobName: 'Mail Archive' }, { customerId: alpha });

    // Every slot from `start` to today met 5 minutes after its start, reported 20 minutes later; except
    // Nightly on two dates (never ran), Offsite on `day` (failed) and the SQL dump on `day` (started
    // 05:30 instead of 02:00, reported at 07:00: after its deadline, so Missed first, then late).
    const mails: { jobId: number; startedAt: Date; receivedAt: Date; status: string }[] = [];
    for (const key of Object.keys(specs) as (keyof typeof specs)[]) {
      for (const slot of slotsOf(specs[key], start, today)) {
        const date = slot.expectedAt.toISOString().slice(0, 10);
        if (key === 'nightly' && nightlySkipped.includes(date)) continue;
        const late = key === 'dump' && date === day;
        const startedAt = late ? new Date(`${day}T05:30:00Z`) : new Date(slot.expectedAt.getTime() + 5 * minute);
        const receivedAt = late ? new Date(`${day}T07:00:00Z`) : new Date(startedAt.getTime() + 20 * minute);
        mails.push({ jobId: jobs[key], startedAt, receivedAt, status: key === 'offsite' && date === day ? 'failed' : 'success' });
      }
    }
    slotsOf(unsure, start, addDays(today, -1)).forEach((slot, i) => {
      if (i % 5 < 3) mails.push({ jobId: jobs.unsure, startedAt: new Date(slot.expectedAt.getTime() + 10 * minute), receivedAt: new Date(slot.expectedAt.getTime() + 30 * minute), status: 'success' });
    });
    mails.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());

    // Time passes in 6-hour steps up to now: the mails received by then arrive, then the task runs.
    const end = Date.now();
    let next = 0;
    for (let t = Date.parse(storedAt); ; t += 6 * hour) {
      const now = new Date(Math.min(t, end));
      for (; next < mails.length && mails[next]!.receivedAt <= now; next++) {
        const m = mails[next]!;
        await mailRun(db, m.jobId, m.startedAt, m.receivedAt, m.status);
      }
      await evaluateMissedRuns(db, { defaultZone: 'UTC', now });
      if (t >= end) break;
    }
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const rowOf = (page: Page, job: number, iso: string) => page.getByTestId(`daily-row-${job}-${iso}`);
  const rowsOf = (page: Page, job: number) => page.locator(`[data-testid^="daily-row-${job}-"]`);
  /** The badges of a row's Status cell (textContent: Mantine upper-cases badges on screen). */
  const statusOf = (page: Page, job: number, iso: string) => rowOf(page, job, iso).getByRole('cell').nth(7).locator('.mantine-Badge-root').allTextContents();
  const count = (page: Page, status: string) => page.getByTestId(`daily-count-${status}`).textContent();
  const headers = (page: Page) => page.getByRole('table', { name: 'Daily jobs' }).getByRole('columnheader').allTextContents();
  /** Picks a date in the "Date" input and waits for a row only that date has. */
  async function showDate(page: Page, date: string, job: number, iso: string): Promise<void> {
    await page.getByLabel('Date', { exact: true }).fill(date);
    await rowOf(page, job, iso).waitFor();
    await page.getByLabel('Loading daily jobs').waitFor({ state: 'hidden' });
  }

  it('Daily Jobs shows the right expected, arrived and missed jobs for a chosen date over months of history', async () => {
    // The history as the task left it: Missed runs only where Nightly never ran, the late dump resolved.
    expect((await missedRuns(db, jobs.nightly)).map((r) => r.missed_slot)).toEqual(nightlySkipped.map((d) => slotIso(specs.nightly, d)));
    const dumpMissed = await missedRuns(db, jobs.dump);
    expect(dumpMissed.map((r) => [r.missed_slot, r.resolved_by_run_id !== null])).toEqual([[slotIso(specs.dump, day), true]]);
    for (const key of ['offsite', 'weekly', 'unsure'] as const) expect(await missedRuns(db, jobs[key]), key).toEqual([]);

    const page = await signedIn(['operator']);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Daily Jobs', exact: true }).click();
    await page.waitForURL(`${server.baseUrl}/daily-jobs`);

    // The Monday: Nightly missed, Offsite failed, Weekly Full success, the dump success but late.
    await showDate(page, day, jobs.nightly, slotIso(specs.nightly, day));
    expect(page.url()).toContain(`date=${day}`);
    expect(await statusOf(page, jobs.nightly, slotIso(specs.nightly, day))).toEqual(['Missed']);
    expect(await statusOf(page, jobs.offsite, slotIso(specs.offsite, day))).toEqual(['Failed']);
    expect(await statusOf(page, jobs.weekly, slotIso(specs.weekly, day))).toEqual(['Success']);
    expect(await statusOf(page, jobs.dump, slotIso(specs.dump, day))).toEqual(['Success', 'late']);
    expect(await rowsOf(page, jobs.unsure).count(), 'the unconfident job').toBe(0);
    expect(await rowsOf(page, jobs.archive).count(), 'the job without a schedule').toBe(0);
    expect(await page.locator('[data-testid^="daily-row-"]').count()).toBe(4);
    expect(await rowOf(page, jobs.nightly, slotIso(specs.nightly, day)).innerText()).toMatch(/Alpha Logistics\s+Veeam\s+Backup Job\s+Nightly Backup\s+Daily at 22:00\s+pinned/i);
    expect([await count(page, 'success'), await count(page, 'failed'), await count(page, 'missed'), await count(page, 'expected')])
      .toEqual(['Success: 2', 'Failed: 1', 'Missed: 1', 'Expected: 0']);
    expect(await headers(page)).not.toContain('Reviewed');

    // The Tuesday: everything ran; the Mon/Wed/Fri job is not due.
    await showDate(page, tuesday, jobs.nightly, slotIso(specs.nightly, tuesday));
    for (const key of ['nightly', 'offsite', 'dump'] as const) expect(await statusOf(page, jobs[key], slotIso(specs[key], tuesday)), key).toEqual(['Success']);
    expect(await rowsOf(page, jobs.weekly).count(), 'weekly job on a Tuesday').toBe(0);
    expect(await rowsOf(page, jobs.unsure).count()).toBe(0);
    expect(await count(page, 'success')).toBe('Success: 3');

    // Tomorrow: every slot still to come is Expected.
    await showDate(page, tomorrow, jobs.nightly, slotIso(specs.nightly, tomorrow));
    const due = (['nightly', 'offsite', 'dump', 'weekly'] as const).filter((key) => slotsOf(specs[key], tomorrow, tomorrow).length > 0);
    for (const key of due) expect(await statusOf(page, jobs[key], slotIso(specs[key], tomorrow)), key).toEqual(['Expected']);
    expect(await page.locator('[data-testid^="daily-row-"]').count()).toBe(due.length);
    expect(await count(page, 'expected')).toBe(`Expected: ${due.length}`);
    expect(await rowsOf(page, jobs.unsure).count()).toBe(0);

    // An Admin sees who reviewed each slot's run.
    const admin = await signedIn(['admin']);
    await admin.goto(`${server.baseUrl}/daily-jobs?date=${day}`);
    await rowOf(admin, jobs.nightly, slotIso(specs.nightly, day)).waitFor();
    expect(await headers(admin)).toContain('Reviewed');
    expect(await rowOf(admin, jobs.offsite, slotIso(specs.offsite, day)).getByRole('cell').nth(8).textContent()).toBe('No');
  }, 60_000);

  it('an operator pins a schedule on the job page and it shows in the Jobs list and on Daily Jobs', async () => {
    const viewer = await signedIn(['viewer']);
    await viewer.goto(`${server.baseUrl}/jobs/${jobs.archive}`);
    await viewer.getByRole('region', { name: 'Schedule' }).getByText("The schedule will be learned from the job's runs.").waitFor();
    expect(await viewer.getByRole('button', { name: 'Pin schedule' }).count(), 'viewer').toBe(0);

    const page = await signedIn(['operator']);
    await page.goto(`${server.baseUrl}/jobs/${jobs.archive}`);
    const section = page.getByRole('region', { name: 'Schedule' });
    await section.getByText("The schedule will be learned from the job's runs.").waitFor();
    const date = addDays(today, 2);
    const weekday = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][isoWeekday(date)]!;
    const pinned = { kind: 'weekly', weekdays: [isoWeekday(date)], time: '21:30', zone: amsterdam };

    await section.getByRole('button', { name: 'Pin schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pin schedule' });
    await dialog.getByLabel('Kind').selectOption('weekly');
    await dialog.getByRole('checkbox', { name: weekday, exact: true }).check();
    await dialog.getByLabel('Time', { exact: true }).fill('21:30');
    await dialog.getByLabel('Grace minutes').fill('60');
    await dialog.getByLabel('Time zone').fill(amsterdam);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const description = `Weekly: ${weekday} at 21:30`;
    await expect.poll(() => section.getByTestId('schedule-description').textContent()).toBe(description);
    await section.getByText('pinned', { exact: true }).waitFor();
    expect(await section.getByTestId('schedule-fields').innerText()).toMatch(/Grace\s+60 min[\s\S]*Time zone\s+Europe\/Amsterdam/);
    await section.getByRole('button', { name: 'Edit pinned schedule' }).waitFor();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Jobs', exact: true }).click();
    const jobRow = page.getByTestId(`job-row-${jobs.archive}`);
    await jobRow.waitFor();
    expect(await jobRow.innerText()).toMatch(new RegExp(`${description}\\s+pinned`, 'i'));

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Daily Jobs', exact: true }).click();
    await showDate(page, date, jobs.archive, slotIso(pinned, date));
    expect(await statusOf(page, jobs.archive, slotIso(pinned, date))).toEqual(['Expected']);
    expect(await rowOf(page, jobs.archive, slotIso(pinned, date)).innerText()).toMatch(new RegExp(`Mail Archive\\s+${description}\\s+pinned`, 'i'));
    await showDate(page, addDays(date, 1), jobs.nightly, slotIso(specs.nightly, addDays(date, 1)));
    expect(await rowsOf(page, jobs.archive).count(), 'the day after the pinned weekday').toBe(0);

    await page.goto(`${server.baseUrl}/jobs/${jobs.archive}`);
    await section.getByRole('button', { name: 'Unpin' }).click();
    await page.getByRole('dialog', { name: 'Unpin schedule' }).getByRole('button', { name: 'Confirm' }).click();
    await section.getByText("The schedule will be learned from the job's runs.").waitFor();
    await section.getByRole('button', { name: 'Pin schedule' }).waitFor();
    expect(await section.getByRole('button', { name: 'Unpin' }).count()).toBe(0);
    expect(await section.getByTestId('schedule-description').count()).toBe(0);
  }, 60_000);
});
