import type { Db } from '../db/connect.js';
import { recordAudit, type AuditEvent } from '../repositories/audit.repository.js';
import {
  deleteMailbox,
  findMailboxById,
  findMailboxByName,
  insertMailbox,
  listFolderProgress,
  listMailboxes,
  type MailboxRow,
} from '../repositories/mailbox.repository.js';
import { mailboxPasswordBox } from './secret-box.js';

/**
 * IMAP mailboxes to poll (DESIGN §4 "IMAP safety", §13: operational settings live in the database).
 * The password is stored encrypted and never leaves this module in a view.
 */
export const tlsModes = ['implicit', 'starttls', 'none'] as const;
export type TlsMode = (typeof tlsModes)[number];

export interface MailboxInput {
  name: string;
  host: string;
  port?: number;
  tls?: TlsMode;
  username: string;
  password: string;
  folders?: string[];
  processedFolder?: string | null;
  /** YYYY-MM-DD: the first poll of a folder imports only mails received on or after this day. */
  since?: string | null;
}

/** A mailbox's settings after validation: what is stored besides the encrypted password. */
interface CleanMailbox {
  name: string;
  host: string;
  port: number;
  tls: TlsMode;
  username: string;
  folders: string[];
  processedFolder: string | null;
  since: string | null;
}

export interface MailboxView extends CleanMailbox {
  id: number;
  enabled: boolean;
  createdAt: string;
  lastPolledAt: string | null;
  lastError: string | null;
  failures: number;
  nextPollAt: string | null;
}

export interface FolderProgressView {
  folder: string;
  uidValidity: string;
  lastUid: number;
  updatedAt: string;
}

export interface Actor {
  type: AuditEvent['actorType'];
  id?: string | null;
}

export class MailboxValidationError extends Error {
  readonly code = 'mailbox_invalid';
  constructor(readonly details: string[]) {
    super(`invalid mailbox: ${details.join('; ')}`);
  }
}

export class MailboxNotFoundError extends Error {
  readonly code = 'mailbox_not_found';
}

export class MailboxConflictError extends Error {
  readonly code = 'mailbox_exists';
}

export function defaultPort(tls: TlsMode): number {
  return tls === 'implicit' ? 993 : 143;
}

export async function addMailbox(db: Db, secretKey: string, input: MailboxInput, actor: Actor, now: Date = new Date()): Promise<MailboxView> {
  const clean = validateMailbox(input);
  const at = now.toISOString();
  const passwordEnc = mailboxPasswordBox(secretKey).seal(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findMailboxByName(trx, clean.name)) throw new MailboxConflictError(`a mailbox named "${clean.name}" already exists`);
    const id = await insertMailbox(trx, {
      name: clean.name,
      host: clean.host,
      port: clean.port,
      tls: clean.tls,
      username: clean.username,
      password_enc: passwordEnc,
      folders: JSON.stringify(clean.folders),
      processed_folder: clean.processedFolder,
      start_date: clean.since,
      enabled: 1,
      created_at: at,
      failures: 0,
    });
    const view = toView((await findMailboxById(trx, id))!);
    await recordAudit(trx, { at, actorType: actor.type, actorId: actor.id ?? null, action: 'mailbox.create', entityType: 'mailbox', entityId: id, details: auditDetails(view) });
    return view;
  });
}

export async function listMailboxViews(db: Db): Promise<MailboxView[]> {
  return (await listMailboxes(db)).map(toView);
}

export async function folderProgress(db: Db, mailboxId: number): Promise<FolderProgressView[]> {
  return (await listFolderProgress(db, mailboxId)).map((r) => ({ folder: r.folder, uidValidity: r.uid_validity, lastUid: r.last_uid, updatedAt: r.updated_at }));
}

/** Removes a mailbox given its name or, for an all-digit reference, its id. Imported messages stay. */
export async function removeMailbox(db: Db, ref: string | number, actor: Actor, now: Date = new Date()): Promise<MailboxView> {
  return db.transaction().execute(async (trx) => {
    const row = await findByRef(trx, ref);
    if (!row) throw new MailboxNotFoundError(`no mailbox named or numbered "${ref}"`);
    await deleteMailbox(trx, row.id);
    const view = toView(row);
    await recordAudit(trx, { at: now.toISOString(), actorType: actor.type, actorId: actor.id ?? null, action: 'mailbox.delete', entityType: 'mailbox', entityId: row.id, details: auditDetails(view) });
    return view;
  });
}

async function findByRef(db: Db, ref: string | number): Promise<MailboxRow | undefined> {
  if (typeof ref === 'number') return findMailboxById(db, ref);
  const name = ref.trim();
  // Names are never all digits (see validateMailbox), so a numeric reference is unambiguous.
  if (/^\d+$/.test(name)) return findMailboxById(db, Number(name));
  return findMailboxByName(db, name);
}

/** Checks every field and lists every problem at once, the way configuration errors are reported. */
export function validateMailbox(input: MailboxInput): CleanMailbox {
  const problems: string[] = [];
  const name = (input.name ?? '').trim();
  if (!name) problems.push('name is required');
  else if (name.length > 100) problems.push('name must be at most 100 characters');
  else if (/^\d+$/.test(name)) problems.push('name must not be only digits (digits refer to a mailbox id)');
  else if (controlCharacters.test(name)) problems.push('name must not contain control characters (tabs, line breaks)');
  const host = (input.host ?? '').trim();
  if (!host) problems.push('host is required');
  else if (/\s/.test(host) || host.length > 253) problems.push(`host "${host}" is not a host name or address`);
  const tls = input.tls ?? 'implicit';
  if (!tlsModes.includes(tls)) problems.push(`tls must be one of ${tlsModes.join(', ')}`);
  const port = input.port ?? defaultPort(tls);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('port must be a whole number 1..65535');
  const username = input.username ?? '';
  if (!username.trim()) problems.push('username is required');
  if (!input.password) problems.push('password is required');
  const folders = [...new Set((input.folders && input.folders.length > 0 ? input.folders : ['INBOX']).map((f) => f.trim()))];
  if (folders.some((f) => !f)) problems.push('folder names must not be empty');
  if (folders.some((f) => controlCharacters.test(f))) problems.push('folder names must not contain control characters');
  if (folders.length > 50) problems.push('at most 50 folders per mailbox');
  const processedFolder = input.processedFolder?.trim() || null;
  if (processedFolder && folders.some((f) => sameFolder(f, processedFolder))) {
    // Moving a mail into a folder that is itself polled would import, move and re-scan it forever.
    problems.push(`processed folder "${processedFolder}" must not be one of the polled folders`);
  }
  const since = input.since?.trim() || null;
  if (since && !isCalendarDate(since)) problems.push(`since "${since}" must be a date as YYYY-MM-DD`);
  if (problems.length > 0) throw new MailboxValidationError(problems);
  return { name, host, port, tls, username, folders, processedFolder, since };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/;

function sameFolder(a: string, b: string): boolean {
  // INBOX is case-insensitive in IMAP (RFC 3501 §5.1); other names are compared as given.
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function toView(row: MailboxRow): MailboxView {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    tls: row.tls as TlsMode,
    username: row.username,
    folders: JSON.parse(row.folders) as string[],
    processedFolder: row.processed_folder,
    since: row.start_date,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    lastPolledAt: row.last_polled_at,
    lastError: row.last_error,
    failures: row.failures,
    nextPollAt: row.next_poll_at,
  };
}

function auditDetails(view: MailboxView) {
  const { name, host, port, tls, username, folders, processedFolder, since } = view;
  return { name, host, port, tls, username, folders, processedFolder, since };
}
