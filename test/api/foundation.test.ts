import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestUser, signIn, startTestApi, testPassword, tokenClient, type TestApi } from '../support/api.js';

describe('API foundation: sessions, CSRF, tokens, errors, OpenAPI', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api.close());

  it('answers 401 with the error envelope when no session or token is sent', async () => {
    const response = await anonymous(api).get('/api/v1/auth/session');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: null } });
  });

  it('signs in with a password and returns the session with role, permissions and CSRF token', async () => {
    const client = await signIn(api, ['operator', 'viewer']);
    const session = (await client.get('/api/v1/auth/session')).json();
    expect(session.user.roles).toEqual(['operator', 'viewer']);
    expect(session.role).toBe('operator');
    expect(session.permissions).toContain('inbox.manage');
    expect(session.permissions).not.toContain('settings.admin');
    expect(session.csrfToken).toEqual(expect.any(String));
  });

  it('refuses an unknown user with the same answer as a wrong password', async () => {
    const user = await createTestUser(api, ['viewer']);
    const unknown = await anonymous(api).post('/api/v1/auth/login', { username: 'nobody', password: 'x' });
    const wrong = await anonymous(api).post('/api/v1/auth/login', { username: user.username, password: 'not the password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(wrong.json().error);
  });

  it('refuses a change made with the session cookie but without the CSRF token', async () => {
    const client = await signIn(api, 'admin');
    const response = await client.request('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': '' });
    expect(response.statusCode).toBe(403);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const client = await signIn(api, 'admin');
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('accepts an API token as Bearer without a CSRF token, and refuses a malformed Authorization header', async () => {
    const user = await signIn(api, 'operator');
    const client = await tokenClient(api, user.userId, 'operator');
    const session = (await client.get('/api/v1/auth/session')).json();
    expect(session).toMatchObject({ role: 'operator', via: 'token', csrfToken: null });
    const bad = await anonymous(api).request('GET', '/api/v1/auth/session', undefined, { authorization: 'Basic abc' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid_token');
  });

  it('answers 400 listing each problem with its path for an invalid body, and 400 for malformed JSON', async () => {
    const invalid = await anonymous(api).post('/api/v1/auth/login', { username: '', password: 5 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual(['$.password', '$.username']);
    const malformed = await anonymous(api).request('POST', '/api/v1/auth/login', '{"username":', { 'content-type': 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
  });

  it('answers 404 in the error envelope for an unknown API path', async () => {
    const response = await anonymous(api).get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('publishes an OpenAPI 3.1 document with every route and a browsable page', async () => {
    const document = (await anonymous(api).get('/api/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    const page = await anonymous(api).get('/api/docs');
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/api/v1/auth/login');
  });
});

describe('session cookie flags', () => {
  async function loginCookie(trustProxy: boolean, headers: Record<string, string>) {
    const api = await startTestApi('sqlite', { trustProxy });
    try {
      const user = await createTestUser(api, ['viewer']);
      const response = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: user.username, password: testPassword } });
      return response.cookies.find((c) => c.name === 'bc_session')!;
    } finally {
      await api.close();
    }
  }

  it('is HttpOnly and SameSite=Strict, and not Secure over plain HTTP', async () => {
    const cookie = await loginCookie(false, {});
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
  });

  it('is Secure behind an HTTPS proxy when TRUST_PROXY is set, and ignores X-Forwarded-Proto otherwise', async () => {
    expect((await loginCookie(true, { 'x-forwarded-proto': 'https' })).secure).toBe(true);
    expect((await loginCookie(false, { 'x-forwarded-proto': 'https' })).secure).toBeFalsy();
  });
});
