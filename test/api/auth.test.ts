import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../../src/repositories/settings.repository.js';
import { checkThrottle, recordLoginFailure, throttle, throttleKeys } from '../../src/services/login-throttle.js';
import { issueSetupToken } from '../../src/services/setup.service.js';
import { anonymous, createTestUser, signIn, signInAs, startTestApi, testPassword, tokenClient, type TestApi } from '../support/api.js';
import { createTestDatabase, dialects } from '../support/databases.js';

let addresses = 0;
/** Each test fails logins from its own address, so address counts of one test do not leak into another. */
const newAddress = () => `198.51.100.${++addresses}`;

function loginFrom(api: TestApi, address: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return api.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: body });
}

async function solveCaptcha(api: TestApi): Promise<{ captchaId: string; captchaAnswer: number }> {
  const { captchaId, question } = (await anonymous(api).get('/api/v1/auth/captcha')).json();
  const [a, b] = (/^(\d+) \+ (\d+)$/.exec(question) ?? []).slice(1).map(Number);
  return { captchaId, captchaAnswer: a! + b! };
}

describe('login throttling and captcha', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api.close());

  it('refuses logins of an account with 429 and a retry-after after 10 failures, even with the right password', async () => {
    await setSetting(api.database.db, 'login.captcha', 'off', new Date().toISOString());
    const user = await createTestUser(api, ['viewer']);
    for (let i = 0; i < throttle.accountLimit; i++) {
      // Different addresses: the account limit applies wherever the guesses come from.
      expect((await loginFrom(api, newAddress(), { username: user.username, password: 'wrong password' })).statusCode).toBe(401);
    }
    const refused = await loginFrom(api, newAddress(), { username: user.username.toUpperCase(), password: testPassword });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'too_many_requests', details: { retryAfterSeconds: expect.any(Number) } });
    expect(refused.json().error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(Number(refused.headers['retry-after'])).toBe(refused.json().error.details.retryAfterSeconds);
    await setSetting(api.database.db, 'login.captcha', 'on', new Date().toISOString());
  });

  it('refuses every login from an address with 429 after 30 failures there, while other addresses still sign in', async () => {
    await setSetting(api.database.db, 'login.captcha', 'off', new Date().toISOString());
    const address = newAddress();
    for (let i = 0; i < throttle.addressLimit; i++) {
      expect((await loginFrom(api, address, { username: `guess${i}`, password: 'wrong password' })).statusCode).toBe(401);
    }
    const user = await createTestUser(api, ['viewer']);
    expect((await loginFrom(api, address, { username: user.username, password: testPassword })).statusCode).toBe(429);
    expect((await loginFrom(api, newAddress(), { username: user.username, password: testPassword })).statusCode).toBe(200);
    await setSetting(api.database.db, 'login.captcha', 'on', new Date().toISOString());
  });

  it('requires a captcha after 3 failures, refuses a missing or wrong answer with captcha_required, and accepts the right one', async () => {
    const user = await createTestUser(api, ['viewer']);
    const address = newAddress();
    for (let i = 0; i < throttle.captchaAfter; i++) {
      const failed = await loginFrom(api, address, { username: user.username, password: 'wrong password' });
      expect(failed.json().error).toMatchObject({ code: 'invalid_credentials', details: { captchaRequired: i + 1 >= throttle.captchaAfter } });
    }
    const missing = await loginFrom(api, address, { username: user.username, password: testPassword });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('captcha_required');
    const { captchaId, captchaAnswer } = await solveCaptcha(api);
    const wrong = await loginFrom(api, address, { username: user.username, password: testPassword, captchaId, captchaAnswer: captchaAnswer + 1 });
    expect(wrong.json().error.code).toBe('captcha_required');
    // A captcha answers one attempt only: the right answer to the used captcha is refused too.
    expect((await loginFrom(api, address, { username: user.username, password: testPassword, captchaId, captchaAnswer })).json().error.code).toBe('captcha_required');
    const right = await loginFrom(api, address, { username: user.username, password: testPassword, ...(await solveCaptcha(api)) });
    expect(right.statusCode).toBe(200);
    expect(right.json().csrfToken).toEqual(expect.any(String));
  });

  it('hands out captchas without storing anything, so anonymous callers cannot use them up', async () => {
    const rows = async () => (await api.database.db.selectFrom('settings').select('key').execute()).map((r) => r.key).filter((k) => k.startsWith('captcha'));
    await solveCaptcha(api);
    const before = await rows();
    for (let i = 0; i < 200; i++) expect((await anonymous(api).get('/api/v1/auth/captcha')).statusCode).toBe(200);
    expect(await rows()).toEqual(before);
  });

  it('refuses a forged or expired captcha id', async () => {
    const user = await createTestUser(api, ['viewer']);
    const address = newAddress();
    for (let i = 0; i < throttle.captchaAfter; i++) await loginFrom(api, address, { username: user.username, password: 'wrong password' });
    const { captchaId, captchaAnswer } = await solveCaptcha(api);
    const [, nonce, mac] = captchaId.split('.');
    const longer = `${Date.now() + 3_600_000}.${nonce}.${mac}`;
    expect((await loginFrom(api, address, { username: user.username, password: testPassword, captchaId: longer, captchaAnswer })).json().error.code).toBe('captcha_required');
    const expired = `${Date.now() - 1000}.${nonce}x.${mac}`;
    expect((await loginFrom(api, address, { username: user.username, password: testPassword, captchaId: expired, captchaAnswer })).json().error.code).toBe('captcha_required');
  });

  it('neither counts nor audits an attempt that only lacks the captcha (no password was checked)', async () => {
    const user = await createTestUser(api, ['viewer']);
    const address = newAddress();
    for (let i = 0; i < throttle.captchaAfter; i++) await loginFrom(api, address, { username: user.username, password: 'wrong password' });
    const audited = async () => (await api.database.db.selectFrom('audit_events').select('id').where('action', '=', 'auth.login-failed').where('actor_id', '=', user.username).execute()).length;
    const before = await audited();
    for (let i = 0; i < 20; i++) expect((await loginFrom(api, address, { username: user.username, password: 'guess' })).json().error.code).toBe('captcha_required');
    expect(await audited()).toBe(before);
    expect((await loginFrom(api, address, { username: user.username, password: testPassword, ...(await solveCaptcha(api)) })).statusCode).toBe(200);
  });

  it('clears the account failures on a successful login, so the account needs no captcha from a fresh address', async () => {
    const user = await createTestUser(api, ['viewer']);
    const address = newAddress();
    for (let i = 0; i < throttle.captchaAfter; i++) await loginFrom(api, address, { username: user.username, password: 'wrong password' });
    expect((await loginFrom(api, newAddress(), { username: user.username, password: testPassword })).json().error.code).toBe('captcha_required');
    expect((await loginFrom(api, address, { username: user.username, password: testPassword, ...(await solveCaptcha(api)) })).statusCode).toBe(200);
    expect((await loginFrom(api, newAddress(), { username: user.username, password: testPassword })).statusCode).toBe(200);
  });

  it('asks for no captcha when the login.captcha setting is off', async () => {
    await setSetting(api.database.db, 'login.captcha', 'off', new Date().toISOString());
    const user = await createTestUser(api, ['viewer']);
    const address = newAddress();
    for (let i = 0; i < 5; i++) await loginFrom(api, address, { username: user.username, password: 'wrong password' });
    expect((await loginFrom(api, address, { username: user.username, password: testPassword })).statusCode).toBe(200);
    await setSetting(api.database.db, 'login.captcha', 'on', new Date().toISOString());
  });

  it('audits failed logins with the reason and successful logins', async () => {
    const user = await createTestUser(api, ['viewer']);
    await loginFrom(api, newAddress(), { username: user.username, password: 'wrong password' });
    await loginFrom(api, newAddress(), { username: user.username, password: testPassword });
    const rows = await api.database.db.selectFrom('audit_events').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
    expect(rows.map((r) => [r.action, JSON.parse(r.details ?? '{}').reason])).toEqual([['auth.login-failed', 'credentials'], ['auth.login', undefined]]);
  });
});

