import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isValidZone } from '../../domain/schedule/schedule.js';
import { nameTextProblem } from '../../domain/text.js';
import { exportCustomersCsv, importCustomersCsv } from '../../services/customer-csv.js';
import { changeCustomer, createCustomer, getCustomerView, listCustomerViews, removeCustomer } from '../../services/customer.service.js';
import type { HttpDeps } from '../app.js';
import { idParams, listEnvelope, pageQuery } from '../list.js';
import { route } from '../route.js';

const customerName = z.string().trim().min(1).max(200).superRefine((value, ctx) => {
  const problem = nameTextProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const listQuery = pageQuery.extend({
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
const createBody = z.object({ name: customerName, active: z.boolean().optional() });
const timeZone = z.string().max(100).refine((value) => isValidZone(value), 'must be an IANA time zone such as Europe/Amsterdam or UTC, or null for the installation\'s');
const changeBody = z.object({ name: customerName.optional(), active: z.boolean().optional(), timeZone: timeZone.nullable().optional() });
const csvBody = z.string({ error: 'send the CSV file as the body with Content-Type: text/csv' });

export function registerCustomersRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { db } = deps;
  route(app, db, {
    method: 'GET', url: '/api/v1/customers', tag: 'customers', access: 'customers.view', query: listQuery,
    summary: 'Customers sorted by name, with their job counts; q matches any part of the name, any case',
    handler: async ({ query }) => {
      const { items, total } = await listCustomerViews(db, { q: query.q || undefined, active: query.active }, query.page, query.pageSize);
      return listEnvelope(items, total, query);
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/customers', tag: 'customers', access: 'customers.manage', body: createBody, status: 201,
    summary: 'Create a customer (409 customer_exists when the name exists, ignoring case and spacing)',
    handler: async ({ actor, body, now }) => createCustomer(db, actor, body, now),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/customers/export.csv', tag: 'customers', access: 'customers.manage',
    summary: 'All customers as CSV (name,active); formula-like cells are prefixed with an apostrophe',
    handler: async ({ reply, now }) => {
      const csv = await exportCustomersCsv(db);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="customers-${now.toISOString().slice(0, 10)}.csv"`);
      return reply.send(csv);
    },
  });
  route(app, db, {
    method: 'POST', url: '/api/v1/customers/import', tag: 'customers', access: 'customers.manage', body: csvBody, bodyType: 'text/csv',
    summary: 'Create or update customers from CSV (name,active); every problem is reported and then nothing is written',
    handler: async ({ actor, body, now }) => importCustomersCsv(db, actor, body, now),
  });
  route(app, db, {
    method: 'GET', url: '/api/v1/customers/:id', tag: 'customers', access: 'customers.view', params: idParams,
    summary: 'One customer',
    handler: async ({ params }) => getCustomerView(db, params.id),
  });
  route(app, db, {
    method: 'PATCH', url: '/api/v1/customers/:id', tag: 'customers', access: 'customers.manage', params: idParams, body: changeBody,
    summary: "Rename, activate or deactivate a customer, or set its time zone (null: the installation's)",
    handler: async ({ actor, params, body, now }) => changeCustomer(db, actor, params.id, body, now),
  });
  route(app, db, {
    method: 'DELETE', url: '/api/v1/customers/:id', tag: 'customers', access: 'customers.manage', params: idParams, status: 204,
    summary: 'Delete a customer without jobs (409 customer_has_jobs with the counts otherwise)',
    handler: async ({ actor, params, now }) => removeCustomer(db, actor, params.id, now),
  });
}
