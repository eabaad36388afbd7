import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appVersion } from '../version.js';
import { routeCatalogue, type Access } from './route.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
};

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property }));
}

function accessText(access: Access): string {
  if (access === 'public') return 'No sign-in needed.';
  if (access === 'signed-in') return 'Any signed-in user.';
  return `Needs permission ${access} (the roles table in the README says which roles have it).`;
}

/** OpenAPI 3.1 document of every route registered with route(), built from the same zod schemas that validate. */
export function openApiDocument(app: FastifyInstance): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routeCatalogue(app)) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: { description: spec.status === 204 ? 'No content' : 'OK' },
      '400': { description: 'Invalid input: details.problems lists each problem with its path', content: { 'application/json': { schema: errorSchema } } },
    };
    if (spec.access !== 'public') {
      responses['401'] = { description: 'No session or token', content: { 'application/json': { schema: errorSchema } } };
      responses['403'] = { description: 'Role not allowed, or missing CSRF token', content: { 'application/json': { schema: errorSchema } } };
    }
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      description: accessText(spec.access),
      tags: [spec.tag],
      'x-permission': spec.access,
      security: spec.access === 'public' ? [] : [{ session: [] }, { token: [] }],
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      ...(spec.body ? { requestBody: { required: true, content: { [spec.bodyType ?? 'application/json']: { schema: spec.bodyType ? { type: 'string' } : toSchema(spec.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'BackupChecks API', version: appVersion, description: 'Lists answer {"items","total","page","pageSize"}; errors answer {"error":{"code","message","details"}}.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'bc_session', description: 'Cookie session from POST /api/v1/auth/login; send X-CSRF-Token on changes.' },
        token: { type: 'http', scheme: 'bearer', description: 'API token created by an Admin.' },
      },
    },
    paths,
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/api/openapi.json` and `/api/docs`, a page listing every operation with its parameters and body schema. */
export function registerOpenApiRoutes(app: FastifyInstance): void {
  app.get('/api/openapi.json', async () => openApiDocument(app));
  app.get('/api/docs', async (_request, reply) => {
    const document = openApiDocument(app) as { paths: Record<string, Record<string, any>> };
    const sections = Object.entries(document.paths)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => {
          const params = (op.parameters as { name: string; in: string; required: boolean; schema: unknown }[])
            .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''}) <code>${escape(JSON.stringify(p.schema))}</code></li>`)
            .join('');
          const body = op.requestBody ? `<pre>${escape(JSON.stringify(Object.values(op.requestBody.content)[0], null, 2))}</pre>` : '';
          return `<details id="${escape(method + path)}"><summary><b>${method.toUpperCase()}</b> <code>${escape(path)}</code> — ${escape(op.summary)}</summary><p>${escape(op.description)}</p>${params ? `<ul>${params}</ul>` : ''}${body}</details>`;
        }),
      );
    reply.header('content-type', 'text/html; charset=utf-8');
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return `<!doctype html><html><head><meta charset="utf-8"><title>BackupChecks API</title><style>body{font-family:sans-serif;max-width:70rem;margin:2rem auto}details{border-bottom:1px solid #ddd;padding:.4rem}pre{background:#f5f5f5;padding:.5rem;overflow:auto}</style></head><body><h1>BackupChecks API ${escape(appVersion)}</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Authenticate with a session cookie (+ <code>X-CSRF-Token</code>) or <code>Authorization: Bearer &lt;token&gt;</code>.</p>${sections.join('\n')}</body></html>`;
  });
}