for (const dialect of dialects) {
  describe(`login failure counting on ${dialect}`, () => {
    it('counts failures per key in a window and starts a new window once it has passed', async () => {
      const database = await createTestDatabase(dialect);
      try {
        const keys = throttleKeys('Someone', '192.0.2.1');
        const start = new Date('2026-12-04T10:00:00.000Z');
        await Promise.all(Array.from({ length: throttle.accountLimit }, () => recordLoginFailure(database.db, keys, start)));
        await expect(checkThrottle(database.db, keys, new Date(start.getTime() + 60_000))).rejects.toMatchObject({ code: 'too_many_requests', details: { retryAfterSeconds: 14 * 60 } });
        const later = new Date(start.getTime() + throttle.windowMs + 1000);
        expect(await checkThrottle(database.db, keys, later)).toEqual({ captchaRequired: false });
        await recordLoginFailure(database.db, keys, later);
        const row = await database.db.selectFrom('login_failures').selectAll().where('key', '=', 'user:someone').executeTakeFirstOrThrow();
        expect(row).toMatchObject({ failures: 1, first_at: later.toISOString() });
      } finally {
        await database.drop();
      }
    });
  });
}

describe('first-start setup', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api.close());

  it('refuses a wrong or expired setup token with 401 invalid_setup_token', async () => {
    expect((await anonymous(api).get('/api/v1/auth/setup')).json()).toEqual({ needed: true });
    await issueSetupToken(api.database.db, new Date());
    const wrong = await anonymous(api).post('/api/v1/auth/setup', { token: 'not-the-token', username: 'admin', password: testPassword });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_setup_token');
    const expired = await issueSetupToken(api.database.db, new Date(Date.now() - 25 * 3600_000));
    const late = await anonymous(api).post('/api/v1/auth/setup', { token: expired, username: 'admin', password: testPassword });
    expect(late.json().error.code).toBe('invalid_setup_token');
  });

  it('creates the first admin with the token and signs them in; afterwards setup is not needed and answers 409', async () => {
    const first = await issueSetupToken(api.database.db, new Date());
    // A later start makes a new token; the earlier link stops working.
    const token = await issueSetupToken(api.database.db, new Date());
    expect((await anonymous(api).post('/api/v1/auth/setup', { token: first, username: 'Admin', password: testPassword })).statusCode).toBe(401);
    const done = await anonymous(api).post('/api/v1/auth/setup', { token, username: 'Admin', password: testPassword });
    expect(done.statusCode).toBe(200);
    const cookie = done.cookies.find((c) => c.name === 'bc_session')!;
    const session = await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `bc_session=${cookie.value}` } });
    expect(session.json()).toMatchObject({ user: { username: 'Admin', roles: ['admin'] }, role: 'admin', csrfToken: done.json().csrfToken });
    expect((await anonymous(api).get('/api/v1/auth/setup')).json()).toEqual({ needed: false });
    const again = await anonymous(api).post('/api/v1/auth/setup', { token, username: 'other', password: testPassword });
    expect(again.statusCode).toBe(409);
    expect(await issueSetupToken(api.database.db, new Date())).toBeNull();
  });
});

