import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import type { DialectName } from '../../src/db/connect.js';
import type { Role } from '../../src/domain/roles.js';
import { buildHttpApp } from '../../src/http/app.js';
import { insertToken } from '../../src/repositories/token.repository.js';
import { insertUser } from '../../src/repositories/user.repository.js';
import { hashPassword } from '../../src/services/password.js';
import { hashSecret, newSecret } from '../../src/services/secrets.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const testPassword = 'correct horse battery staple';

export interface TestApi {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The HTTP app on a new, migrated database of the dialect; requests go through app.inject (real routing, no socket). */
export async function startTestApi(dialect: DialectName = 'sqlite', options: { trustProxy?: boolean } = {}): Promise<TestApi> {
  const database = await createTestDatabase(dialect);
  const app = buildHttpApp({ db: database.db, logger: pino({ level: 'silent' }), config: { trustProxy: options.trustProxy ?? false, publicUrl: 'http://localhost:3000', timeZone: 'UTC' } });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

let users = 0;

export async function createTestUser(api: TestApi, roles: Role[], username = `user${++users}`, password = testPassword): Promise<{ id: number; username: string; password: string }> {
  const id = await insertUser(api.database.db, { username, passwordHash: await hashPassword(password), roles, now: new Date().toISOString() });
  return { id, username, password };
}

/** A client that sends its session cookie and CSRF token (or a bearer token) with every request. */
export interface Client {
  userId: number;
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function clientOf(api: TestApi, userId: number, baseHeaders: Record<string, string>): Client {
  const request: Client['request'] = (method, url, body, headers = {}) =>
    api.app.inject({
      method,
      url,
      headers: { ...baseHeaders, ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
  return {
    userId,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    patch: (url, body) => request('PATCH', url, body),
    delete: (url) => request('DELETE', url),
  };
}

/** Signs in through POST /api/v1/auth/login as a new user holding the roles (active role: the first). */
export async function signIn(api: TestApi, roles: Role[] | Role): Promise<Client> {
  const user = await createTestUser(api, Array.isArray(roles) ? roles : [roles]);
  return signInAs(api, user);
}

export async function signInAs(api: TestApi, user: { id: number; username: string; password: string }): Promise<Client> {
  const response = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'bc_session');
  if (!cookie) throw new Error('login set no session cookie');
  return clientOf(api, user.id, { cookie: `bc_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken });
}

/** An API token stored as the tokens service stores it, and a client that sends it as Bearer. */
export async function tokenClient(api: TestApi, userId: number, role: Role): Promise<Client & { tokenId: number; token: string }> {
  const token = newSecret('bct_');
  const tokenId = await insertToken(api.database.db, {
    user_id: userId, name: 'test', role, token_hash: hashSecret(token), prefix: token.slice(0, 8), created_at: new Date().toISOString(), created_by: null, last_used_at: null, revoked_at: null,
  });
  return { ...clientOf(api, userId, { authorization: `Bearer ${token}` }), tokenId, token };
}

/** An anonymous client. */
export function anonymous(api: TestApi): Client {
  return clientOf(api, 0, {});
}
