import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestUser, signIn, startTestApi, testPassword, type Client, type TestApi } from '../support/api.js';

/** Findings of an attack on the API, each kept as a test. */
describe('input hardening', () => {
  let api: TestApi;
  let operator: Client;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    operator = await signIn(api, 'operator');
  });
  afterAll(async () => api.close());

  it('refuses ids and page numbers that are not plain digits (0x10, 1e3, +1, " 1") with 400', async () => {
    for (const id of ['0x10', '1e3', '+1', '%201', '-1', '0', '1.5']) {
      const response = await operator.get(`/api/v1/customers/${id}`);
      expect(response.statusCode, id).toBe(400);
      expect(response.json().error.details.problems[0].path).toBe('params.id');
    }
    expect((await operator.get('/api/v1/customers?page=1e2')).statusCode).toBe(400);
    expect((await operator.get('/api/v1/customers?pageSize=0x10')).statusCode).toBe(400);
  });

  it('refuses customer names with control characters, unpaired surrogates or bidi overrides, and stores nothing', async () => {
    for (const name of ['a\u0000b', 'tab\there', '\ud800', '\u202eRTL']) {
      const response = await operator.post('/api/v1/customers', { name });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json().error.details.problems[0].path).toBe('$.name');
    }
    expect((await operator.get('/api/v1/customers')).json().total).toBe(0);
  });

  it('reports a CSV line with more cells than the header, and one with a NUL in the name, and imports nothing', async () => {
    const response = await operator.request('POST', '/api/v1/customers/import', 'name,active\nGood,true\nX,true,extra\nN\u0000ul,true\n', { 'content-type': 'text/csv' });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(['line 3', 'line 4, column name']);
    expect((await operator.get('/api/v1/customers')).json().total).toBe(0);
  });

  it('drops __proto__ keys from a JSON body instead of refusing it as invalid JSON', async () => {
    const response = await operator.request('POST', '/api/v1/customers', '{"name":"Proto","__proto__":{"active":false}}', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Proto', active: true });
  });

  it('refuses a body declared in a charset other than UTF-8 with 400 naming the header', async () => {
    const response = await operator.request('POST', '/api/v1/customers', Buffer.from('{"name":"Caf\xe9"}', 'latin1') as unknown as string, { 'content-type': 'application/json; charset=latin1' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.problems[0].path).toBe('headers.content-type');
  });

  it('ends the session the browser still had when the user signs in again', async () => {
    const user = await createTestUser(api, ['viewer']);
    const login = () => anonymous(api).post('/api/v1/auth/login', { username: user.username, password: testPassword });
    const first = (await login()).cookies.find((c) => c.name === 'bc_session')!.value;
    const session = (value: string) => anonymous(api).request('GET', '/api/v1/auth/session', undefined, { cookie: `bc_session=${value}` });
    expect((await session(first)).statusCode).toBe(200);
    const again = await anonymous(api).request('POST', '/api/v1/auth/login', { username: user.username, password: testPassword }, { cookie: `bc_session=${first}` });
    expect(again.statusCode).toBe(200);
    expect((await session(first)).statusCode).toBe(401);
    expect((await session(again.cookies.find((c) => c.name === 'bc_session')!.value)).statusCode).toBe(200);
  });
});