describe('session, role switch, profile and own password', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api.close());

  it('returns the theme with the session and changes it through the profile', async () => {
    const client = await signIn(api, 'viewer');
    expect((await client.get('/api/v1/auth/session')).json().theme).toBe('auto');
    const changed = await client.patch('/api/v1/auth/profile', { theme: 'dark' });
    expect(changed.json()).toEqual({ theme: 'dark' });
    expect((await client.get('/api/v1/auth/session')).json().theme).toBe('dark');
    expect((await client.patch('/api/v1/auth/profile', { theme: 'pink' })).statusCode).toBe(400);
  });

  it('switches the active role to another held role, remembers it for the next sign-in, and audits it', async () => {
    const user = await createTestUser(api, ['operator', 'viewer']);
    const client = await signInAs(api, user);
    const switched = await client.request('PUT', '/api/v1/auth/role', { role: 'viewer' });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ role: 'viewer' });
    expect(switched.json().permissions).not.toContain('inbox.manage');
    expect((await client.get('/api/v1/auth/session')).json().role).toBe('viewer');
    expect((await (await signInAs(api, user)).get('/api/v1/auth/session')).json().role).toBe('viewer');
    const audit = await api.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.role-switch').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toEqual({ before: { activeRole: 'operator' }, after: { activeRole: 'viewer' } });
  });

  it('refuses to switch to a role the user does not hold with 400 naming the held roles', async () => {
    const client = await signIn(api, ['operator', 'viewer']);
    const refused = await client.request('PUT', '/api/v1/auth/role', { role: 'admin' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.problems).toEqual([{ path: '$.role', message: 'must be one of your roles: operator, viewer' }]);
    expect((await client.get('/api/v1/auth/session')).json().role).toBe('operator');
  });

  it('refuses a role switch through an API token with 403 (a token acts in its fixed role)', async () => {
    const user = await createTestUser(api, ['operator', 'viewer']);
    const token = await tokenClient(api, user.id, 'operator');
    expect((await token.request('PUT', '/api/v1/auth/role', { role: 'viewer' })).statusCode).toBe(403);
  });

  it("changes the own password, ends the user's other sessions but keeps this one, and audits it", async () => {
    const user = await createTestUser(api, ['viewer']);
    const here = await signInAs(api, user);
    const elsewhere = await signInAs(api, user);
    const newPassword = 'a brand new passphrase';
    const changed = await here.post('/api/v1/auth/password', { currentPassword: user.password, newPassword });
    expect(changed.statusCode).toBe(204);
    expect((await elsewhere.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await here.get('/api/v1/auth/session')).statusCode).toBe(200);
    await expect(signInAs(api, user)).rejects.toThrow(/401/);
    expect((await signInAs(api, { ...user, password: newPassword })).userId).toBe(user.id);
    const audit = await api.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', String(user.id)).where('action', '=', 'auth.password-change').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a password change with a wrong current password or a too short new one with 400', async () => {
    const client = await signIn(api, 'viewer');
    const wrong = await client.post('/api/v1/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.problems[0].path).toBe('$.currentPassword');
    const short = await client.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.problems[0].path).toBe('$.newPassword');
  });
});
