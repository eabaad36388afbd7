import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/services/setup.service.js';
import { anonymous, createTestUser, signIn, startTestApi, testPassword, type Client, type TestApi } from '../support/api.js';

const bearer = (api: TestApi, token: string) => ({
  get: (url: string): Promise<LightMyRequestResponse> => api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
  post: (url: string, payload: object): Promise<LightMyRequestResponse> => api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } }),
});

describe('API tokens', () => {
  let api: TestApi;
  let admin: Client;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    admin = await signIn(api, 'admin');
  });
  afterAll(async () => api.close());

  async function createToken(userId: number, role: string, name = 'integration') {
    const response = await admin.post('/api/v1/tokens', { userId, name, role });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('creates a token (201, shown once as bct_…) that works as Bearer in its role and is listed without the secret', async () => {
    const user = await createTestUser(api, ['operator', 'viewer']);
    const created = await createToken(user.id, 'viewer');
    expect(created).toEqual({
      id: expect.any(Number), userId: user.id, username: user.username, name: 'integration', role: 'viewer', prefix: created.token.slice(0, 12),
      createdAt: expect.any(String), createdBy: expect.any(String), lastUsedAt: null, revokedAt: null, token: expect.stringMatching(/^bct_[\w-]{43}$/),
    });
    const session = await bearer(api, created.token).get('/api/v1/auth/session');
    expect(session.json()).toMatchObject({ user: { id: user.id }, role: 'viewer', via: 'token' });
    const list = (await admin.get(`/api/v1/tokens?userId=${user.id}`)).json();
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(list.items[0]).toMatchObject({ id: created.id, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toContain(created.token);
    const row = await api.database.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(created.token);
  });

  it('refuses a token in a role the user does not hold with 400, and for an unknown user with 404', async () => {
    const user = await createTestUser(api, ['viewer']);
    const refused = await admin.post('/api/v1/tokens', { userId: user.id, name: 'x', role: 'operator' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.problems).toEqual([{ path: '$.role', message: "must be one of the user's roles: viewer" }]);
    expect((await admin.post('/api/v1/tokens', { userId: 99999, name: 'x', role: 'viewer' })).statusCode).toBe(404);
  });

  it('audits a change made with a token with the token id (an admin token creating a user)', async () => {
    const owner = await createTestUser(api, ['admin']);
    const created = await createToken(owner.id, 'admin');
    const made = await bearer(api, created.token).post('/api/v1/users', { username: 'made-by-token', password: testPassword, roles: ['viewer'] });
    expect(made.statusCode).toBe(201);
    const audit = (await admin.get(`/api/v1/audit?action=user.create&entityType=user&entityId=${made.json().id}`)).json().items;
    expect(audit).toEqual([expect.objectContaining({ actorType: 'token', actor: owner.username, userId: owner.id, tokenId: created.id })]);
    expect((await admin.get(`/api/v1/audit?action=token.create&entityId=${created.id}`)).json().items[0]).toMatchObject({ actorType: 'user', userId: admin.userId });
  });

  it('revokes a token (204, audited) and refuses it with 401 from the next request on', async () => {
    const user = await createTestUser(api, ['viewer']);
    const created = await createToken(user.id, 'viewer');
    expect((await bearer(api, created.token).get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/tokens/${created.id}`)).statusCode).toBe(204);
    const refused = await bearer(api, created.token).get('/api/v1/auth/session');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_token');
    expect((await admin.get(`/api/v1/tokens?userId=${user.id}`)).json().items[0].revokedAt).toEqual(expect.any(String));
    expect((await admin.get(`/api/v1/audit?action=token.revoke&entityId=${created.id}`)).json().total).toBe(1);
    expect((await admin.delete('/api/v1/tokens/99999')).statusCode).toBe(404);
  });

  it("refuses a disabled user's token with 401 at once, and accepts it again once the user is enabled", async () => {
    const user = await createTestUser(api, ['operator']);
    const created = await createToken(user.id, 'operator');
    await admin.patch(`/api/v1/users/${user.id}`, { disabled: true });
    expect((await bearer(api, created.token).get('/api/v1/auth/session')).statusCode).toBe(401);
    await admin.patch(`/api/v1/users/${user.id}`, { disabled: false });
    expect((await bearer(api, created.token).get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('refuses a token with 403 once its role was taken from the user', async () => {
    const user = await createTestUser(api, ['operator', 'viewer']);
    const created = await createToken(user.id, 'operator');
    await admin.patch(`/api/v1/users/${user.id}`, { roles: ['viewer'] });
    expect((await bearer(api, created.token).get('/api/v1/auth/session')).statusCode).toBe(403);
  });
});

describe('accounts on postgres (smoke)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('postgres');
  });
  afterAll(async () => api.close());

  it('runs setup, user creation, a token, a captcha login and the audit log on postgres', async () => {
    const setupToken = await issueSetupToken(api.database.db, new Date());
    const setup = await anonymous(api).post('/api/v1/auth/setup', { token: setupToken, username: 'root', password: testPassword });
    expect(setup.statusCode).toBe(200);
    const cookie = `bc_session=${setup.cookies.find((c) => c.name === 'bc_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': setup.json().csrfToken };
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'ops', password: testPassword, roles: ['operator'] } });
    expect(created.statusCode).toBe(201);
    expect((await api.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'OPS', password: testPassword, roles: ['operator'] } })).statusCode).toBe(409);
    const token = await api.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { userId: created.json().id, name: 'ci', role: 'operator' } });
    expect((await bearer(api, token.json().token).get('/api/v1/auth/session')).json().role).toBe('operator');
    for (let i = 0; i < 3; i++) await anonymous(api).post('/api/v1/auth/login', { username: 'ops', password: 'wrong password' });
    expect((await anonymous(api).post('/api/v1/auth/login', { username: 'ops', password: testPassword })).json().error.code).toBe('captcha_required');
    const { captchaId, question } = (await anonymous(api).get('/api/v1/auth/captcha')).json();
    const answer = question.split(' + ').map(Number).reduce((a: number, b: number) => a + b);
    expect((await anonymous(api).post('/api/v1/auth/login', { username: 'ops', password: testPassword, captchaId, captchaAnswer: String(answer) })).statusCode).toBe(200);
    const audit = (await api.app.inject({ method: 'GET', url: '/api/v1/audit?actor=ops', headers })).json();
    // Newest first: the login, then three wrong passwords (an attempt that only lacked the captcha is not audited).
    expect(audit.items.map((e: { action: string; details: { reason?: string } }) => `${e.action} ${e.details.reason ?? ''}`.trim())).toEqual([
      'auth.login', 'auth.login-failed credentials', 'auth.login-failed credentials', 'auth.login-failed credentials',
    ]);
  });
});
