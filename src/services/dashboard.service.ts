/**
 * The Dashboard (DESIGN §7), the first page after sign-in: what waits in Run Checks, today's Missed
 * runs, the Inbox, the last mail per source with a warning when one has been silent too long, and
 * failures per day over the last 14 days. Each part only for the roles that may see it.
 */
import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/roles.js';
import { addDays, localParts, zonedInstant, type LocalDate } from '../domain/schedule/local-time.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { enabledMailboxes, failuresPerDay, inboxCount, missedBetween, sourceActivity, waitingCounts, type WaitingCounts } from '../repositories/dashboard.repository.js';
import { getSetting, setSetting } from '../repositories/settings.repository.js';
import { installationZone } from './time-zone.service.js';

export const silenceSettingKey = 'dashboard.source-silence-hours';
export const defaultSilenceHours = 24;
export const maxSilenceHours = 720;
const hourMs = 3_600_000;
export const failureDays = 14;

export interface DashboardSettings {
  /** A source whose last mail is older than this many hours is flagged silent; 0 turns the warning off. */
  sourceSilenceHours: number;
}

export async function dashboardSettings(db: Db): Promise<DashboardSettings> {
  const stored = Number(await getSetting(db, silenceSettingKey));
  return { sourceSilenceHours: Number.isInteger(stored) && stored >= 0 && stored <= maxSilenceHours ? stored : defaultSilenceHours };
}

export async function changeDashboardSettings(db: Db, actor: Actor, change: DashboardSettings, now: Date): Promise<DashboardSettings> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await dashboardSettings(trx);
    await setSetting(trx, silenceSettingKey, String(change.sourceSilenceHours), at);
    if (before.sourceSilenceHours !== change.sourceSilenceHours) {
      await recordAudit(trx, { at, ...auditWho(actor), action: 'settings.dashboard', entityType: 'settings', entityId: 'dashboard', details: { before, after: change } });
    }
    return change;
  });
}

export interface SourceView {
  source: string;
  label: string;
  lastReceivedAt: string | null;
  silent: boolean;
  lastError: string | null;
}

export interface DashboardView {
  date: LocalDate;
  zone: string;
  /** Runs waiting in Run Checks (Admins and Operators). */
  unreviewed?: WaitingCounts;
  /** Missed runs of today's slots that no late report resolved (roles that see Daily Jobs). */
  missedToday?: number;
  /** Mails waiting for approval (roles that see the Inbox), and the sources' last mail. */
  inbox?: { count: number };
  sources?: SourceView[];
  silenceHours: number;
  /** Failed and Missed runs per local day, oldest first, today last. */
  failures: { date: LocalDate; failed: number; missed: number }[];
}

export async function dashboard(db: Db, actor: Actor, defaultZone: string, now: Date): Promise<DashboardView> {
  const zone = await installationZone(db, defaultZone);
  const today = localParts(now, zone).date;
  const dayStart = (date: LocalDate) => zonedInstant(date, 0, zone).toISOString();
  const { sourceSilenceHours } = await dashboardSettings(db);
  const view: DashboardView = { date: today, zone, silenceHours: sourceSilenceHours, failures: [] };
  if (can(actor.role, 'run-checks.view')) view.unreviewed = await waitingCounts(db);
  if (can(actor.role, 'daily-jobs.view')) view.missedToday = await missedBetween(db, dayStart(today), dayStart(addDays(today, 1)));
  if (can(actor.role, 'inbox.view')) {
    view.inbox = { count: await inboxCount(db) };
    view.sources = await sources(db, sourceSilenceHours, now);
  }
  const dates = Array.from({ length: failureDays }, (_, i) => addDays(today, i - (failureDays - 1)));
  const { failed, missed } = await failuresPerDay(db, [...dates, addDays(today, 1)].map(dayStart));
  view.failures = dates.map((date, i) => ({ date, failed: failed[i]!, missed: missed[i]! }));
  return view;
}

/** Every source that has delivered mail, and every enabled IMAP mailbox, even one that never did (a removed or disabled one is left out). */
async function sources(db: Db, silenceHours: number, now: Date): Promise<SourceView[]> {
  const silentBefore = now.getTime() - silenceHours * hourMs;
  const isSilent = (since: string) => silenceHours > 0 && Date.parse(since) < silentBefore;
  const activity = new Map((await sourceActivity(db)).map((a) => [a.source_key, a]));
  const out: SourceView[] = [];
  for (const a of activity.values()) {
    if (a.source_key.startsWith('imap:')) continue;
    out.push({ source: a.source, label: a.label, lastReceivedAt: a.last_received_at, silent: isSilent(a.last_received_at), lastError: null });
  }
  for (const m of await enabledMailboxes(db)) {
    const last = activity.get(`imap:${m.id}`)?.last_received_at ?? null;
    out.push({ source: 'imap', label: m.name, lastReceivedAt: last, silent: isSilent(last ?? m.created_at), lastError: m.last_error });
  }
  return out.sort((a, b) => a.source.localeCompare(b.source) || a.label.localeCompare(b.label));
}
