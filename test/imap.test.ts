import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, startImapPoller, type ImapPoller, type ImapPollerOptions } from '../src/ingest/sources/imap.js';
import { ingestMessage } from '../src/ingest/pipeline.js';
import { createLogger } from '../src/logger.js';
import { getRaw } from '../src/repositories/message.repository.js';
import { addMailbox, folderProgress, listMailboxViews, type MailboxInput } from '../src/services/mailbox.service.js';
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js';
import { startDovecot, type DovecotServer } from './support/dovecot.js';
import { buildMail } from './support/mail.js';

const secretKey = 'imap-test-secret-key-0123456789abcdef0123456789';
const logger = createLogger('silent');
let dovecot: DovecotServer;
let folderCount = 0;

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

describe.each(dialects)('IMAP polling into %s', (dialect) => {
  let t: TestDatabase;
  let pollers: ImapPoller[];
  let folder: string;

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    pollers = [];
    // Each test reads its own folder of the one Dovecot account, so tests never see each other's mail.
    folder = `${dialect}-${++folderCount}`;
  });
  afterEach(async () => {
    for (const p of pollers) await p.stop();
    await t.drop();
  });

  const addBox = (input: Partial<MailboxInput> = {}) =>
    addMailbox(
      t.db,
      secretKey,
      { name: `box ${folder}`, host: dovecot.host, port: dovecot.port, tls: 'none', username: dovecot.user, password: dovecot.password, folders: [folder], ...input },
      { type: 'system' },
    );
  const poller = (options: Partial<ImapPollerOptions> = {}) => {
    const p = startImapPoller({ db: t.db, config: { secretKey, maxMessageBytes: 200_000 }, logger, autoPoll: false, ...options });
    pollers.push(p);
    return p;
  };
  const messages = () => t.db.selectFrom('messages').selectAll().orderBy('id').execute();
  const flagsIn = async (name: string) => {
    const client = await dovecot.client();
    try {
      await client.mailboxOpen(name, { readOnly: true });
      return (await client.fetchAll('1:*', { uid: true, flags: true })).map((m) => ({ uid: m.uid, seen: m.flags?.has('\\Seen') ?? false }));
    } finally {
      await client.logout();
    }
  };

  it('imports the mails of a folder with the mailbox, folder, UID and UIDVALIDITY as source detail', async () => {
    const box = await addBox();
    await dovecot.append(folder, buildMail({ subject: 'Nightly backup succeeded' }));
    await dovecot.append(folder, buildMail({ subject: 'Nightly backup failed', body: 'Error: disk full' }));
    expect(await poller().pollOnce()).toMatchObject({ mailboxes: 1, failed: 0, fetched: 2, stored: 2, duplicates: 0 });
    const stored = await messages();
    expect(stored.map((m) => [m.source, m.subject, m.status])).toEqual([
      ['imap', 'Nightly backup succeeded', 'success'],
      ['imap', 'Nightly backup failed', 'failed'],
    ]);
    const [progress] = await folderProgress(t.db, box.id);
    expect(JSON.parse(stored[1]!.source_detail!)).toEqual({ mailboxId: box.id, mailbox: box.name, folder, uid: 2, uidValidity: progress!.uidValidity });
    expect(progress).toMatchObject({ folder, lastUid: 2 });
    expect((await listMailboxViews(t.db))[0]).toMatchObject({ failures: 0, lastError: null, nextPollAt: null });
    expect((await listMailboxViews(t.db))[0]!.lastPolledAt).not.toBeNull();
  });

  it('imports nothing new when polled twice, and only the new mail after that', async () => {
    await addBox();
    await dovecot.append(folder, buildMail());
    const p = poller();
    expect(await p.pollOnce()).toMatchObject({ fetched: 1, stored: 1 });
    expect(await p.pollOnce()).toMatchObject({ mailboxes: 1, fetched: 0, stored: 0 });
    await dovecot.append(folder, buildMail({ subject: 'Second report' }));
    expect(await p.pollOnce()).toMatchObject({ fetched: 1, stored: 1, duplicates: 0 });
    expect(await messages()).toHaveLength(2);
  });

  it('imports a mail someone already read, and leaves every \\Seen flag as it was', async () => {
    await addBox();
    await dovecot.append(folder, buildMail({ subject: 'Read by a colleague' }), ['\\Seen']);
    await dovecot.append(folder, buildMail({ subject: 'Not read yet' }));
    expect(await poller().pollOnce()).toMatchObject({ stored: 2 });
    expect((await messages()).map((m) => m.subject)).toEqual(['Read by a colleague', 'Not read yet']);
    expect(await flagsIn(folder)).toEqual([
      { uid: 1, seen: true },
      { uid: 2, seen: false },
    ]);
  });

  it('does not set \\Seen on the mails it fetches, also when it opens the folder read-write to move them', async () => {
    await addBox({ processedFolder: `${folder}-done` });
    await dovecot.append(folder, buildMail());
    await poller().pollOnce();
    expect(await flagsIn(`${folder}-done`)).toEqual([{ uid: 1, seen: false }]);
  });

  it('stores a mail that arrived by SMTP first and is then found in IMAP once', async () => {
    await addBox();
    const raw = buildMail({ subject: 'Delivered twice' });
    const first = await ingestMessage(t.db, raw, { source: 'smtp' });
    await dovecot.append(folder, raw);
    expect(await poller().pollOnce()).toMatchObject({ fetched: 1, stored: 0, duplicates: 1 });
    const stored = await messages();
    expect(stored.map((m) => [m.id, m.source])).toEqual([[first.messageId, 'smtp']]);
  });

  it('moves each stored mail to the processed folder, creating the folder', async () => {
    await addBox({ processedFolder: `${folder}-done` });
    await dovecot.append(folder, buildMail({ subject: 'one' }));
    await dovecot.append(folder, buildMail({ subject: 'two' }));
    expect(await poller().pollOnce()).toMatchObject({ stored: 2, failed: 0 });
    expect(await flagsIn(folder)).toEqual([]);
    expect(await flagsIn(`${folder}-done`)).toHaveLength(2);
    expect(await messages()).toHaveLength(2);
  });

  it('leaves a mail unmoved and its UID not advanced when storing it fails', async () => {
    const box = await addBox({ processedFolder: `${folder}-done` });
    await dovecot.append(folder, buildMail());
    // Breaks the store inside ingestMessage's transaction: the message insert is rolled back.
    await sql`drop table message_raw`.execute(t.db);
    expect(await poller().pollOnce()).toMatchObject({ mailboxes: 1, failed: 1, stored: 0 });
    expect(await flagsIn(folder)).toHaveLength(1);
    expect(await flagsIn(`${folder}-done`)).toEqual([]);
    expect(await messages()).toEqual([]);
    expect(await folderProgress(t.db, box.id)).toEqual([]);
    expect((await listMailboxViews(t.db))[0]).toMatchObject({ failures: 1, lastError: expect.stringMatching(/message_raw/) });
  });

  it('stores a mail over the size limit as its header plus the start of its body, flagged too large, and moves on', async () => {
    const box = await addBox();
    const body = `Backup failed.\r\n${'x'.repeat(150)}\r\n`.repeat(2_000);
    const raw = buildMail({ subject: 'Huge backup log', body });
    await dovecot.append(folder, raw);
    await dovecot.append(folder, buildMail({ subject: 'Small one after it' }));
    const p = poller({ config: { secretKey, maxMessageBytes: 100_000 } });
    expect(await p.pollOnce()).toMatchObject({ fetched: 2, stored: 2, failed: 0 });
    const [huge, small] = await messages();
    expect(huge).toMatchObject({ subject: 'Huge backup log', too_large: 1, size_bytes: raw.length, status: 'failed' });
    expect(small).toMatchObject({ too_large: 0 });
    const kept = Buffer.from(gunzipSync((await getRaw(t.db, huge!.id))!.data));
    const headerEnd = raw.indexOf('\r\n\r\n') + 4;
    expect(kept.subarray(0, headerEnd).equals(raw.subarray(0, headerEnd))).toBe(true);
    expect(kept.length).toBe(headerEnd + 64 * 1024);
    expect(JSON.parse(huge!.parse_result).trace[0]).toMatch(/stored truncated/);
    expect((await folderProgress(t.db, box.id))[0]!.lastUid).toBe(2);
    expect(await p.pollOnce()).toMatchObject({ fetched: 0 });
  });

  it('reads a folder again from the start when its UIDVALIDITY changes, storing only the new mail', async () => {
    const box = await addBox();
    const old = [buildMail({ subject: 'old one' }), buildMail({ subject: 'old two' })];
    for (const raw of old) await dovecot.append(folder, raw);
    const p = poller();
    expect(await p.pollOnce()).toMatchObject({ stored: 2 });
    const before = (await folderProgress(t.db, box.id))[0]!.uidValidity;
    // A folder deleted and re-created (as a restore or a server migration does) gets a new UIDVALIDITY.
    const client = await dovecot.client();
    await client.mailboxDelete(folder);
    await client.logout();
    for (const raw of old) await dovecot.append(folder, raw);
    await dovecot.append(folder, buildMail({ subject: 'new one' }));
    expect(await p.pollOnce()).toMatchObject({ fetched: 3, stored: 1, duplicates: 2 });
    const [after] = await folderProgress(t.db, box.id);
    expect(after!.uidValidity).not.toBe(before);
    expect(after!.lastUid).toBe(3);
    expect((await messages()).map((m) => m.subject)).toEqual(['old one', 'old two', 'new one']);
  });

  it('imports only mails received on or after the start date', async () => {
    await addBox({ since: '2024-01-01' });
    await dovecot.append(folder, buildMail({ subject: 'history' }), [], new Date('2023-06-01T10:00:00Z'));
    await dovecot.append(folder, buildMail({ subject: 'recent' }), [], new Date('2024-02-01T10:00:00Z'));
    await dovecot.append(folder, buildMail({ subject: 'older but later in the folder' }), [], new Date('2023-12-31T10:00:00Z'));
    const p = poller();
    expect(await p.pollOnce()).toMatchObject({ stored: 1 });
    expect(await p.pollOnce()).toMatchObject({ fetched: 0 });
    expect((await messages()).map((m) => m.subject)).toEqual(['recent']);
  });

  it('backs off a mailbox whose password is wrong, recording the error, while other mailboxes still poll', async () => {
    let clock = new Date('2026-12-01T08:00:00.000Z');
    const bad = await addBox({ name: 'wrong password', password: 'not-the-password' });
    await addBox({ name: 'working' });
    await dovecot.append(folder, buildMail());
    const p = poller({ intervalMs: 60_000, now: () => clock });
    expect(await p.pollOnce()).toMatchObject({ mailboxes: 2, failed: 1, stored: 1 });
    let view = (await listMailboxViews(t.db)).find((m) => m.id === bad.id)!;
    expect(view).toMatchObject({ failures: 1, nextPollAt: '2026-12-01T08:01:00.000Z', lastError: expect.stringMatching(/authentication failed/i) });
    expect(view.lastError).not.toContain('not-the-password');
    // Not due again before its back-off has passed.
    expect(await p.pollOnce()).toMatchObject({ mailboxes: 1, failed: 0 });
    clock = new Date('2026-12-01T08:01:00.000Z');
    expect(await p.pollOnce()).toMatchObject({ mailboxes: 2, failed: 1 });
    view = (await listMailboxViews(t.db)).find((m) => m.id === bad.id)!;
    expect(view).toMatchObject({ failures: 2, nextPollAt: '2026-12-01T08:03:00.000Z' });
  });

  it('resumes after a restart without fetching any mail again', async () => {
    await addBox();
    await dovecot.append(folder, buildMail());
    await dovecot.append(folder, buildMail());
    const first = poller();
    expect(await first.pollOnce()).toMatchObject({ stored: 2 });
    await first.stop();
    const second = poller();
    expect(await second.pollOnce()).toMatchObject({ mailboxes: 1, fetched: 0 });
    await dovecot.append(folder, buildMail());
    expect(await second.pollOnce()).toMatchObject({ fetched: 1, stored: 1 });
  });

  it('polls on its own every interval until stopped', async () => {
    await addBox();
    await dovecot.append(folder, buildMail());
    const p = poller({ autoPoll: true, intervalMs: 100 });
    await waitFor(async () => (await messages()).length === 1);
    await p.stop();
    await dovecot.append(folder, buildMail());
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await messages()).toHaveLength(1);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('backs a failing mailbox off for 1, 2, 4 … poll intervals, at most an hour', () => {
  expect([1, 2, 3, 4].map((failures) => backoffMs(failures, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000]);
  expect(backoffMs(7, 60_000)).toBe(3_600_000);
  expect(backoffMs(1_000, 60_000)).toBe(3_600_000);
});
