import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.js';
import type { Role } from '../../src/domain/roles.js';
import { withHeader, type FixtureMail } from '../../src/ingest/parsers/support/fixture-mail.js';
import { insertUser } from '../../src/repositories/user.repository.js';
import { startServer } from '../../src/server.js';
import { hashPassword } from '../../src/services/password.js';
import { parsersDir } from '../support/fixtures.js';
import { freePort } from '../support/ports.js';

export const password = 'correct horse battery staple';

export interface TestUser {
  id: number;
  username: string;
  password: string;
}

/**
 * The real server, started in this process as `backupchecks serve` would start it: HTTP and SMTP on
 * free ports of 127.0.0.1, a SQLite file in a temp DATA_DIR, the built web UI from dist/web.
 * A second connection to the same file lets the test create users directly.
 */
export interface E2eServer {
  baseUrl: string;
  smtpPort: number;
  dataDir: string;
  database: OpenDatabase;
  createUser(roles: Role[], username?: string): Promise<TestUser>;
  /** Sends a raw mail over a real SMTP session; answers the stored message id from the 250 reply. */
  sendMail(raw: Buffer | string): Promise<number>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bc-e2e-'));
  const httpPort = await freePort();
  const smtpPort = await freePort();
  const config = loadConfig(
    {
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_HOST: '127.0.0.1',
      SMTP_ALLOWED_NETWORKS: '127.0.0.0/8',
      DATA_DIR: dataDir,
      SECRET_KEY: 'e2e-secret-key-e2e-secret-key-e2e-secret-key',
      PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
      LOG_LEVEL: 'silent',
      TZ: 'UTC',
    },
    dataDir,
  );
  const running = await startServer(config, pino({ level: 'silent' }));
  const database = openDatabase(config.databaseUrl);
  const baseUrl = `http://127.0.0.1:${running.httpPort}`;
  const port = running.smtpPort ?? smtpPort;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'nas01.acme.example' });
  return {
    baseUrl,
    smtpPort: port,
    dataDir,
    database,
    async createUser(roles, username = `${roles.join('-')}${++userCounter}`) {
      const id = await insertUser(database.db, { username, passwordHash: await hashPassword(password), roles, now: new Date().toISOString() });
      return { id, username, password };
    },
    async sendMail(raw) {
      const info = await transport.sendMail({ envelope: { from: 'backup@acme.example', to: ['reports@msp.example'] }, raw });
      const match = /message (\d+)/.exec(info.response);
      if (!/^250 /.test(info.response) || !match) throw new Error(`unexpected SMTP reply: ${info.response}`);
      return Number(match[1]);
    },
    async close() {
      transport.close();
      await database.close();
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A real parser fixture, byte for byte as the vendor sent it, optionally with headers changed (withHeader):
 * a new Message-ID and a later Date make "a later mail of the same job". The body keeps its original
 * transfer encoding (quoted-printable, base64, HTML), so the vendor's parser reads it as in production.
 */
export function fixtureMail(parser: string, name: string, headers: Record<string, string> = {}): Buffer {
  const raw = readFileSync(join(parsersDir, parser, 'fixtures', name)).toString('latin1');
  const split = /\r?\n\r?\n/.exec(raw);
  if (!split) throw new Error(`${name}: no header/body separator`);
  let mail: FixtureMail = { headers: raw.slice(0, split.index), body: raw.slice(split.index + split[0].length) };
  for (const [header, value] of Object.entries(headers)) mail = withHeader(mail, header, value);
  return Buffer.from(`${mail.headers}\r\n\r\n${mail.body}`, 'latin1');
}

/** A signed-in API client over real HTTP (cookie session + CSRF token), for setting up and checking data. */
export interface HttpClient {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; text: string; json<T = any>(): T }>;
  get(path: string): ReturnType<HttpClient['request']>;
  post(path: string, body?: unknown): ReturnType<HttpClient['request']>;
}

export async function httpClient(baseUrl: string, user: TestUser): Promise<HttpClient> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const request: HttpClient['request'] = async (method, path, body) => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
  return { request, get: (path) => request('GET', path), post: (path, body) => request('POST', path, body ?? {}) };
}

/** The CSRF token of the page's session, for page.request calls that change something. */
export async function csrfOf(page: Page, baseUrl: string): Promise<string> {
  const response = await page.request.get(`${baseUrl}/api/v1/auth/session`);
  if (response.status() !== 200) throw new Error(`no session: ${response.status()}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** The visible link names of the main navigation, in order. */
export async function navigationLinks(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link');
  return (await links.allInnerTexts()).map((t) => t.trim());
}

/** Polls until the check returns a value other than undefined/false, or fails with the last error. */
export async function waitUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A local HTTP server that records every request it gets: a tracker that must never be contacted. */
export interface Tracker {
  port: number;
  url: string;
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

export async function startTracker(): Promise<Tracker> {
  const requests: Tracker['requests'] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('tracked');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
