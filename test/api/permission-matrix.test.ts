import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { routeCatalogue } from '../../src/http/route.js';
import { anonymous, createTestUser, signInAs, startTestApi, tokenClient, type Client, type TestApi } from '../support/api.js';

/**
 * Who may call each route, written out by hand from DESIGN §7 (not derived from src/domain/roles.ts,
 * so a wrong grant in the code fails here). 'public' needs no sign-in; 'any' is every signed-in role.
 */
const AOV = 'admin operator viewer';
const AO = 'admin operator';
const A = 'admin';
const any = 'admin operator reporter viewer';
const expected: Record<string, 'public' | string> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/captcha': 'public',
  'GET /api/v1/auth/setup': 'public',
  'POST /api/v1/auth/setup': 'public',
  'POST /api/v1/auth/logout': any,
  'GET /api/v1/auth/session': any,
  'PUT /api/v1/auth/role': any,
  'PATCH /api/v1/auth/profile': any,
  'POST /api/v1/auth/password': any,

  'GET /api/v1/users': A,
  'POST /api/v1/users': A,
  'GET /api/v1/users/:id': A,
  'PATCH /api/v1/users/:id': A,
  'POST /api/v1/users/:id/password': A,
  'GET /api/v1/tokens': A,
  'POST /api/v1/tokens': A,
  'DELETE /api/v1/tokens/:id': A,
  'GET /api/v1/audit': A,

  'GET /api/v1/inbox': AOV,
  'GET /api/v1/inbox/:id': AOV,
  'POST /api/v1/inbox/:id/approve': AO,
  'POST /api/v1/inbox/approve': AO,
  'DELETE /api/v1/inbox/:id': AO,
  'POST /api/v1/inbox/reparse': AO,
  'GET /api/v1/inbox/deleted': A,
  'POST /api/v1/inbox/deleted/:id/restore': A,
  'DELETE /api/v1/inbox/deleted/:id': A,
  'GET /api/v1/messages/:id': AOV,
  'GET /api/v1/messages/:id/eml': AOV,
  'GET /api/v1/messages/:id/body': AOV,

  'GET /api/v1/customers': AOV,
  'GET /api/v1/customers/:id': AOV,
  'POST /api/v1/customers': AO,
  'PATCH /api/v1/customers/:id': AO,
  'DELETE /api/v1/customers/:id': AO,
  'GET /api/v1/customers/export.csv': AO,
  'POST /api/v1/customers/import': AO,

  'GET /api/v1/jobs': AOV,
  'GET /api/v1/jobs/facets': AOV,
  'GET /api/v1/jobs/:id': AOV,
  'GET /api/v1/jobs/:id/runs': AOV,
  'GET /api/v1/runs/:id': AOV,
  'GET /api/v1/daily-jobs': AOV,
  'GET /api/v1/run-checks': AO,
  'GET /api/v1/run-checks/:id': AO,
  'POST /api/v1/run-checks/review': AO,
  'POST /api/v1/run-checks/review-green': AO,
  'POST /api/v1/runs/:id/mark-success': AO,
  'POST /api/v1/runs/:id/unreview': A,
  'POST /api/v1/jobs/:id/archive': AO,
  'POST /api/v1/jobs/:id/unarchive': A,
  'GET /api/v1/jobs/archived': A,
  'GET /api/v1/jobs/:id/delete-preview': A,
  'DELETE /api/v1/jobs/:id': A,
  'GET /api/v1/jobs/export': A,
  'POST /api/v1/jobs/import': A,
  'PUT /api/v1/jobs/:id/schedule': AO,
  'DELETE /api/v1/jobs/:id/schedule': AO,

  'GET /api/v1/customers/:id/maintenance-windows': AOV,
  'POST /api/v1/customers/:id/maintenance-windows': AO,
  'DELETE /api/v1/maintenance-windows/:id': AO,

  'GET /api/v1/overrides': AOV,
  'GET /api/v1/overrides/:id': AOV,
  'POST /api/v1/overrides': AO,
  'PATCH /api/v1/overrides/:id': AO,
  'DELETE /api/v1/overrides/:id': A,
  'GET /api/v1/runs/:id/override-proposal': AO,

  'GET /api/v1/tickets': AOV,
  'GET /api/v1/tickets/:id': AOV,
  'GET /api/v1/tickets/:id/runs': AOV,
  'POST /api/v1/tickets': AO,
  'PATCH /api/v1/tickets/:id': AO,
  'POST /api/v1/tickets/:id/resolve': AO,
  'POST /api/v1/tickets/:id/reopen': AO,
  'GET /api/v1/remarks': AOV,
  'GET /api/v1/remarks/:id': AOV,
  'GET /api/v1/remarks/:id/runs': AOV,
  'POST /api/v1/remarks': AO,
  'PATCH /api/v1/remarks/:id': AO,
  'POST /api/v1/remarks/:id/resolve': AO,
  'POST /api/v1/remarks/:id/reopen': AO,

  'GET /api/v1/dashboard': any,
  'GET /api/v1/settings/dashboard': AOV,
  'PUT /api/v1/settings/dashboard': A,

  'GET /api/v1/settings/schedule': AOV,
  'PUT /api/v1/settings/schedule': A,
};

