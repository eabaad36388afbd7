import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestUser, signIn, signInAs, startTestApi, testPassword, type Client, type TestApi } from '../support/api.js';

const userShape = {
  id: expect.any(Number),
  username: expect.any(String),
  roles: expect.any(Array),
  activeRole: expect.any(String),
  theme: 'auto',
  disabled: false,
  createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  updatedAt: expect.any(String),
};

describe('user management by admins', () => {
  let api: TestApi;
  let admin: Client;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    admin = await signIn(api, 'admin');
  });
  afterAll(async () => api.close());

  const lastAudit = async (action: string) =>
    (await admin.get(`/api/v1/audit?action=${action}&pageSize=1`)).json().items[0];

  it('creates a user (201, the User shape without any password field) and audits it with the after state', async () => {
    const created = await admin.post('/api/v1/users', { username: 'Alice', password: testPassword, roles: ['viewer', 'operator'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ ...userShape, username: 'Alice', roles: ['operator', 'viewer'], activeRole: 'operator' });
    expect(created.body).not.toMatch(/password|argon/i);
    const audit = await lastAudit('user.create');
    expect(audit).toMatchObject({ actorType: 'user', userId: admin.userId, entityType: 'user', entityId: String(created.json().id), details: { after: created.json() } });
    expect((await signInAs(api, { id: created.json().id, username: 'alice', password: testPassword })).userId).toBe(created.json().id);
  });

  it('refuses a duplicate name in any letter case with 409', async () => {
    await admin.post('/api/v1/users', { username: 'bob', password: testPassword, roles: ['viewer'] });
    const duplicate = await admin.post('/api/v1/users', { username: 'BOB', password: testPassword, roles: ['viewer'] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('duplicate_username');
  });

  it('refuses invalid users with 400 listing the problem paths (no roles, unknown role, short password, bad name)', async () => {
    const noRoles = await admin.post('/api/v1/users', { username: 'carol', password: testPassword, roles: [] });
    expect(noRoles.json().error.details.problems[0].path).toBe('$.roles');
    const unknownRole = await admin.post('/api/v1/users', { username: 'carol', password: testPassword, roles: ['root'] });
    expect(unknownRole.json().error.details.problems[0].path).toBe('$.roles[0]');
    const short = await admin.post('/api/v1/users', { username: 'carol', password: 'short', roles: ['viewer'] });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.problems[0].path).toBe('$.password');
    const badName = await admin.post('/api/v1/users', { username: 'carol smith', password: testPassword, roles: ['viewer'] });
    expect(badName.json().error.details.problems[0].path).toBe('$.username');
  });

  it('lists users in the list envelope and gets one by id; 404 for an unknown id, 400 for a malformed one', async () => {
    const list = (await admin.get('/api/v1/users?pageSize=2')).json();
    expect(list).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(list.items).toHaveLength(2);
    expect(list.total).toBeGreaterThanOrEqual(3);
    const one = await admin.get(`/api/v1/users/${admin.userId}`);
    expect(one.json()).toMatchObject({ id: admin.userId, roles: ['admin'] });
    expect((await admin.get('/api/v1/users/99999')).statusCode).toBe(404);
    expect((await admin.get('/api/v1/users/abc')).statusCode).toBe(400);
  });

  it('changes roles (moving the active role to a held one) and audits before and after', async () => {
    const user = await createTestUser(api, ['operator', 'viewer']);
    const changed = await admin.patch(`/api/v1/users/${user.id}`, { roles: ['reporter'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ roles: ['reporter'], activeRole: 'reporter' });
    const audit = await lastAudit('user.update');
    expect(audit.details).toMatchObject({ before: { roles: ['operator', 'viewer'] }, after: { roles: ['reporter'] } });
  });

  it("disables a user, which ends the user's sessions at once; enabling lets them sign in again", async () => {
    const user = await createTestUser(api, ['viewer']);
    const session = await signInAs(api, user);
    const disabled = await admin.patch(`/api/v1/users/${user.id}`, { disabled: true });
    expect(disabled.json().disabled).toBe(true);
    expect((await session.get('/api/v1/auth/session')).statusCode).toBe(401);
    await expect(signInAs(api, user)).rejects.toThrow(/401/);
    expect((await admin.patch(`/api/v1/users/${user.id}`, { disabled: false })).json().disabled).toBe(false);
    expect((await signInAs(api, user)).userId).toBe(user.id);
  });

  it('refuses with 409 when an admin removes their own admin role or disables themselves', async () => {
    const removeOwn = await admin.patch(`/api/v1/users/${admin.userId}`, { roles: ['operator'] });
    expect(removeOwn.statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/users/${admin.userId}`, { disabled: true })).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/users/${admin.userId}`, { roles: ['admin', 'operator'] })).statusCode).toBe(200);
    expect((await admin.get('/api/v1/auth/session')).json().role).toBe('admin');
  });

  it('resets a password: ends all the user\'s sessions, the new password works, and the audit holds no password', async () => {
    const user = await createTestUser(api, ['viewer']);
    const session = await signInAs(api, user);
    const reset = await admin.post(`/api/v1/users/${user.id}/password`, { password: 'reset by the admin' });
    expect(reset.statusCode).toBe(200);
    expect((await session.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await signInAs(api, { ...user, password: 'reset by the admin' })).userId).toBe(user.id);
    expect(JSON.stringify(await lastAudit('user.password-reset'))).not.toContain('reset by the admin');
    expect((await admin.post('/api/v1/users/99999/password', { password: 'reset by the admin' })).statusCode).toBe(404);
  });

  it('answers 403 to every non-admin role and 401 to anonymous callers on users, tokens and audit', async () => {
    const urls = ['/api/v1/users', '/api/v1/users/1', '/api/v1/tokens', '/api/v1/audit'];
    for (const role of ['operator', 'reporter', 'viewer'] as const) {
      const client = await signIn(api, role);
      for (const url of urls) expect((await client.get(url)).statusCode, `${role} GET ${url}`).toBe(403);
      expect((await client.post('/api/v1/users', { username: 'x', password: testPassword, roles: ['admin'] })).statusCode).toBe(403);
      expect((await client.post('/api/v1/tokens', { userId: client.userId, name: 'x', role })).statusCode).toBe(403);
      expect((await client.delete('/api/v1/tokens/1')).statusCode).toBe(403);
    }
    for (const url of urls) expect((await anonymous(api).get(url)).statusCode).toBe(401);
  });

  it('lets an admin who also holds another role act as that role and then get 403 on user management', async () => {
    const user = await createTestUser(api, ['admin', 'viewer']);
    const client = await signInAs(api, user);
    await client.request('PUT', '/api/v1/auth/role', { role: 'viewer' });
    expect((await client.get('/api/v1/users')).statusCode).toBe(403);
  });
});
