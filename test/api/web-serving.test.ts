import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../../src/http/web.js';
import { anonymous, startTestApi, type TestApi } from '../support/api.js';

/** The built web app (npm test builds it first) as the server hands it out. */
describe('serving the web app', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html is missing: run npm run build (npm test does)`);
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api?.close());

  it('serves index.html for app paths, /index.html included, with the app CSP and no caching', async () => {
    for (const path of ['/', '/jobs/12', '/index.html', '/setup?token=x']) {
      const response = await anonymous(api).get(path);
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect((await anonymous(api).request('HEAD', '/')).statusCode).toBe(200);
  });

  it('never serves files outside the build', async () => {
    for (const path of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/src/server.ts']) {
      const response = await anonymous(api).get(path);
      expect(response.body, path).not.toContain('"name": "backupchecks"');
      expect(response.body, path).not.toContain('startServer');
    }
  });

  it('answers unknown API paths and missing assets with JSON 404', async () => {
    for (const path of ['/assets/nothing.js', '/api/v1/nothing']) {
      const response = await anonymous(api).get(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });
});