const roles: Role[] = ['admin', 'operator', 'reporter', 'viewer'];

describe('permission matrix: every API route × each role and anonymous', () => {
  let api: TestApi;
  const sessions = new Map<Role, Client>();
  const tokens = new Map<Role, Client>();
  const users = new Map<Role, { id: number; username: string; password: string }>();

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    for (const role of roles) {
      const user = await createTestUser(api, [role], `matrix-${role}`);
      users.set(role, user);
      sessions.set(role, await signInAs(api, user));
      tokens.set(role, await tokenClient(api, user.id, role));
    }
  });
  afterAll(async () => api.close());

  const key = (spec: { method: string; url: string }) => `${spec.method} ${spec.url}`;

  it('lists every registered route in the expected table, and every table entry is a registered route', () => {
    const registered = routeCatalogue(api.app).map(key).sort();
    expect(registered.filter((r) => !(r in expected))).toEqual([]);
    expect(Object.keys(expected).filter((r) => !registered.includes(r))).toEqual([]);
  });

  /** A request that reaches the route: ids that do not exist, an empty JSON object as body. */
  async function call(client: Client, spec: { method: string; url: string }) {
    const url = spec.url.replace(/:id/g, '999999');
    return client.request(spec.method as 'GET', url, spec.method === 'GET' || spec.method === 'DELETE' ? undefined : {});
  }

  it('answers 401 to anonymous callers on every route that is not public', async () => {
    for (const spec of routeCatalogue(api.app)) {
      if (expected[key(spec)] === 'public') continue;
      const response = await call(anonymous(api), spec);
      expect(response.statusCode, key(spec)).toBe(401);
    }
  });

  for (const via of ['session', 'token'] as const) {
    it(`answers 403 to roles without the permission and lets the others through (${via})`, async () => {
      for (const spec of routeCatalogue(api.app)) {
        const allowed = expected[key(spec)];
        if (allowed === 'public' || allowed === undefined) continue;
        for (const role of roles) {
          // Signing out ends the session, so that route gets a session of its own each time.
          const client = via === 'token' ? tokens.get(role)! : spec.url.endsWith('/logout') ? await signInAs(api, users.get(role)!) : sessions.get(role)!;
          const response = await call(client, spec);
          const label = `${role} via ${via}: ${key(spec)} → ${response.statusCode} ${response.body.slice(0, 120)}`;
          if (allowed.split(' ').includes(role)) expect([401, 403], label).not.toContain(response.statusCode);
          else expect(response.statusCode, label).toBe(403);
        }
      }
    });
  }
});
